import { parseNames } from '../detect/labels';
import type { ModelDescription } from '../detect/layout';

/**
 * Image classifiers (ImageNet-style): how a model wants its input (from the ONNX file's shape and
 * metadata, ImageNet defaults otherwise), the resize + centre-crop geometry, normalisation into a
 * CHW float tensor, and softmax / top-k on its output.
 */

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
/** torchvision's evaluation transform: Resize(256) then CenterCrop(224), i.e. crop 87.5 %. */
export const DEFAULT_CROP_FRACTION = 0.875;

export interface ClassifierSpec {
  inputName: string;
  outputName: string;
  inputWidth: number;
  inputHeight: number;
  dynamicBatch: boolean;
  numClasses: number;
  /** From metadata (`names` / `labels`); empty when the model has none (give a labels file). */
  labels: string[];
  mean: [number, number, number];
  std: [number, number, number];
  /** Crop side / resized short side (0.875: 224 from 256); 1 = resize straight to the input. */
  cropFraction: number;
  /** Channel order of the input planes. */
  channels: 'rgb' | 'bgr';
  /** Pixel scale before mean/std: 1/255 (0..1) or 1 (0..255). */
  scale: number;
}

export type ClassifierResult =
  { ok: true; spec: ClassifierSpec } | { ok: false; code: string; message: string };

export interface ClassifierOverride {
  mean?: [number, number, number];
  std?: [number, number, number];
  cropFraction?: number;
  channels?: 'rgb' | 'bgr';
  scale?: number;
  labels?: string[];
}

const dimNum = (d: number | string | undefined): number | undefined =>
  typeof d === 'number' && d > 0 ? d : undefined;

/** "0.485,0.456,0.406" or "[0.485, 0.456, 0.406]" → a triple; undefined otherwise. */
export function parseTriple(text: string | undefined): [number, number, number] | undefined {
  if (!text) return undefined;
  const v = text
    .replace(/[[\]()]/g, '')
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  return v.length === 3 && v.every(Number.isFinite) ? [v[0], v[1], v[2]] : undefined;
}

/**
 * A classifier's input from its ONNX description: input [N,3,H,W], output [N,C] (or [N,C,1,1]).
 * Metadata keys read when present: `mean`, `std` (triples, 0..1 scale), `crop_pct`, `names` or
 * `labels`. Anything missing is ImageNet's torchvision evaluation transform.
 */
export function resolveClassifier(
  model: ModelDescription,
  override: ClassifierOverride = {},
): ClassifierResult {
  const input = model.inputs[0];
  const output = model.outputs[0];
  if (!input || input.dims.length !== 4 || (dimNum(input.dims[1]) ?? 3) !== 3)
    return {
      ok: false,
      code: 'inference.model.bad_input',
      message: `expected an image input [N,3,H,W], found ${input ? `${input.name} [${input.dims.join(',')}]` : 'none'}`,
    };
  const classes = output ? dimNum(output.dims[1]) : undefined;
  const extra = output ? output.dims.slice(2).every((d) => d === 1) : false;
  if (!output || output.dims.length < 2 || !classes || !extra)
    return {
      ok: false,
      code: 'inference.model.layout',
      message: `expected class scores [N,C], found ${output ? `${output.name} [${output.dims.join(',')}]` : 'no output'}`,
    };
  const md = model.metadata;
  const metaLabels =
    parseNames(md.names) ??
    (md.labels ? md.labels.split(/\r?\n|,/).map((s) => s.trim()) : undefined);
  const crop = Number(md.crop_pct);
  return {
    ok: true,
    spec: {
      inputName: input.name,
      outputName: output.name,
      inputHeight: dimNum(input.dims[2]) ?? 224,
      inputWidth: dimNum(input.dims[3]) ?? 224,
      dynamicBatch: dimNum(input.dims[0]) === undefined,
      numClasses: classes,
      labels: override.labels ?? (metaLabels?.length === classes ? metaLabels : []),
      mean: override.mean ?? parseTriple(md.mean) ?? [...IMAGENET_MEAN],
      std: override.std ?? parseTriple(md.std) ?? [...IMAGENET_STD],
      cropFraction: override.cropFraction ?? (crop > 0 && crop <= 1 ? crop : DEFAULT_CROP_FRACTION),
      channels: override.channels ?? 'rgb',
      scale: override.scale ?? 1 / 255,
    },
  };
}

