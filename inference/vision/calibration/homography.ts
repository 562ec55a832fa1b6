import type { Point } from '../geometry/primitives';
import { invert3, multiply3, symmetricEigen } from './linalg';

/** 3×3 row-major projective map. */
export type Homography = Float64Array;

export interface PointPair {
  image: Point;
  world: Point;
}

export type CalibrationErrorCode =
  | 'calibration.error.tooFewPoints'
  | 'calibration.error.invalidPoint'
  | 'calibration.error.duplicatePoints'
  | 'calibration.error.collinearPoints'
  | 'calibration.error.degenerate'
  | 'calibration.error.folds'
  | 'calibration.error.ransacFailed'
  | 'calibration.error.invalidField';

export interface CalibrationFailure {
  ok: false;
  /** i18n key (rules area). */
  code: CalibrationErrorCode;
  /** English explanation for logs and the CLI. */
  message: string;
  /** Point indices involved, when the problem is specific points. */
  points?: number[];
}

export interface CalibrationSolution {
  ok: true;
  /** Image pixels → ground metres. */
  imageToWorld: Homography;
  /** Ground metres → image pixels. */
  worldToImage: Homography;
  /** Per input pair: distance in metres between its world point and its image point mapped to the ground. */
  errorsM: number[];
  rmsErrorM: number;
  maxErrorM: number;
  /** Pairs used in the final fit (all of them without RANSAC). */
  inliers: boolean[];
}

export type CalibrationResult = CalibrationSolution | CalibrationFailure;

export function applyHomography(h: ArrayLike<number>, p: Point): Point {
  const w = h[6] * p[0] + h[7] * p[1] + h[8];
  return [(h[0] * p[0] + h[1] * p[1] + h[2]) / w, (h[3] * p[0] + h[4] * p[1] + h[5]) / w];
}

/** The homogeneous scale at p: its sign says on which side of the map's horizon p lies. */
export function homographyW(h: ArrayLike<number>, p: Point): number {
  return h[6] * p[0] + h[7] * p[1] + h[8];
}

function fail(code: CalibrationErrorCode, message: string, points?: number[]): CalibrationFailure {
  return { ok: false, code, message, ...(points ? { points } : {}) };
}

/** Hartley normalisation: centroid to the origin, mean distance √2. */
function normaliser(pts: readonly Point[]): Float64Array {
  let cx = 0;
  let cy = 0;
  for (const p of pts) {
    cx += p[0];
    cy += p[1];
  }
  cx /= pts.length;
  cy /= pts.length;
  let d = 0;
  for (const p of pts) d += Math.hypot(p[0] - cx, p[1] - cy);
  d /= pts.length;
  const s = d > 0 ? Math.SQRT2 / d : 1;
  return Float64Array.from([s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1]);
}

function extent(pts: readonly Point[]): number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of pts) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return Math.max(maxX - minX, maxY - minY);
}

/** Twice the triangle area relative to the squared scale: 0 for collinear. */
function collinear(a: Point, b: Point, c: Point, scale: number, tol = 1e-4): boolean {
  const area2 = Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  return area2 <= tol * scale * scale;
}

/** True when some 4 of the points have no 3 collinear (needed for a unique homography). */
function hasGeneralQuad(pts: readonly Point[]): boolean {
  const n = pts.length;
  const s = extent(pts);
  if (s === 0) return false;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      for (let c = b + 1; c < n; c++) {
        if (collinear(pts[a], pts[b], pts[c], s)) continue;
        for (let d = c + 1; d < n; d++) {
          if (
            !collinear(pts[a], pts[b], pts[d], s) &&
            !collinear(pts[a], pts[c], pts[d], s) &&
            !collinear(pts[b], pts[c], pts[d], s)
          )
            return true;
        }
      }
  return false;
}

/** Checks that need no solving: count, finiteness, duplicates, collinearity. */
export function checkPairs(pairs: readonly PointPair[]): CalibrationFailure | null {
  if (pairs.length < 4) {
    return fail(
      'calibration.error.tooFewPoints',
      `a homography needs at least 4 point pairs, got ${pairs.length}`,
    );
  }
  const bad = pairs.flatMap((p, i) => ([...p.image, ...p.world].every(Number.isFinite) ? [] : [i]));
  if (bad.length)
    return fail(
      'calibration.error.invalidPoint',
      `point pairs ${bad.join(', ')} have non-numeric coordinates`,
      bad,
    );
  for (const side of ['image', 'world'] as const) {
    const pts = pairs.map((p) => p[side]);
    const tol = 1e-6 * Math.max(1, extent(pts));
    for (let i = 0; i < pts.length; i++)
      for (let j = i + 1; j < pts.length; j++) {
        if (Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]) <= tol) {
          return fail(
            'calibration.error.duplicatePoints',
            `${side} points ${i} and ${j} are the same point`,
            [i, j],
          );
        }
      }
    if (!hasGeneralQuad(pts)) {
      return fail(
        'calibration.error.collinearPoints',
        `the ${side} points do not contain 4 points with no 3 on one line; spread them over the road surface`,
      );
    }
  }
  return null;
}

