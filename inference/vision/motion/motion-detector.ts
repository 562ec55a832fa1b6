/**
 * Motion detector on a downscaled 8-bit grey frame: a running-average background model, the
 * absolute difference to it, a threshold, morphology (opening removes speckle, closing joins the
 * fragments of one object) and connected components → boxes of moving blobs.
 *
 * It is the default detector when no ONNX model is configured and the gate that lets static scenes
 * skip the model (`motionRatio`). Pure TypeScript on typed arrays: no allocation per frame after
 * construction except the returned boxes.
 */

export interface MotionBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Fraction of the box's pixels that changed (0..1]: solid blobs score high, ragged noise low. */
  score: number;
}

export interface MotionDetectorOptions {
  width: number;
  height: number;
  /** Grey-level difference to the background that counts as change. */
  threshold?: number;
  /** Background learning rate for pixels seen as background (0..1). */
  learningRate?: number;
  /**
   * Pixels seen as moving are not learnt (a slow object must not fade into the background), but a
   * pixel that stays "moving" for this many frames in a row is taken as background: a car that
   * parks, or the ghost left where an object stood when the detector started.
   */
  absorbAfterFrames?: number;
  /** Radius of the opening that removes isolated changed pixels (0 disables). */
  openRadius?: number;
  /** Radius of the closing that joins fragments of one object (0 disables). */
  closeRadius?: number;
  /** Blobs with fewer changed pixels than this are ignored. */
  minArea?: number;
  /** Frames used to learn the background before boxes are reported. */
  warmupFrames?: number;
  /**
   * When more than this fraction of the frame changes at once (lights switched on, camera bumped,
   * auto-exposure), the background is re-learnt from the current frame instead of reporting a
   * frame-sized blob.
   */
  globalChangeRatio?: number;
  /** Box blur radius applied to the input to suppress sensor noise and compression artefacts. */
  blurRadius?: number;
  /**
   * A blob counts as moving only if some of its pixels differ from the frame seen between
   * `staticFrames` and twice that many frames ago. Blobs that differ from the background but not
   * from that recent frame are static (the ghost where an object stood when the background was
   * learnt, an object that stopped): they are taken into the background and not reported.
   */
  staticFrames?: number;
}

const DEFAULTS = {
  threshold: 22,
  learningRate: 0.05,
  absorbAfterFrames: 100,
  openRadius: 1,
  closeRadius: 2,
  minArea: 24,
  warmupFrames: 2,
  globalChangeRatio: 0.6,
  blurRadius: 1,
  staticFrames: 5,
} satisfies Omit<Required<MotionDetectorOptions>, 'width' | 'height'>;

export class MotionDetector {
  readonly width: number;
  readonly height: number;
  private readonly opts: Required<MotionDetectorOptions>;
  private readonly background: Float32Array;
  private readonly blurred: Uint8Array;
  private readonly mask: Uint8Array;
  private readonly sums: Uint16Array;
  private readonly rowSums: Uint16Array;
  private readonly colAcc: Uint32Array;
  private readonly fgRun: Uint16Array;
  /** Snapshots of the input every `staticFrames` frames; `older` is compared against. */
  private recent: Uint8Array;
  private older: Uint8Array;
  private readonly labels: Int32Array;
  private readonly stack: Int32Array;
  private readonly order: Int32Array;
  private frames = 0;
  private ratio = 0;

