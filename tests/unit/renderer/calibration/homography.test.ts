import { describe, expect, it } from 'vitest';
import { invertHomography, solveHomography } from '../../../../renderer/src/calibration/homography';
import { applyHomography } from '../../../../inference/vision/calibration/homography';
import type { DraftPointPair } from '../../../../electron/shared/api/methods/calibration';

// A known perspective map (image px → metres) to generate exact pairs from.
const H_TRUE = [0.05, 0.01, -3, 0.002, 0.12, -10, 0.0001, 0.004, 1];
const inv = invertHomography(H_TRUE)!;
const pairFor = (wx: number, wy: number): DraftPointPair => {
  const [x, y] = applyHomography(inv, [wx, wy]);
  return { image: { x, y }, world: { x: wx, y: wy } };
};

describe('solveHomography', () => {
  it('recovers an exact homography from 4 pairs with ~0 reprojection error', () => {
    const pairs = [pairFor(0, 0), pairFor(3.5, 0), pairFor(3.5, 20), pairFor(0, 20)];
    const r = solveHomography(pairs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rmsM).toBeLessThan(1e-6);
    const { image } = pairFor(1.75, 10);
    const p = applyHomography(r.H, [image.x, image.y]);
    expect(p[0]).toBeCloseTo(1.75, 6);
    expect(p[1]).toBeCloseTo(10, 6);
  });

  it('fits more than 4 pairs by least squares and shows a mistyped coordinate as error', () => {
    const good = [
      pairFor(0, 0),
      pairFor(3.5, 0),
      pairFor(3.5, 20),
      pairFor(0, 20),
      pairFor(7, 10),
      pairFor(0, 10),
      pairFor(7, 5),
    ];
    const exact = solveHomography(good);
    expect(exact.ok && exact.rmsM).toBeLessThan(1e-6);
    const typo = good.map((p, i) => (i === 4 ? { ...p, world: { x: 7.8, y: 10 } } : p)); // 0.8 m off
    const r = solveHomography(typo);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.errorsM).toHaveLength(7);
    expect(r.rmsM).toBeGreaterThan(0.05);
    expect(Math.max(...r.errorsM)).toBeGreaterThan(0.1);
  });

  it('explains degenerate input', () => {
    expect(solveHomography([pairFor(0, 0), pairFor(1, 0), pairFor(1, 1)])).toMatchObject({
      ok: false,
      code: 'calibration.error.tooFewPoints',
      params: { count: 3 },
    });
    const collinear = [0, 1, 2, 3].map((i) => ({
      image: { x: 10 + i * 50, y: 100 + i * 20 },
      world: { x: i, y: i * i },
    }));
    expect(solveHomography(collinear)).toMatchObject({
      ok: false,
      code: 'calibration.error.collinearPoints',
    });
    const three = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 200, y: 0 },
      { x: 100, y: 100 },
    ].map((image, i) => ({
      image,
      world: [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 1, y: 1 },
        { x: 0, y: 1 },
      ][i],
    }));
    expect(solveHomography(three)).toMatchObject({
      ok: false,
      code: 'calibration.error.collinearPoints',
    });
    const worldLine = [pairFor(0, 0), pairFor(3.5, 0), pairFor(3.5, 20), pairFor(0, 20)].map(
      (p, i) => ({ ...p, world: { x: i, y: 2 * i } }),
    );
    expect(solveHomography(worldLine)).toMatchObject({
      ok: false,
      code: 'calibration.error.collinearPoints',
    });
    const dup = [pairFor(0, 0), pairFor(0, 0), pairFor(3.5, 20), pairFor(0, 20)];
    expect(solveHomography(dup)).toMatchObject({
      ok: false,
      code: 'calibration.error.duplicatePoints',
      params: { a: 1, b: 2 },
    });
  });

  it('inverts homographies and refuses singular ones', () => {
    const back = applyHomography(inv, applyHomography(H_TRUE, [123, 45]));
    expect(back[0]).toBeCloseTo(123, 6);
    expect(back[1]).toBeCloseTo(45, 6);
    expect(invertHomography([1, 2, 3, 2, 4, 6, 0, 0, 1])).toBeUndefined();
  });
});

describe("bird's-eye scale bar", () => {
  it('is a round 1-2-5 number of metres, at most a third of the view', async () => {
    const { scaleBarMetres } = await import('../../../../renderer/src/calibration/homography');
    expect(scaleBarMetres(30)).toBe(10);
    expect(scaleBarMetres(20)).toBe(5);
    expect(scaleBarMetres(7)).toBe(2);
    expect(scaleBarMetres(100)).toBe(20);
    expect(scaleBarMetres(2)).toBe(0.5);
    expect(scaleBarMetres(0)).toBe(0);
    expect(scaleBarMetres(Number.NaN)).toBe(0);
  });
});
