import type { Candidates } from './candidates';

/**
 * Class-aware greedy non-maximum suppression over `Candidates`: boxes of different classes never
 * suppress each other. Works on typed arrays with index sorting; keeps at most `maxDetections`.
 * The candidates are reduced in place to the survivors, best score first.
 */
export function nmsInPlace(
  c: Candidates,
  iouThreshold: number,
  maxDetections = 300,
  scratch?: NmsScratch,
): void {
  const n = c.count;
  if (n === 0) return;
  const s = scratch ?? new NmsScratch();
  s.ensure(n);
  const order = s.order.subarray(0, n);
  for (let i = 0; i < n; i++) order[i] = i;
  const scores = c.scores;
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  const removed = s.removed;
  removed.fill(0, 0, n);
  const keep = s.keep;
  const boxes = c.boxes;
  const classes = c.classes;
  let kept = 0;
  for (let a = 0; a < n && kept < maxDetections; a++) {
    const i = order[a];
    if (removed[i]) continue;
    keep[kept++] = i;
    const ix1 = boxes[i * 4];
    const iy1 = boxes[i * 4 + 1];
    const ix2 = boxes[i * 4 + 2];
    const iy2 = boxes[i * 4 + 3];
    const areaI = Math.max(0, ix2 - ix1) * Math.max(0, iy2 - iy1);
    const ci = classes[i];
    for (let b = a + 1; b < n; b++) {
      const j = order[b];
      if (removed[j] || classes[j] !== ci) continue;
      const w = Math.min(ix2, boxes[j * 4 + 2]) - Math.max(ix1, boxes[j * 4]);
      if (w <= 0) continue;
      const h = Math.min(iy2, boxes[j * 4 + 3]) - Math.max(iy1, boxes[j * 4 + 1]);
      if (h <= 0) continue;
      const inter = w * h;
      const areaJ = (boxes[j * 4 + 2] - boxes[j * 4]) * (boxes[j * 4 + 3] - boxes[j * 4 + 1]);
      if (inter / (areaI + areaJ - inter) > iouThreshold) removed[j] = 1;
    }
  }
  c.select(keep, kept);
}

/** Reusable NMS work arrays (one per decoder), so steady-state NMS allocates nothing but the sort. */
export class NmsScratch {
  order = new Int32Array(0);
  removed = new Uint8Array(0);
  keep = new Int32Array(0);

  ensure(n: number): void {
    if (this.order.length >= n) return;
    const cap = Math.max(n, this.order.length * 2, 256);
    this.order = new Int32Array(cap);
    this.removed = new Uint8Array(cap);
    this.keep = new Int32Array(cap);
  }
}