  constructor(options: MotionDetectorOptions) {
    const { width, height } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 4 || height < 4) {
      throw new RangeError(
        `MotionDetector: width and height must be integers ≥ 4 (got ${width}×${height})`,
      );
    }
    this.width = width;
    this.height = height;
    this.opts = { ...DEFAULTS, ...stripUndefined(options), width, height };
    const n = width * height;
    this.background = new Float32Array(n);
    this.blurred = new Uint8Array(n);
    this.mask = new Uint8Array(n);
    this.sums = new Uint16Array(n);
    this.rowSums = new Uint16Array(n);
    this.colAcc = new Uint32Array(width);
    this.fgRun = new Uint16Array(n);
    this.recent = new Uint8Array(n);
    this.older = new Uint8Array(n);
    this.labels = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.order = new Int32Array(n);
  }

  /** Fraction of pixels that changed on the last frame (after morphology), 0 before warm-up. */
  get motionRatio(): number {
    return this.ratio;
  }

  /** Forget the background (e.g. after the source reconnected to a different view). */
  reset(): void {
    this.frames = 0;
    this.ratio = 0;
  }

  detect(gray: Uint8Array): MotionBox[] {
    const { width: w, height: h } = this;
    const n = w * h;
    if (gray.length !== n) {
      throw new RangeError(
        `MotionDetector: expected ${n} grey bytes (${w}×${h}), got ${gray.length}`,
      );
    }
    const o = this.opts;
    const src = o.blurRadius > 0 ? this.blur(gray, o.blurRadius) : gray;
    const bg = this.background;

    if (this.frames === 0) {
      for (let i = 0; i < n; i++) bg[i] = src[i];
      this.fgRun.fill(0);
      this.recent.set(src);
      this.older.set(src);
      this.frames = 1;
      this.ratio = 0;
      return [];
    }
    this.frames++;
    if (this.frames % o.staticFrames === 0) {
      const t = this.older;
      this.older = this.recent;
      this.recent = t;
      this.recent.set(src);
    }

    const mask = this.mask;
    const run = this.fgRun;
    const thr = o.threshold;
    const rate = o.learningRate;
    const absorb = o.absorbAfterFrames;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const d = src[i] - bg[i];
      if (d > thr || d < -thr) {
        mask[i] = 1;
        changed++;
        if (++run[i] >= absorb) {
          bg[i] = src[i];
          run[i] = 0;
        }
      } else {
        mask[i] = 0;
        run[i] = 0;
        bg[i] += rate * d;
      }
    }

    if (changed > o.globalChangeRatio * n) {
      for (let i = 0; i < n; i++) bg[i] = src[i];
      run.fill(0);
      this.ratio = 0;
      return [];
    }
    // Nothing changed (the common case for a static camera): no morphology, no labelling.
    if (changed === 0 || this.frames <= o.warmupFrames) {
      this.ratio = 0;
      return [];
    }

    if (o.openRadius > 0) {
      this.morph(mask, o.openRadius, false);
      this.morph(mask, o.openRadius, true);
    }
    if (o.closeRadius > 0) {
      this.morph(mask, o.closeRadius, true);
      this.morph(mask, o.closeRadius, false);
    }

    let any = 0;
    for (let i = 0; i < n; i++) any |= mask[i];
    if (!any) {
      this.ratio = 0;
      return [];
    }
    const boxes = this.components(mask, src);
    let moving = 0;
    for (let i = 0; i < n; i++) moving += mask[i];
    this.ratio = moving / n;
    return boxes;
  }

  /** Box blur (replicated edges) into `this.blurred`. */
  private blur(src: Uint8Array, r: number): Uint8Array {
    const sums = this.sums;
    boxSum(src, sums, this.rowSums, this.colAcc, this.width, this.height, r);
    const out = this.blurred;
    const inv = 1 / ((2 * r + 1) * (2 * r + 1));
    for (let i = 0; i < out.length; i++) out[i] = (sums[i] * inv + 0.5) | 0;
    return out;
  }

  /**
   * Binary dilation (`grow`) or erosion with a (2r+1)² square. Edges are replicated, so a blob
   * touching the border is neither eaten away nor grown from outside.
   */
  private morph(mask: Uint8Array, r: number, grow: boolean): void {
    const sums = this.sums;
    boxSum(mask, sums, this.rowSums, this.colAcc, this.width, this.height, r);
    if (grow) {
      for (let i = 0; i < mask.length; i++) mask[i] = sums[i] > 0 ? 1 : 0;
    } else {
      const full = (2 * r + 1) * (2 * r + 1);
      for (let i = 0; i < mask.length; i++) mask[i] = sums[i] === full ? 1 : 0;
    }
  }

  /**
   * 8-connected components by flood fill with an explicit stack. Static components are cleared
   * from the mask and learnt into the background; the visited pixels of each component are kept
   * contiguously in `order` so that can be done without a second labelling pass.
   */
  private components(mask: Uint8Array, src: Uint8Array): MotionBox[] {
    const { width: w, height: h } = this;
    const labels = this.labels;
    const stack = this.stack;
    const order = this.order;
    const older = this.older;
    const bg = this.background;
    const thr = this.opts.threshold;
    labels.fill(0);
    let visited = 0;
    const boxes: MotionBox[] = [];
    let label = 0;
    for (let start = 0; start < mask.length; start++) {
      if (!mask[start] || labels[start]) continue;
      label++;
      let top = 0;
      stack[top++] = start;
      labels[start] = label;
      const first = visited;
      let area = 0;
      let changedSinceOlder = 0;
      let minX = w;
      let minY = h;
      let maxX = -1;
      let maxY = -1;
      while (top > 0) {
        const p = stack[--top];
        order[visited++] = p;
        const d = src[p] - older[p];
        if (d > thr || d < -thr) changedSinceOlder++;
        const px = p % w;
        const py = (p - px) / w;
        area++;
        if (px < minX) minX = px;
        if (px > maxX) maxX = px;
        if (py < minY) minY = py;
        if (py > maxY) maxY = py;
        for (let dy = -1; dy <= 1; dy++) {
          const ny = py + dy;
          if (ny < 0 || ny >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = px + dx;
            if (nx < 0 || nx >= w) continue;
            const q = ny * w + nx;
            if (mask[q] && !labels[q]) {
              labels[q] = label;
              stack[top++] = q;
            }
          }
        }
      }
      if (changedSinceOlder < MIN_CHANGED_PIXELS) {
        for (let k = first; k < visited; k++) {
          const p = order[k];
          mask[p] = 0;
          if (area >= this.opts.minArea) bg[p] = src[p];
        }
        continue;
      }
      if (area < this.opts.minArea) continue;
      const boxArea = (maxX - minX + 1) * (maxY - minY + 1);
      // Pixel boxes are inclusive; report edges (x2 = last column + 1) like detector boxes.
      boxes.push({ x1: minX, y1: minY, x2: maxX + 1, y2: maxY + 1, score: area / boxArea });
    }
    return boxes;
  }
}

