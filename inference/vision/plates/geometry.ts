/**
 * Plane geometry for plate localisation: quadrilaterals, minimum-area rectangles, polygon
 * offsetting (DB "unclip") and the 4-point homography that rectifies a plate. Points and boxes are
 * the shared image-plane ones (`[x, y]` tuples, `{x1, y1, x2, y2}` boxes). Pure and allocation-light.
 */
import type { Box, Point } from '../geometry/primitives';

/** Four corners in order top-left, top-right, bottom-right, bottom-left (image coordinates, y down). */
export type Quad = [Point, Point, Point, Point];

export function dist(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export function quadBounds(q: readonly Point[]): Box {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of q) {
    x1 = Math.min(x1, p[0]);
    y1 = Math.min(y1, p[1]);
    x2 = Math.max(x2, p[0]);
    y2 = Math.max(y2, p[1]);
  }
  return { x1, y1, x2, y2 };
}

/** Mean width (top and bottom edges) and mean height (left and right edges) of a quad. */
export function quadSize(q: Quad): { width: number; height: number } {
  return {
    width: (dist(q[0], q[1]) + dist(q[3], q[2])) / 2,
    height: (dist(q[0], q[3]) + dist(q[1], q[2])) / 2,
  };
}

export function polygonArea(pts: readonly Point[]): number {
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const q = pts[(i + 1) % pts.length];
    a += p[0] * q[1] - q[0] * p[1];
  }
  return Math.abs(a) / 2;
}

export function polygonPerimeter(pts: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < pts.length; i++) s += dist(pts[i], pts[(i + 1) % pts.length]);
  return s;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in a y-up frame. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Orders four corners as TL, TR, BR, BL: the two left-most points are the left side (top one
 * first), which stays right for text lines tilted by less than 45°.
 */
export function orderQuad(pts: readonly Point[]): Quad {
  const byX = [...pts].sort((a, b) => a[0] - b[0]);
  const [l0, l1] = byX[0][1] <= byX[1][1] ? [byX[0], byX[1]] : [byX[1], byX[0]];
  const [r0, r1] = byX[2][1] <= byX[3][1] ? [byX[2], byX[3]] : [byX[3], byX[2]];
  return [l0, r0, r1, l1];
}

/** Minimum-area enclosing rectangle of a convex hull (rotating edges), as an ordered quad. */
export function minAreaRect(hull: readonly Point[]): Quad {
  if (hull.length === 0) throw new Error('minAreaRect: no points');
  if (hull.length < 3) {
    const b = quadBounds(hull);
    return orderQuad([
      [b.x1, b.y1],
      [b.x2, b.y1],
      [b.x2, b.y2],
      [b.x1, b.y2],
    ]);
  }
  let best: Quad | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const len = dist(a, b);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const corner = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux];
      best = orderQuad([
        corner(minU, minV),
        corner(maxU, minV),
        corner(maxU, maxV),
        corner(minU, maxV),
      ]);
    }
  }
  return best!;
}

/**
 * A general quadrilateral hugging the hull: for each corner of the minimum-area rectangle, the hull
 * point closest to it. A plate seen at an angle projects as a trapezoid or parallelogram; this keeps
 * that shape so the homography can undo the perspective, where the rectangle would only undo rotation.
 */
export function hullQuad(hull: readonly Point[], rect: Quad): Quad {
  if (hull.length < 4) return rect;
  const out = rect.map((c) => {
    let best = hull[0];
    let bd = Infinity;
    for (const p of hull) {
      const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2;
      if (d < bd) {
        bd = d;
        best = p;
      }
    }
    return best;
  }) as Quad;
  // Degenerate when two corners picked the same hull point: fall back to the rectangle.
  const seen = new Set(out.map((p) => `${p[0]},${p[1]}`));
  if (seen.size < 4 || polygonArea(out) < 0.5 * polygonArea(rect)) return rect;
  return out;
}

/**
 * Offsets a convex quad outwards: edge lines move out by `d` and the new corners are their
 * intersections (the DB "unclip" with distance area × ratio / perimeter, on a quad).
 */
export function offsetQuad(q: Quad, d: number): Quad {
  // Signed area decides which side of each edge is outside.
  let s = 0;
  for (let i = 0; i < 4; i++) s += q[i][0] * q[(i + 1) % 4][1] - q[(i + 1) % 4][0] * q[i][1];
  const sign = s >= 0 ? 1 : -1;
  const lines = q.map((a, i) => {
    const b = q[(i + 1) % 4];
    const len = dist(a, b) || 1;
    // Outward normal for a polygon with positive signed area in y-down coordinates.
    const nx = (sign * (b[1] - a[1])) / len;
    const ny = (sign * -(b[0] - a[0])) / len;
    const p: Point = [a[0] + nx * d, a[1] + ny * d];
    return { p, dx: b[0] - a[0], dy: b[1] - a[1] };
  });
  const out: Point[] = [];
  for (let i = 0; i < 4; i++) {
    const l1 = lines[(i + 3) % 4];
    const l2 = lines[i];
    const den = l1.dx * l2.dy - l1.dy * l2.dx;
    if (Math.abs(den) < 1e-9) {
      out.push(l2.p);
      continue;
    }
    const t = ((l2.p[0] - l1.p[0]) * l2.dy - (l2.p[1] - l1.p[1]) * l2.dx) / den;
    out.push([l1.p[0] + t * l1.dx, l1.p[1] + t * l1.dy]);
  }
  return out as Quad;
}

/**
 * Grows a quad about its own edges: each corner moves away along its two edges so the quad becomes
 * about `sx` times wider and `sy` times taller, keeping a trapezoid a trapezoid.
 */
export function scaleQuad(q: Quad, sx: number, sy: number): Quad {
  const [tl, tr, br, bl] = q;
  const move = (p: Point, h: Point, v: Point): Point => [
    p[0] + ((p[0] - h[0]) * (sx - 1)) / 2 + ((p[0] - v[0]) * (sy - 1)) / 2,
    p[1] + ((p[1] - h[1]) * (sx - 1)) / 2 + ((p[1] - v[1]) * (sy - 1)) / 2,
  ];
  return [move(tl, tr, bl), move(tr, tl, br), move(br, bl, tr), move(bl, br, tl)];
}

/**
 * Homography mapping `src[i]` to `dst[i]` (4 point pairs), as a row-major 3×3 with h[8] = 1.
 * Returns undefined for degenerate (collinear) input.
 */
export function homography(src: readonly Point[], dst: readonly Point[]): Float64Array | undefined {
  // 8×9 augmented system, Gaussian elimination with partial pivoting.
  const m: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i];
    const [u, v] = dst[i];
    m.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    m.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let piv = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    if (Math.abs(m[piv][c]) < 1e-12) return undefined;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 9; k++) m[r][k] -= f * m[c][k];
    }
  }
  const h = new Float64Array(9);
  for (let i = 0; i < 8; i++) h[i] = m[i][8] / m[i][i];
  h[8] = 1;
  return h;
}
