import type { Candidates } from './candidates';

/** One output tensor as ONNX Runtime returns it (row-major). */
export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

/**
 * Output decoders, one per model family. Each appends the candidates of batch item `b` whose score
 * passes `threshold` to `out`, as x1,y1,x2,y2 in model-input pixels. `allowed[c] === 0` drops class
 * c before NMS (the camera's enabled classes); null keeps all.
 */

/** YOLOv8 / YOLO11: [B, 4+C, N], rows cx,cy,w,h then C class scores (already sigmoid), no objectness. */
export class YoloV8Decoder {
  private best = new Float32Array(0);
  private bestClass = new Int32Array(0);

  /**
   * `multiLabel`: every class above the threshold becomes a candidate (Ultralytics' multi_label),
   * not only an anchor's best class — a vehicle scored car 0.7 / truck 0.3 yields both boxes.
   */
  decode(
    t: OutputTensor,
    b: number,
    threshold: number,
    allowed: Uint8Array | null,
    out: Candidates,
    multiLabel = false,
  ): void {
    const [, rows, n] = t.dims;
    const classes = rows - 4;
    const base = b * rows * n;
    const d = t.data;
    if (multiLabel) {
      for (let c = 0; c < classes; c++) {
        if (allowed && !allowed[c]) continue;
        const row = base + (4 + c) * n;
        for (let i = 0; i < n; i++) {
          const s = d[row + i];
          if (s < threshold) continue;
          const cx = d[base + i];
          const cy = d[base + n + i];
          const hw = d[base + 2 * n + i] / 2;
          const hh = d[base + 3 * n + i] / 2;
          out.push(cx - hw, cy - hh, cx + hw, cy + hh, s, c);
        }
      }
      return;
    }
    if (this.best.length < n) {
      this.best = new Float32Array(n);
      this.bestClass = new Int32Array(n);
    }
    const best = this.best;
    const bestClass = this.bestClass;
    best.fill(-Infinity, 0, n);
    // Class-major sweep: each class row is contiguous, so this walks memory in order. Scores under
    // the threshold never make a candidate, so most of them are passed over after one compare.
    for (let c = 0; c < classes; c++) {
      if (allowed && !allowed[c]) continue;
      const row = base + (4 + c) * n;
      for (let i = 0; i < n; i++) {
        const s = d[row + i];
        if (s >= threshold && s > best[i]) {
          best[i] = s;
          bestClass[i] = c;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const s = best[i];
      if (s < threshold) continue;
      const cx = d[base + i];
      const cy = d[base + n + i];
      const hw = d[base + 2 * n + i] / 2;
      const hh = d[base + 3 * n + i] / 2;
      out.push(cx - hw, cy - hh, cx + hw, cy + hh, s, bestClass[i]);
    }
  }
}

/**
 * The best class among the `classes` scores at d[o…] that `allowed` keeps: its index goes to
 * `BEST.c` (−1 when none is allowed) and its score to `BEST.s`. One shared scratch, not a returned
 * object, so the per-anchor loops allocate nothing.
 */
const BEST = { c: -1, s: -Infinity };
function bestAllowedClass(
  d: Float32Array,
  o: number,
  classes: number,
  allowed: Uint8Array | null,
): void {
  let bestC = -1;
  let bestS = -Infinity;
  for (let c = 0; c < classes; c++) {
    if (allowed && !allowed[c]) continue;
    const v = d[o + c];
    if (v > bestS) {
      bestS = v;
      bestC = c;
    }
  }
  BEST.c = bestC;
  BEST.s = bestS;
}

/** YOLOv5 (and v7 and other anchor-based exports): [B, N, 5+C], cx,cy,w,h,objectness,C class scores. */
export function decodeYoloV5(
  t: OutputTensor,
  b: number,
  threshold: number,
  allowed: Uint8Array | null,
  out: Candidates,
): void {
  const [, n, stride] = t.dims;
  const classes = stride - 5;
  const d = t.data;
  const base = b * n * stride;
  for (let i = 0; i < n; i++) {
    const o = base + i * stride;
    const obj = d[o + 4];
    if (obj < threshold) continue;
    bestAllowedClass(d, o + 5, classes, allowed);
    const bestC = BEST.c;
    const score = obj * BEST.s;
    if (bestC < 0 || score < threshold) continue;
    const hw = d[o + 2] / 2;
    const hh = d[o + 3] / 2;
    out.push(d[o] - hw, d[o + 1] - hh, d[o] + hw, d[o + 1] + hh, score, bestC);
  }
}

/** End-to-end YOLOv10 / YOLO26: [B, K, 6] rows x1,y1,x2,y2,score,class; NMS already done in the model. */
export function decodeEndToEnd(
  t: OutputTensor,
  b: number,
  threshold: number,
  allowed: Uint8Array | null,
  out: Candidates,
): void {
  const [, k, stride] = t.dims;
  const d = t.data;
  const base = b * k * stride;
  for (let i = 0; i < k; i++) {
    const o = base + i * stride;
    const score = d[o + 4];
    if (score < threshold) continue;
    const cls = Math.round(d[o + 5]);
    if (allowed && !allowed[cls]) continue;
    out.push(d[o], d[o + 1], d[o + 2], d[o + 3], score, cls);
  }
}

/**
 * YOLOX raw head output: [B, N, 5+C] with N = Σ (H/s)·(W/s) over the strides; x,y are offsets in
 * grid cells, w,h log-sizes, objectness and class scores already sigmoid.
 */
export function decodeYolox(
  t: OutputTensor,
  b: number,
  threshold: number,
  allowed: Uint8Array | null,
  out: Candidates,
  inputWidth: number,
  inputHeight: number,
  strides: readonly number[],
): void {
  const [, n, stride] = t.dims;
  const classes = stride - 5;
  const d = t.data;
  const base = b * n * stride;
  let i = 0;
  for (const s of strides) {
    const gw = Math.floor(inputWidth / s);
    const gh = Math.floor(inputHeight / s);
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++, i++) {
        if (i >= n) return;
        const o = base + i * stride;
        const obj = d[o + 4];
        if (obj < threshold) continue;
        bestAllowedClass(d, o + 5, classes, allowed);
        const bestC = BEST.c;
        const score = obj * BEST.s;
        if (bestC < 0 || score < threshold) continue;
        const cx = (d[o] + gx) * s;
        const cy = (d[o + 1] + gy) * s;
        const hw = (Math.exp(d[o + 2]) * s) / 2;
        const hh = (Math.exp(d[o + 3]) * s) / 2;
        out.push(cx - hw, cy - hh, cx + hw, cy + hh, score, bestC);
      }
    }
  }
}

