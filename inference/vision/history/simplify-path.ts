/** A path point [x, y]. */
export type PathPoint = readonly [number, number];

function segmentDistance(p: PathPoint, a: PathPoint, b: PathPoint): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Ramer-Douglas-Peucker: indices of the points kept for a tolerance (endpoints always kept). */
function rdpKeep(points: readonly PathPoint[], epsilon: number): boolean[] {
  const keep = new Array<boolean>(points.length).fill(false);
  if (points.length === 0) return keep;
  keep[0] = true;
  keep[points.length - 1] = true;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length) {
    const [s, e] = stack.pop()!;
    let worst = -1;
    let worstD = epsilon;
    for (let i = s + 1; i < e; i++) {
      const d = segmentDistance(points[i], points[s], points[e]);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = true;
      stack.push([s, worst], [worst, e]);
    }
  }
  return keep;
}

/**
 * Simplifies a path with Douglas-Peucker at `epsilon`, then raises the tolerance until at most
 * `maxPoints` remain (the endpoints are always kept), so a stored path is bounded whatever the
 * track's length.
 */
export function simplifyPath(
  points: readonly PathPoint[],
  epsilon: number,
  maxPoints: number,
): PathPoint[] {
  if (points.length <= 2) return points.slice();
  let eps = epsilon;
  for (let round = 0; round < 40; round++) {
    const keep = rdpKeep(points, eps);
    const out = points.filter((_, i) => keep[i]);
    if (out.length <= Math.max(2, maxPoints)) return out;
    eps = eps > 0 ? eps * 1.6 : 1e-4;
  }
  return [points[0], points[points.length - 1]];
}
