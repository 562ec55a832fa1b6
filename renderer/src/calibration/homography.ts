/**
 * The calibration tool's view of the one homography solver (inference/vision/calibration): the
 * same normalised DLT, degeneracy checks (including a mapping that folds the image plane) and
 * reprojection errors the workers use, for the drafts' `{x, y}` point pairs. Points are mapped
 * with the vision `applyHomography` itself.
 */
import type { DraftPointPair } from '../../../electron/shared/api/methods/calibration';
import {
  solveHomography as solve,
  type CalibrationErrorCode,
} from '../../../inference/vision/calibration/homography';
import { invert3 } from '../../../inference/vision/calibration/linalg';

/** Row-major 3×3, image pixels → metres. */
export type Homography = number[];

export type SolveResult =
  | { ok: true; H: Homography; errorsM: number[]; rmsM: number }
  /** `code` is an i18n key (calibration.error.*), `params` fills its placeholders. */
  | {
      ok: false;
      code: CalibrationErrorCode;
      message: string;
      params: Record<string, string | number>;
    };

export function invertHomography(H: Homography): Homography | undefined {
  const inv = invert3(H);
  return inv && inv.every(Number.isFinite) ? Array.from(inv) : undefined;
}

export function solveHomography(pairs: DraftPointPair[]): SolveResult {
  const r = solve(
    pairs.map((p) => ({ image: [p.image.x, p.image.y], world: [p.world.x, p.world.y] })),
  );
  if (!r.ok) {
    // Point numbers as the operator sees them (1-based) for the message placeholders.
    const [a, b, c] = (r.points ?? []).map((i) => i + 1);
    const params: Record<string, string | number> = { count: pairs.length };
    if (a !== undefined) params.a = a;
    if (b !== undefined) params.b = b;
    if (c !== undefined) params.c = c;
    return { ok: false, code: r.code, message: r.message, params };
  }
  return { ok: true, H: Array.from(r.imageToWorld), errorsM: r.errorsM, rmsM: r.rmsErrorM };
}

/** World extent of the points plus a margin, for the bird's-eye preview's metre grid. */
export function worldBounds(
  pairs: DraftPointPair[],
  marginM = 2,
): { minX: number; minY: number; maxX: number; maxY: number } {
  const xs = pairs.map((p) => p.world.x);
  const ys = pairs.map((p) => p.world.y);
  return {
    minX: Math.min(...xs) - marginM,
    minY: Math.min(...ys) - marginM,
    maxX: Math.max(...xs) + marginM,
    maxY: Math.max(...ys) + marginM,
  };
}

/**
 * Length of the scale bar for a view `metresAcross` wide: the largest 1-2-5 step that takes at
 * most a third of the view, so the bar reads as a round number of metres.
 */
export function scaleBarMetres(metresAcross: number): number {
  if (!(metresAcross > 0) || !Number.isFinite(metresAcross)) return 0;
  const target = metresAcross / 3;
  const base = 10 ** Math.floor(Math.log10(target));
  const step = [5, 2, 1].find((f) => f * base <= target) ?? 1;
  return step * base;
}
