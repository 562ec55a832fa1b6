/**
 * Image↔road-plane homography for the calibration tool: normalised DLT solved by least squares,
 * per-point reprojection error in metres, and a degeneracy check with a reason the UI can show.
 * Pure functions on plain numbers; H is row-major length 9 and maps image pixels to metres.
 */

export interface Pt {
  x: number;
  y: number;
}

export interface PointPair {
  image: Pt;
  world: Pt;
}

export type Homography = number[];

export type SolveResult =
  | { ok: true; H: Homography; errorsM: number[]; rmsM: number }
  | {
      ok: false;
      reason: 'too-few' | 'collinear-image' | 'collinear-world' | 'duplicate' | 'singular';
    };

export function applyHomography(H: Homography, p: Pt): Pt {
  const w = H[6] * p.x + H[7] * p.y + H[8];
  return { x: (H[0] * p.x + H[1] * p.y + H[2]) / w, y: (H[3] * p.x + H[4] * p.y + H[5]) / w };
}

export function invertHomography(H: Homography): Homography | undefined {
  const [a, b, c, d, e, f, g, h, i] = H;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return undefined;
  const inv = [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ];
  return inv.map((v) => v / det);
}

/** Twice the triangle area; 0 when collinear. */
function cross(a: Pt, b: Pt, c: Pt): number {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/** True when every point lies (within tol × spread) on one line. */
function allCollinear(pts: Pt[]): boolean {
  let maxD = 0;
  let a = pts[0];
  let b = pts[0];
  for (const p of pts)
    for (const q of pts) {
      const d = Math.hypot(p.x - q.x, p.y - q.y);
      if (d > maxD) [maxD, a, b] = [d, p, q];
    }
  if (maxD === 0) return true;
  return pts.every((p) => Math.abs(cross(a, b, p)) / maxD < maxD * 0.01);
}

/** Four points with three on one line cannot fix a homography even if the four are not collinear. */
function hasCollinearTriple(pts: Pt[]): boolean {
  for (let i = 0; i < pts.length; i++)
    for (let j = i + 1; j < pts.length; j++)
      for (let k = j + 1; k < pts.length; k++) {
        const span = Math.max(
          Math.hypot(pts[i].x - pts[j].x, pts[i].y - pts[j].y),
          Math.hypot(pts[i].x - pts[k].x, pts[i].y - pts[k].y),
          1e-9,
        );
        if (Math.abs(cross(pts[i], pts[j], pts[k])) < span * span * 0.005) return true;
      }
  return false;
}

function normaliser(pts: Pt[]): { T: Homography; apply(p: Pt): Pt } {
  const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  const mean = pts.reduce((s, p) => s + Math.hypot(p.x - cx, p.y - cy), 0) / pts.length || 1;
  const s = Math.SQRT2 / mean;
  return {
    T: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1],
    apply: (p) => ({ x: s * (p.x - cx), y: s * (p.y - cy) }),
  };
}

function mul3(A: Homography, B: Homography): Homography {
  const r = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 3; k++) r[i * 3 + j] += A[i * 3 + k] * B[k * 3 + j];
  return r;
}

/** Solves the n×n system in place by Gaussian elimination with partial pivoting. */
function solveLinear(A: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[piv * n + c])) piv = r;
    if (Math.abs(A[piv * n + c]) < 1e-12) return undefined;
    if (piv !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[piv * n + k]] = [A[piv * n + k], A[c * n + k]];
      [b[c], b[piv]] = [b[piv], b[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / A[c * n + c];
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r * n + k] * x[k];
    x[r] = s / A[r * n + r];
  }
  return x;
}

/** Least-squares homography (h33 = 1) from ≥ 4 pairs, with Hartley normalisation on both sides. */
export function solveHomography(pairs: PointPair[]): SolveResult {
  if (pairs.length < 4) return { ok: false, reason: 'too-few' };
  const img = pairs.map((p) => p.image);
  const wld = pairs.map((p) => p.world);
  const dup = (pts: Pt[]) =>
    pts.some((p, i) => pts.some((q, j) => j > i && Math.hypot(p.x - q.x, p.y - q.y) < 1e-6));
  if (dup(img) || dup(wld)) return { ok: false, reason: 'duplicate' };
  if (allCollinear(img) || (pairs.length === 4 && hasCollinearTriple(img)))
    return { ok: false, reason: 'collinear-image' };
  if (allCollinear(wld) || (pairs.length === 4 && hasCollinearTriple(wld)))
    return { ok: false, reason: 'collinear-world' };

  const ni = normaliser(img);
  const nw = normaliser(wld);
  // Normal equations of the 2n×8 DLT system.
  const AtA = new Float64Array(64);
  const Atb = new Float64Array(8);
  for (const pair of pairs) {
    const { x, y } = ni.apply(pair.image);
    const { x: u, y: v } = nw.apply(pair.world);
    const rows: Array<[number[], number]> = [
      [[x, y, 1, 0, 0, 0, -u * x, -u * y], u],
      [[0, 0, 0, x, y, 1, -v * x, -v * y], v],
    ];
    for (const [r, rhs] of rows) {
      for (let i = 0; i < 8; i++) {
        Atb[i] += r[i] * rhs;
        for (let j = 0; j < 8; j++) AtA[i * 8 + j] += r[i] * r[j];
      }
    }
  }
  const h = solveLinear(AtA, Atb, 8);
  if (!h || !h.every(Number.isFinite)) return { ok: false, reason: 'singular' };
  const Hn = [...h, 1];
  const TwInv = invertHomography(nw.T);
  if (!TwInv) return { ok: false, reason: 'singular' };
  let H = mul3(mul3(TwInv, Hn), ni.T);
  const scale = H[8];
  if (Math.abs(scale) < 1e-12) return { ok: false, reason: 'singular' };
  H = H.map((v) => v / scale);
  const errorsM = pairs.map((p) => {
    const q = applyHomography(H, p.image);
    return Math.hypot(q.x - p.world.x, q.y - p.world.y);
  });
  if (!errorsM.every(Number.isFinite)) return { ok: false, reason: 'singular' };
  const rmsM = Math.sqrt(errorsM.reduce((s, e) => s + e * e, 0) / errorsM.length);
  return { ok: true, H, errorsM, rmsM };
}

/** Metre-grid lines within the world bounds, for the bird's-eye preview. */
export function worldBounds(
  pairs: PointPair[],
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
