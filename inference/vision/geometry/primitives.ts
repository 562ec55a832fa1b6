/**
 * Plane geometry in image coordinates (x right, y down, pixels). Points are `[x, y]` tuples so
 * configs (JSON) map onto them directly.
 */
export type Point = readonly [number, number];
export type Polygon = readonly Point[];

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where an object touches the ground: the anchor for zones, lines and speed. */
export function bottomCenter(b: Box): Point {
  return [(b.x1 + b.x2) / 2, b.y2];
}

export function boxCenter(b: Box): Point {
  return [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2];
}

export function boxArea(b: Box): number {
  return Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);
}

export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  if (inter === 0) return 0;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

/** z component of (b − a) × (p − a): > 0 when p is right of a→b on screen (y down), < 0 left. */
export function cross(a: Point, b: Point, p: Point): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/**
 * Even-odd point-in-polygon. Points on an edge or vertex count as inside, so an object standing
 * exactly on a zone border is not flip-flopping between in and out.
 */
export function pointInPolygon(p: Point, poly: Polygon): boolean {
  const n = poly.length;
  if (n < 3) return false;
  const [px, py] = p;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (onSegment(p, poly[j], poly[i])) return true;
    if (yi > py !== yj > py) {
      const xCross = xj + ((py - yj) * (xi - xj)) / (yi - yj);
      if (px < xCross) inside = !inside;
    }
  }
  return inside;
}

function onSegment(p: Point, a: Point, b: Point): boolean {
  const eps = 1e-9 * (1 + Math.abs(b[0] - a[0]) + Math.abs(b[1] - a[1]));
  if (Math.abs(cross(a, b, p)) > eps * Math.hypot(b[0] - a[0], b[1] - a[1])) return false;
  return (
    p[0] >= Math.min(a[0], b[0]) - eps &&
    p[0] <= Math.max(a[0], b[0]) + eps &&
    p[1] >= Math.min(a[1], b[1]) - eps &&
    p[1] <= Math.max(a[1], b[1]) + eps
  );
}

/** Direction of a crossing relative to the line a→b as seen on screen. */
export type CrossingDirection = 'left-to-right' | 'right-to-left';

/**
 * Whether the movement `from → to` crosses the segment `a → b`, and which way. Touching the line
 * without passing it is not a crossing: `from` must be strictly on one side (or on the line) and
 * `to` strictly on the other, so an object sitting on the line counts once when it leaves it.
 */
export function segmentCrossing(
  from: Point,
  to: Point,
  a: Point,
  b: Point,
): CrossingDirection | null {
  const s0 = cross(a, b, from);
  const s1 = cross(a, b, to);
  if (s1 === 0 || (s0 !== 0 && s0 < 0 === s1 < 0)) return null;
  // The movement's own line must separate a and b (or touch one of them).
  const t0 = cross(from, to, a);
  const t1 = cross(from, to, b);
  if ((t0 > 0 && t1 > 0) || (t0 < 0 && t1 < 0)) return null;
  return s1 > 0 ? 'left-to-right' : 'right-to-left';
}

export function polygonArea(poly: Polygon): number {
  let s = 0;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++)
    s += poly[j][0] * poly[i][1] - poly[i][0] * poly[j][1];
  return Math.abs(s) / 2;
}

export function scalePoint(p: Point, sx: number, sy: number): Point {
  return [p[0] * sx, p[1] * sy];
}
