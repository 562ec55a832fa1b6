import { describe, it, expect } from 'vitest';
import {
  applyHomography,
  solveHomography,
  type PointPair,
} from '../../../../inference/vision/calibration/homography';
import {
  fieldMethodPairs,
  solveCalibration,
} from '../../../../inference/vision/calibration/calibrate';
import { pinholeGroundToImage } from '../../../../inference/vision/calibration/pinhole';
import { invert3 } from '../../../../inference/vision/calibration/linalg';
import { calibrationConfigSchema } from '../../../../electron/shared/config/calibration';
import type { Point } from '../../../../inference/vision/geometry/primitives';

const cam = pinholeGroundToImage({
  heightM: 8,
  tiltDeg: 12,
  focalPx: 800,
  cx: 640,
  cy: 360,
  setbackM: 5,
});
const toImage = (p: Point) => applyHomography(cam, p);
const pair = (x: number, y: number): PointPair => ({ image: toImage([x, y]), world: [x, y] });

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('solveHomography', () => {
  it('recovers the camera exactly from 4 points and round-trips image ↔ world', () => {
    const r = solveHomography([pair(-5, 10), pair(5, 10), pair(5, 60), pair(-5, 60)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const w of [
      [0, 30],
      [-7, 15],
      [3.3, 80],
      [10, 5],
    ] as Point[]) {
      const img = toImage(w);
      const back = applyHomography(r.imageToWorld, img);
      expect(back[0]).toBeCloseTo(w[0], 6);
      expect(back[1]).toBeCloseTo(w[1], 6);
      const again = applyHomography(r.worldToImage, back);
      expect(again[0]).toBeCloseTo(img[0], 6);
      expect(again[1]).toBeCloseTo(img[1], 6);
    }
    expect(r.maxErrorM).toBeLessThan(1e-6);
  });

  it('solves more points by least squares and reports per-point error in metres', () => {
    const rnd = rng(3);
    const pairs: PointPair[] = [];
    for (const y of [10, 25, 40, 60])
      for (const x of [-5, 0, 5]) {
        const img = toImage([x, y]);
        pairs.push({ image: [img[0] + (rnd() - 0.5), img[1] + (rnd() - 0.5)], world: [x, y] });
      }
    const r = solveHomography(pairs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.errorsM).toHaveLength(12);
    expect(r.rmsErrorM).toBeGreaterThan(0);
    expect(r.rmsErrorM).toBeLessThan(0.3);
    const mid = applyHomography(r.imageToWorld, toImage([0, 30]));
    expect(Math.hypot(mid[0], mid[1] - 30)).toBeLessThan(0.2);
  });

  it('RANSAC leaves out a mis-clicked point', () => {
    const pairs = [
      pair(-5, 10),
      pair(5, 10),
      pair(5, 60),
      pair(-5, 60),
      pair(0, 30),
      pair(-3, 45),
      pair(4, 20),
    ];
    pairs[4] = { image: [pairs[4].image[0] + 60, pairs[4].image[1] - 40], world: pairs[4].world };
    const plain = solveHomography(pairs);
    const robust = solveHomography(pairs, { ransac: { thresholdM: 0.3 } });
    expect(plain.ok && robust.ok).toBe(true);
    if (!plain.ok || !robust.ok) return;
    expect(robust.inliers).toEqual([true, true, true, true, false, true, true]);
    expect(robust.rmsErrorM).toBeLessThan(1e-6);
    expect(robust.errorsM[4]).toBeGreaterThan(1);
    expect(plain.rmsErrorM).toBeGreaterThan(0.1);
  });

  it('rejects fewer than 4 points', () => {
    const r = solveHomography([pair(0, 10), pair(1, 10), pair(0, 20)]);
    expect(r).toMatchObject({ ok: false, code: 'calibration.error.tooFewPoints' });
  });

  it('rejects duplicate points, naming them', () => {
    const r = solveHomography([
      pair(0, 10),
      pair(1, 10),
      pair(0, 20),
      { image: toImage([0, 10]), world: [7, 7] },
    ]);
    expect(r).toMatchObject({
      ok: false,
      code: 'calibration.error.duplicatePoints',
      points: [0, 3],
    });
    const r2 = solveHomography([
      pair(0, 10),
      pair(1, 10),
      pair(0, 20),
      { image: [5, 5], world: [1, 10] },
    ]);
    expect(r2).toMatchObject({
      ok: false,
      code: 'calibration.error.duplicatePoints',
      points: [1, 3],
    });
  });

  it('rejects collinear points (all on a line, or 3 of 4 on a line)', () => {
    expect(
      solveHomography([pair(0, 10), pair(0, 20), pair(0, 30), pair(0, 40), pair(0, 50)]),
    ).toMatchObject({
      ok: false,
      code: 'calibration.error.collinearPoints',
    });
    expect(solveHomography([pair(0, 10), pair(0, 20), pair(0, 30), pair(4, 15)])).toMatchObject({
      ok: false,
      code: 'calibration.error.collinearPoints',
    });
    // Five points of which only 3 are off one line is fine as long as some 4 are in general position.
    expect(
      solveHomography([pair(0, 10), pair(0, 20), pair(0, 30), pair(4, 15), pair(-4, 40)]).ok,
    ).toBe(true);
  });

  it('rejects a result that folds the image plane (points clicked in crossed order)', () => {
    const good = [pair(-5, 10), pair(5, 10), pair(5, 60), pair(-5, 60)];
    const crossed = [
      good[0],
      good[1],
      { image: good[3].image, world: good[2].world },
      { image: good[2].image, world: good[3].world },
    ];
    const r = solveHomography(crossed);
    expect(r).toMatchObject({ ok: false, code: 'calibration.error.folds' });
  });
});

describe('field method and config', () => {
  it('two distances along the road plus the lane width give the same mapping', () => {
    const f = {
      laneWidthM: 3.5,
      left: { near: toImage([0, 12]), far: toImage([0, 24]), distanceM: 12 },
      right: { near: toImage([3.5, 12]), far: toImage([3.5, 21]), distanceM: 9 },
    };
    expect(fieldMethodPairs(f)).toHaveLength(4);
    const cfg = calibrationConfigSchema.parse({
      method: 'field',
      imageSize: { width: 1280, height: 720 },
      ...f,
    });
    const r = solveCalibration(cfg);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Distances measured with it match the true ones (origin shifted by 12 m along the road).
    const a = applyHomography(r.imageToWorld, toImage([1, 30]));
    const b = applyHomography(r.imageToWorld, toImage([1, 50]));
    expect(Math.hypot(b[0] - a[0], b[1] - a[1])).toBeCloseTo(20, 6);
  });

  it('a bad field measurement is a clear error', () => {
    const p = toImage([0, 12]);
    const cfg = calibrationConfigSchema.parse({
      method: 'field',
      imageSize: { width: 1280, height: 720 },
      laneWidthM: 3.5,
      left: { near: p, far: p, distanceM: 12 },
      right: { near: toImage([3.5, 12]), far: toImage([3.5, 21]), distanceM: 9 },
    });
    expect(solveCalibration(cfg)).toMatchObject({
      ok: false,
      code: 'calibration.error.invalidField',
    });
  });

  it('scales image points from the config size to the frame size', () => {
    const pts = [
      [-5, 10],
      [5, 10],
      [5, 60],
      [-5, 60],
    ].map(([x, y]) => ({ image: toImage([x, y]), world: [x, y] }));
    const cfg = calibrationConfigSchema.parse({
      method: 'points',
      imageSize: { width: 1280, height: 720 },
      points: pts,
    });
    const r = solveCalibration(cfg, { width: 640, height: 360 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const img = toImage([2, 33]);
    const w = applyHomography(r.imageToWorld, [img[0] / 2, img[1] / 2]);
    expect(w[0]).toBeCloseTo(2, 6);
    expect(w[1]).toBeCloseTo(33, 6);
  });

  it('the schema rejects fewer than 4 pairs with a readable message', () => {
    const res = calibrationConfigSchema.safeParse({
      method: 'points',
      imageSize: { width: 10, height: 10 },
      points: [],
    });
    expect(res.success).toBe(false);
    expect(JSON.stringify(res.error?.issues)).toMatch(/at least 4/);
    expect(invert3([1, 2, 3, 2, 4, 6, 0, 0, 1])).toBeNull();
  });
});
