import type { CalibrationConfig } from '../../../electron/shared/config/calibration';
import type { Point } from '../geometry/primitives';
import { solveHomography, type CalibrationResult, type PointPair } from './homography';

export interface FieldMeasurements {
  laneWidthM: number;
  left: { near: Point; far: Point; distanceM: number };
  right: { near: Point; far: Point; distanceM: number };
}

/**
 * The field method as point pairs: ground x across the road (left edge line at 0, right at the
 * lane width), y along it from the near points.
 */
export function fieldMethodPairs(f: FieldMeasurements): PointPair[] {
  return [
    { image: f.left.near, world: [0, 0] },
    { image: f.left.far, world: [0, f.left.distanceM] },
    { image: f.right.near, world: [f.laneWidthM, 0] },
    { image: f.right.far, world: [f.laneWidthM, f.right.distanceM] },
  ];
}

/**
 * Solves a calibration config for frames of `frame` size (the config's image points are scaled
 * from its `imageSize`).
 */
export function solveCalibration(
  cfg: CalibrationConfig,
  frame?: { width: number; height: number },
): CalibrationResult {
  const sx = frame ? frame.width / cfg.imageSize.width : 1;
  const sy = frame ? frame.height / cfg.imageSize.height : 1;
  const scale = (p: readonly [number, number]): Point => [p[0] * sx, p[1] * sy];
  if (cfg.method === 'field') {
    const pairs = fieldMethodPairs({
      laneWidthM: cfg.laneWidthM,
      left: { near: scale(cfg.left.near), far: scale(cfg.left.far), distanceM: cfg.left.distanceM },
      right: {
        near: scale(cfg.right.near),
        far: scale(cfg.right.far),
        distanceM: cfg.right.distanceM,
      },
    });
    const r = solveHomography(pairs);
    if (!r.ok && r.code !== 'calibration.error.folds') {
      return {
        ok: false,
        code: 'calibration.error.invalidField',
        message: `the field measurements do not form a usable lane (${r.message}); the near points must be across the lane from each other and the far points further along it`,
      };
    }
    return r;
  }
  return solveHomography(
    cfg.points.map((p) => ({ image: scale(p.image), world: p.world })),
    cfg.ransac ? { ransac: { thresholdM: cfg.ransac.thresholdM } } : {},
  );
}
