import {
  convexHull,
  hullQuad,
  minAreaRect,
  offsetQuad,
  polygonArea,
  polygonPerimeter,
  quadSize,
  type Quad,
} from './geometry';
import type { Point } from '../geometry/primitives';

/** Options of the DB (Differentiable Binarization) text-map post-processing, PaddleOCR defaults. */
export interface DbOptions {
  /** Pixel probability above which a pixel is text. */
  threshold: number;
  /** Mean probability a region needs to be kept. */
  boxThreshold: number;
  /** How far the shrunk text kernel is grown back (distance = area × ratio / perimeter). */
  unclipRatio: number;
  /** Regions whose short side (map pixels) is below this are noise. */
  minSize: number;
  maxCandidates: number;
}

export const DB_DEFAULTS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 200,
};

export interface TextRegion {
  /** Perspective-preserving quad (TL, TR, BR, BL) in image pixels, already unclipped. */
  quad: Quad;
  /**
   * The region's minimum-area rectangle, unclipped the same way: rotation only, no perspective,
   * but it never cuts off a character whose glyph leaves a corner of the blob empty (the hull
   * quad, picked from hull points, can slant across an "A" or a "1" at the end of a line).
   */
  rect?: Quad;
  /** Mean text probability over the region. */
  score: number;
}

/**
 * Turns a DB probability map (`mapW`×`mapH`, values 0..1) into text regions in image pixels:
 * threshold, 8-connected components, hull, quad, score, unclip, scale. `scaleX`/`scaleY` convert
 * map pixels to image pixels.
 */
export function dbPostprocess(
  prob: Float32Array,
  mapW: number,
  mapH: number,
  scaleX: number,
  scaleY: number,
  options: Partial<DbOptions> = {},
): TextRegion[] {
  const o = { ...DB_DEFAULTS, ...options };
  const n = mapW * mapH;
  const labels = new Int32Array(n);
  const stack = new Int32Array(n);
  const regions: TextRegion[] = [];
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== 0 || prob[start] <= o.threshold) continue;
    next++;
    labels[start] = next;
    let sp = 0;
    stack[sp++] = start;
    let sum = 0;
    let count = 0;
    // Boundary pixels are enough for the hull; interior ones only add to the score.
    const edge: Point[] = [];
    while (sp > 0) {
      const i = stack[--sp];
      sum += prob[i];
      count++;
      const x = i % mapW;
      const y = (i - x) / mapW;
      let boundary = false;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= mapH) {
          boundary = true;
          continue;
        }
        for (let dx = -1; dx <= 1; dx++) {
          if (dx === 0 && dy === 0) continue;
          const xx = x + dx;
          if (xx < 0 || xx >= mapW) {
            boundary = true;
            continue;
          }
          const j = yy * mapW + xx;
          if (prob[j] <= o.threshold) {
            boundary = true;
            continue;
          }
          if (labels[j] === 0) {
            labels[j] = next;
            stack[sp++] = j;
          }
        }
      }
      if (boundary) {
        // Pixel corners, so a one-pixel-wide component still has an area.
        edge.push([x, y], [x + 1, y], [x, y + 1], [x + 1, y + 1]);
      }
    }
    const score = sum / count;
    if (score < o.boxThreshold) continue;
    const hull = convexHull(edge);
    const rect = minAreaRect(hull);
    const rs = quadSize(rect);
    if (Math.min(rs.width, rs.height) < o.minSize) continue;
    const quad = hullQuad(hull, rect);
    const unclip = (q: Quad) =>
      offsetQuad(q, (polygonArea(q) * o.unclipRatio) / polygonPerimeter(q));
    const grown = unclip(quad);
    const gs = quadSize(grown);
    if (Math.min(gs.width, gs.height) < o.minSize + 2) continue;
    const toImage = (q: Quad) => q.map((p): Point => [p[0] * scaleX, p[1] * scaleY]) as Quad;
    regions.push({
      quad: toImage(grown),
      rect: toImage(quad === rect ? grown : unclip(rect)),
      score,
    });
  }
  regions.sort((a, b) => b.score - a.score);
  return regions.slice(0, o.maxCandidates);
}