/** Python's round(): halves to even, as torchvision's CenterCrop computes its offsets. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

export interface CropPlan {
  /** Size the whole image is resized to. */
  resizedWidth: number;
  resizedHeight: number;
  /** Crop of the resized image that becomes the input. */
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * torchvision `Resize(s)` (short side to s = crop / fraction, long side truncated) then
 * `CenterCrop(W×H)`. With fraction 1 the image is stretched to the input instead.
 */
export function centerCropPlan(
  srcWidth: number,
  srcHeight: number,
  width: number,
  height: number,
  cropFraction = DEFAULT_CROP_FRACTION,
): CropPlan {
  if (cropFraction >= 1)
    return { resizedWidth: width, resizedHeight: height, left: 0, top: 0, width, height };
  const side = Math.floor(Math.max(width, height) / cropFraction);
  let rw: number;
  let rh: number;
  if (srcWidth <= srcHeight) {
    rw = side;
    rh = Math.trunc((side * srcHeight) / srcWidth);
  } else {
    rh = side;
    rw = Math.trunc((side * srcWidth) / srcHeight);
  }
  rw = Math.max(rw, width);
  rh = Math.max(rh, height);
  return {
    resizedWidth: rw,
    resizedHeight: rh,
    left: roundHalfEven((rw - width) / 2),
    top: roundHalfEven((rh - height) / 2),
    width,
    height,
  };
}

/** HWC uint8 RGB → CHW float32 `(pixel·scale − mean) / std` at `offset` of `out`. */
export function toNormalizedChw(
  rgb: Uint8Array,
  width: number,
  height: number,
  spec: Pick<ClassifierSpec, 'mean' | 'std' | 'channels' | 'scale'>,
  out: Float32Array,
  offset = 0,
): void {
  const plane = width * height;
  const order = spec.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c++) {
    const src = order[c];
    const k = spec.scale / spec.std[c];
    const b = spec.mean[c] / spec.std[c];
    const base = offset + c * plane;
    for (let i = 0, p = src; i < plane; i++, p += 3) out[base + i] = rgb[p] * k - b;
  }
}

/** Softmax of `n` values at `offset` (max subtracted first, so large logits do not overflow). */
export function softmax(
  values: ArrayLike<number>,
  offset = 0,
  n = values.length - offset,
): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (values[offset + i] > max) max = values[offset + i];
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i] = Math.exp(values[offset + i] - max);
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/** True when the values already look like probabilities (all in [0,1], summing to 1). */
export function isProbability(
  values: ArrayLike<number>,
  offset = 0,
  n = values.length - offset,
): boolean {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[offset + i];
    if (v < 0 || v > 1) return false;
    sum += v;
  }
  return Math.abs(sum - 1) < 1e-3;
}

export interface ClassScore {
  index: number;
  score: number;
}

/** The k best classes, best first; ties by lower index. */
export function topK(scores: ArrayLike<number>, k: number): ClassScore[] {
  const best: ClassScore[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (best.length === k && s <= best[k - 1].score) continue;
    let j = best.length < k ? best.length : k - 1;
    best[j] = { index: i, score: s };
    while (j > 0 && best[j - 1].score < best[j].score) {
      [best[j - 1], best[j]] = [best[j], best[j - 1]];
      j--;
    }
  }
  return best;
}

/** One label per non-empty line; "n01440764 tench" (synset then name) keeps the name. */
export function parseLabelList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^n\d{8}\s+/, ''));
}