/**
 * out[y][x] = sum of src over the (2r+1)² window around (x, y), edges replicated. Separable
 * running sums: O(1) per pixel whatever r, rows walked in memory order (the vertical pass keeps
 * one accumulator per column). Sums fit 16 bits for 8-bit input and r ≤ 7.
 */
function boxSum(
  src: Uint8Array,
  out: Uint16Array,
  rows: Uint16Array,
  acc: Uint32Array,
  w: number,
  h: number,
  r: number,
): void {
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = (r + 1) * src[row];
    for (let k = 1; k <= r; k++) s += src[row + (k < w ? k : w - 1)];
    for (let x = 0; x < w; x++) {
      rows[row + x] = s;
      const add = x + r + 1;
      const sub = x - r;
      s += src[row + (add < w ? add : w - 1)] - src[row + (sub > 0 ? sub : 0)];
    }
  }
  for (let x = 0; x < w; x++) {
    let s = (r + 1) * rows[x];
    for (let k = 1; k <= r; k++) s += rows[(k < h ? k : h - 1) * w + x];
    acc[x] = s;
  }
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const addRow = (y + r + 1 < h ? y + r + 1 : h - 1) * w;
    const subRow = (y - r > 0 ? y - r : 0) * w;
    for (let x = 0; x < w; x++) {
      out[row + x] = acc[x];
      acc[x] += rows[addRow + x] - rows[subRow + x];
    }
  }
}

/** Pixels that must differ from the older snapshot for a blob to count as moving. */
const MIN_CHANGED_PIXELS = 3;

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o))
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