/** Grid cells of a YOLOX head for an input size: the N its output must have. */
export function yoloxAnchorCount(
  inputWidth: number,
  inputHeight: number,
  strides: readonly number[],
): number {
  let n = 0;
  for (const s of strides) n += Math.floor(inputWidth / s) * Math.floor(inputHeight / s);
  return n;
}

/**
 * DETR family (RT-DETR, D-FINE, RF-DETR): Q queries, boxes cx,cy,w,h normalised to 0..1 and one
 * score per class; no NMS. `boxes` [B,Q,4] with `scores` [B,Q,C] (logits when `logits`), or one
 * combined [B,Q,4+C] tensor (Ultralytics RT-DETR export, scores already probabilities) when
 * `scores` is undefined.
 */
export function decodeDetr(
  boxes: OutputTensor,
  scores: OutputTensor | undefined,
  logits: boolean,
  b: number,
  threshold: number,
  allowed: Uint8Array | null,
  out: Candidates,
  inputWidth: number,
  inputHeight: number,
): void {
  const q = boxes.dims[1];
  const bStride = boxes.dims[2];
  const bd = boxes.data;
  const sd = scores ? scores.data : bd;
  const sStride = scores ? scores.dims[2] : bStride;
  const sOff = scores ? 0 : 4;
  const classes = sStride - sOff;
  // Compare in logit space, then squash only the winners.
  const thr = logits ? Math.log(threshold / (1 - threshold)) : threshold;
  for (let i = 0; i < q; i++) {
    const so = (b * q + i) * sStride + sOff;
    bestAllowedClass(sd, so, classes, allowed);
    const { c: bestC, s: bestS } = BEST;
    if (bestC < 0 || bestS < thr) continue;
    const score = logits ? 1 / (1 + Math.exp(-bestS)) : bestS;
    const bo = (b * q + i) * bStride;
    const cx = bd[bo] * inputWidth;
    const cy = bd[bo + 1] * inputHeight;
    const hw = (bd[bo + 2] * inputWidth) / 2;
    const hh = (bd[bo + 3] * inputHeight) / 2;
    out.push(cx - hw, cy - hh, cx + hw, cy + hh, score, bestC);
  }
}

/**
 * NanoDet / GFL head: per stride s, class scores [B,N,C] (already sigmoid) and side distances
 * [B,N,4·bins] as `bins` logits per side (left, top, right, bottom). A side's distance is the
 * softmax expectation over bins 0..bins−1 times s, measured from the cell centre g·s + (s−1)/2;
 * cells run row-major (y then x) over a ceil(W/s) × ceil(H/s) grid.
 */
export function decodeNanodet(
  cls: readonly OutputTensor[],
  dis: readonly OutputTensor[],
  strides: readonly number[],
  b: number,
  threshold: number,
  allowed: Uint8Array | null,
  out: Candidates,
  inputWidth: number,
  inputHeight: number,
): void {
  const side = new Float64Array(4);
  for (let k = 0; k < strides.length; k++) {
    const s = strides[k];
    const ct = cls[k];
    const dt = dis[k];
    if (!ct || !dt) continue;
    const [, n, classes] = ct.dims;
    const width4 = dt.dims[2];
    const bins = width4 / 4;
    const gw = Math.ceil(inputWidth / s);
    const cd = ct.data;
    const dd = dt.data;
    for (let i = 0; i < n; i++) {
      const o = (b * n + i) * classes;
      bestAllowedClass(cd, o, classes, allowed);
      const { c: bestC, s: bestS } = BEST;
      if (bestC < 0 || bestS < threshold) continue;
      const gx = i % gw;
      const gy = Math.floor(i / gw);
      const cx = gx * s + (s - 1) / 2;
      const cy = gy * s + (s - 1) / 2;
      const d0 = (b * n + i) * width4;
      for (let q = 0; q < 4; q++) {
        const base = d0 + q * bins;
        let max = -Infinity;
        for (let j = 0; j < bins; j++) if (dd[base + j] > max) max = dd[base + j];
        let sum = 0;
        let acc = 0;
        for (let j = 0; j < bins; j++) {
          const e = Math.exp(dd[base + j] - max);
          sum += e;
          acc += e * j;
        }
        side[q] = (acc / sum) * s;
      }
      out.push(
        Math.max(0, cx - side[0]),
        Math.max(0, cy - side[1]),
        Math.min(inputWidth, cx + side[2]),
        Math.min(inputHeight, cy + side[3]),
        bestS,
        bestC,
      );
    }
  }
}