/** Normalised DLT, least squares over all pairs (image → world). Null when the system is degenerate. */
export function dlt(pairs: readonly PointPair[]): Homography | null {
  const img = pairs.map((p) => p.image);
  const wld = pairs.map((p) => p.world);
  const ti = normaliser(img);
  const tw = normaliser(wld);
  const ata = new Float64Array(81);
  const row = new Float64Array(9);
  const addRow = () => {
    for (let r = 0; r < 9; r++) {
      if (row[r] === 0) continue;
      for (let c = 0; c < 9; c++) ata[r * 9 + c] += row[r] * row[c];
    }
  };
  for (let k = 0; k < pairs.length; k++) {
    const [u, v] = applyHomography(ti, img[k]);
    const [x, y] = applyHomography(tw, wld[k]);
    row.set([u, v, 1, 0, 0, 0, -x * u, -x * v, -x]);
    addRow();
    row.set([0, 0, 0, u, v, 1, -y * u, -y * v, -y]);
    addRow();
  }
  const { values, vectors } = symmetricEigen(ata, 9);
  // A second (near-)zero eigenvalue means a family of solutions: the points do not pin H down.
  if (values[1] <= 1e-10 * Math.max(values[8], 1e-300)) return null;
  const hn = Float64Array.from(vectors[0]);
  const twInv = invert3(tw);
  if (!twInv) return null;
  const h = multiply3(multiply3(twInv, hn), ti);
  const s = Math.abs(h[8]) > 1e-12 ? h[8] : Math.hypot(...h);
  for (let i = 0; i < 9; i++) h[i] /= s;
  return h;
}

function reprojectionErrors(h: Homography, pairs: readonly PointPair[]): number[] {
  return pairs.map((p) => {
    const q = applyHomography(h, p.image);
    return Math.hypot(q[0] - p.world[0], q[1] - p.world[1]);
  });
}

/** The image points must all lie on one side of the map's horizon, or the plane folds. */
function foldsOver(h: Homography, pairs: readonly PointPair[]): number[] | null {
  const signs = pairs.map((p) => Math.sign(homographyW(h, p.image)));
  const pos = signs.filter((s) => s > 0).length;
  const neg = signs.filter((s) => s < 0).length;
  if (signs.some((s) => s === 0) || (pos > 0 && neg > 0)) {
    const minority = pos >= neg ? -1 : 1;
    return signs.flatMap((s, i) => (s === minority || s === 0 ? [i] : []));
  }
  return null;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export interface SolveOptions {
  ransac?: { thresholdM: number; iterations?: number; seed?: number };
}

/**
 * Solves image → ground homography from point pairs with degenerate input rejected and the
 * per-point reprojection error in metres reported.
 */
export function solveHomography(
  pairs: readonly PointPair[],
  opts: SolveOptions = {},
): CalibrationResult {
  const pre = checkPairs(pairs);
  if (pre) return pre;

  let used = pairs.map(() => true);
  if (opts.ransac && pairs.length > 4) {
    const { thresholdM, iterations = 500, seed = 1 } = opts.ransac;
    const rnd = seeded(seed);
    let best: boolean[] | null = null;
    let bestCount = 0;
    let bestErr = Infinity;
    for (let it = 0; it < iterations; it++) {
      const idx = new Set<number>();
      while (idx.size < 4) idx.add(Math.floor(rnd() * pairs.length));
      const sample = [...idx].map((i) => pairs[i]);
      if (checkPairs(sample)) continue;
      const h = dlt(sample);
      if (!h || foldsOver(h, sample)) continue;
      const errs = reprojectionErrors(h, pairs);
      const inl = errs.map((e) => e <= thresholdM);
      const count = inl.filter(Boolean).length;
      const err = errs.reduce((s, e) => s + Math.min(e, thresholdM), 0);
      if (count > bestCount || (count === bestCount && err < bestErr)) {
        best = inl;
        bestCount = count;
        bestErr = err;
      }
    }
    if (!best || bestCount < 4) {
      return fail(
        'calibration.error.ransacFailed',
        `no 4 point pairs agree within ${thresholdM} m; check the points`,
      );
    }
    used = best;
  }

  const fitPairs = pairs.filter((_, i) => used[i]);
  const pre2 = checkPairs(fitPairs);
  if (pre2) return pre2;
  const h = dlt(fitPairs);
  if (!h)
    return fail(
      'calibration.error.degenerate',
      'the point pairs do not determine a unique ground plane mapping',
    );
  const folded = foldsOver(h, fitPairs);
  if (folded) {
    const original = folded.map((k) => pairs.indexOf(fitPairs[k]));
    return fail(
      'calibration.error.folds',
      `the mapping folds the image plane (points ${original.join(', ')} end up beyond the horizon); check the order of the points`,
      original,
    );
  }
  const inv = invert3(h);
  if (!inv) return fail('calibration.error.degenerate', 'the mapping is singular');
  const errorsM = reprojectionErrors(h, pairs);
  const usedErr = errorsM.filter((_, i) => used[i]);
  return {
    ok: true,
    imageToWorld: h,
    worldToImage: inv,
    errorsM,
    rmsErrorM: Math.sqrt(usedErr.reduce((s, e) => s + e * e, 0) / usedErr.length),
    maxErrorM: Math.max(...usedErr),
    inliers: used,
  };
}
