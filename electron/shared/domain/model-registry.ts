import { z } from 'zod';

/**
 * The model registry's vocabulary: every model file is an immutable version named by its SHA-256,
 * with the metadata needed to run it (task, layout, input size, how pixels are normalised, how the
 * frame is letterboxed) and where it came from. Camera groups point aliases (`champion`,
 * `challenger`) at versions; cameras name a model by alias or by version. Pure: the host's store,
 * the API contract and the UI share it.
 */

export const MODEL_TASKS = ['detect', 'classify', 'embed', 'plate-ocr'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export const MODEL_ALIASES = ['champion', 'challenger'] as const;
export type ModelAlias = (typeof MODEL_ALIASES)[number];

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits');

/** A camera group's name (the cameras' `fleet.group`, or `default`). */
export const modelGroupSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.-]+$/, 'group: letters, digits, ".", "-" and "_"');

const triple = z.tuple([z.number(), z.number(), z.number()]);

/**
 * How a frame becomes the model's input tensor. `mean`/`std` are applied after `scale`, per tensor
 * channel (in `channelOrder`): value = (pixel·scale − mean) / std.
 */
export const normalisationSchema = z.object({
  channelOrder: z.enum(['rgb', 'bgr']),
  /** `unit`: pixel/255 (0..1); `raw`: the pixel value (0..255). */
  scale: z.enum(['unit', 'raw']),
  mean: triple.optional(),
  std: triple.optional(),
  /** Tensor memory layout: `nchw` ([N,3,H,W]) or channels-last `nhwc` ([N,H,W,3]). */
  tensorLayout: z.enum(['nchw', 'nhwc']).default('nchw'),
  /** Where the scaled picture sits on the canvas; `stretch` resizes without keeping the aspect. */
  letterbox: z.enum(['centre', 'top-left', 'stretch']),
  /** Grey level of the padding, 0..255. */
  padValue: z.number().int().min(0).max(255),
});
export type Normalisation = z.infer<typeof normalisationSchema>;

/** Ultralytics' convention, and Watcher's default for detectors: RGB 0..1, centred, grey 114. */
export const DEFAULT_NORMALISATION: Normalisation = {
  channelOrder: 'rgb',
  scale: 'unit',
  tensorLayout: 'nchw',
  letterbox: 'centre',
  padValue: 114,
};

/** What a model family expects when its file does not say (YOLOX, NanoDet, ImageNet classifiers). */
export const NORMALISATION_PRESETS = {
  ultralytics: DEFAULT_NORMALISATION,
  yolox: {
    channelOrder: 'bgr',
    scale: 'raw',
    tensorLayout: 'nchw',
    letterbox: 'top-left',
    padValue: 114,
  },
  nanodet: {
    channelOrder: 'bgr',
    scale: 'raw',
    mean: [103.53, 116.28, 123.675],
    std: [57.375, 57.12, 58.395],
    tensorLayout: 'nchw',
    letterbox: 'centre',
    padValue: 0,
  },
  imagenet: {
    channelOrder: 'rgb',
    scale: 'unit',
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    tensorLayout: 'nchw',
    letterbox: 'stretch',
    padValue: 0,
  },
  openvinoReid: {
    channelOrder: 'bgr',
    scale: 'raw',
    tensorLayout: 'nhwc',
    letterbox: 'stretch',
    padValue: 0,
  },
} as const satisfies Record<string, Normalisation>;

/** An evaluation attached to a version after import (mAP on a data set, top-1, shadow results…). */
export const modelEvaluationSchema = z.object({
  id: z.string().min(1).max(64),
  sha256: sha256Schema,
  /** What was measured: `detect`, `classify`, `shadow`, … */
  kind: z.string().min(1).max(40),
  /** Data set or source it was measured on. */
  dataset: z.string().max(500).optional(),
  /** Named figures, e.g. `{ map50: 0.41, map50_95: 0.27, msPerImage: 21.3 }`. */
  metrics: z.record(z.string().max(80), z.number()),
  at: z.number().int().nonnegative(),
  by: z.string().max(200),
});
export type ModelEvaluation = z.infer<typeof modelEvaluationSchema>;

export const modelVersionSchema = z.object({
  sha256: sha256Schema,
  name: z.string().max(200),
  /** The file's name when it was imported. */
  fileName: z.string().max(255),
  sizeBytes: z.number().int().nonnegative(),
  task: z.enum(MODEL_TASKS),
  /** Output decoder: a detector layout, `classifier` or `embedding`. */
  layout: z.string().min(1).max(40),
  inputSize: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  normalisation: normalisationSchema,
  labels: z.array(z.string()),
  /** Embedding models: length of the vector. */
  embeddingDim: z.number().int().positive().optional(),
  licence: z.string().max(500),
  source: z.string().max(2000),
  importedAt: z.number().int().nonnegative(),
  importedBy: z.string().max(200),
  /** Whether the file itself is on this workstation (it may still be travelling from another). */
  present: z.boolean(),
  evaluations: z.array(modelEvaluationSchema),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const modelAliasSchema = z.object({
  group: modelGroupSchema,
  alias: z.enum(MODEL_ALIASES),
  sha256: sha256Schema,
  updatedAt: z.number().int().nonnegative(),
  updatedBy: z.string().max(200),
});
export type ModelAliasEntry = z.infer<typeof modelAliasSchema>;

/** One change of an alias, append-only: what rollback walks back through. */
export const aliasHistoryEntrySchema = z.object({
  id: z.string(),
  group: modelGroupSchema,
  alias: z.enum(MODEL_ALIASES),
  /** The version the alias pointed at after the change; null: the alias was cleared. */
  sha256: sha256Schema.nullable(),
  previousSha256: sha256Schema.nullable(),
  action: z.enum(['set', 'promote', 'rollback', 'clear']),
  at: z.number().int().nonnegative(),
  by: z.string().max(200),
  /** Set when an administrator promoted past a failing gate. */
  override: z.boolean(),
});
export type AliasHistoryEntry = z.infer<typeof aliasHistoryEntrySchema>;

// ----------------------------------------------------------------------------------------------
// Model references as cameras write them in `detector.modelId`.

export type ModelRef =
  | { kind: 'version'; sha256: string }
  | { kind: 'alias'; group: string; alias: ModelAlias }
  | { kind: 'installed'; id: string };

/**
 * `registry:<sha256>` (a fixed version), `registry:<group>/<alias>` (whatever the group's alias
 * points at now), anything else: an installed model id or a file path, as before.
 */
export function parseModelRef(modelId: string): ModelRef {
  const m = /^registry:(.+)$/.exec(modelId);
  if (!m) return { kind: 'installed', id: modelId };
  const body = m[1];
  if (/^[0-9a-f]{64}$/.test(body)) return { kind: 'version', sha256: body };
  const slash = body.lastIndexOf('/');
  const group = slash > 0 ? body.slice(0, slash) : body;
  const alias = slash > 0 ? body.slice(slash + 1) : 'champion';
  if (
    !(MODEL_ALIASES as readonly string[]).includes(alias) ||
    !modelGroupSchema.safeParse(group).success
  )
    return { kind: 'installed', id: modelId };
  return { kind: 'alias', group, alias: alias as ModelAlias };
}

export function formatModelRef(ref: ModelRef): string {
  if (ref.kind === 'version') return `registry:${ref.sha256}`;
  if (ref.kind === 'alias') return `registry:${ref.group}/${ref.alias}`;
  return ref.id;
}

// ----------------------------------------------------------------------------------------------
// Shadow mode: live agreement, latency and the promotion gate.

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  classId?: number;
  label?: string;
}

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const iy = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = ix * iy;
  const ua = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return ua > 0 ? inter / ua : 0;
}

export interface MatchCounts {
  tp: number;
  fp: number;
  fn: number;
}

/**
 * Greedy one-to-one matching of `predicted` against `reference` boxes of the same class (label,
 * else class id) at IoU ≥ `threshold`, best IoU first: true positives, false positives (predicted,
 * unmatched) and false negatives (reference, unmatched).
 */
export function matchBoxes(
  reference: readonly Box[],
  predicted: readonly Box[],
  threshold = 0.5,
): MatchCounts {
  const pairs: Array<[number, number, number]> = [];
  const cls = (b: Box) => b.label ?? String(b.classId ?? '');
  for (let i = 0; i < reference.length; i++)
    for (let j = 0; j < predicted.length; j++) {
      if (cls(reference[i]) !== cls(predicted[j])) continue;
      const v = iou(reference[i], predicted[j]);
      if (v >= threshold) pairs.push([v, i, j]);
    }
  pairs.sort((p, q) => q[0] - p[0]);
  const usedR = new Set<number>();
  const usedP = new Set<number>();
  let tp = 0;
  for (const [, i, j] of pairs) {
    if (usedR.has(i) || usedP.has(j)) continue;
    usedR.add(i);
    usedP.add(j);
    tp++;
  }
  return { tp, fp: predicted.length - tp, fn: reference.length - tp };
}

/** F1 of accumulated counts; 1 when both sides found nothing (they agree). */
export function f1(c: MatchCounts): number {
  const d = 2 * c.tp + c.fp + c.fn;
  return d === 0 ? 1 : (2 * c.tp) / d;
}

/** Nearest-rank percentile of `values` (p in 0..100); undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/**
 * One champion event the operators decided on, with whether the challenger (running in shadow on
 * the same frame) found the same object.
 */
export interface ShadowDecision {
  decision: 'validated' | 'rejected';
  challengerDetected: boolean;
}

/**
 * F1 of each model against the operators' decisions on the champion's events: a validated event
 * is a true object, a rejected one is not. The champion raised every event (validated: TP,
 * rejected: FP); the challenger is credited with the validated events it also found (TP), charged
 * for the validated ones it missed (FN) and for the rejected ones it also found (FP).
 */
export function decisionF1(decisions: readonly ShadowDecision[]): {
  champion: number | undefined;
  challenger: number | undefined;
  events: number;
} {
  if (!decisions.length) return { champion: undefined, challenger: undefined, events: 0 };
  const champion: MatchCounts = { tp: 0, fp: 0, fn: 0 };
  const challenger: MatchCounts = { tp: 0, fp: 0, fn: 0 };
  for (const d of decisions) {
    if (d.decision === 'validated') {
      champion.tp++;
      if (d.challengerDetected) challenger.tp++;
      else challenger.fn++;
    } else {
      champion.fp++;
      if (d.challengerDetected) challenger.fp++;
    }
  }
  return { champion: f1(champion), challenger: f1(challenger), events: decisions.length };
}

export interface GateFigures {
  /** F1 against validated events, 0..1. */
  f1?: number;
  /** Latency p95, milliseconds. */
  p95Ms?: number;
}

export type GateReason = 'f1' | 'latency';

export interface GateResult {
  blocked: boolean;
  reasons: GateReason[];
  /** Challenger F1 minus champion F1, in points (0..100 scale). */
  f1DeltaPoints?: number;
  /** Challenger p95 over champion p95, minus one (0.25 = 25 % slower). */
  latencyRatio?: number;
}

/** F1 one point or more worse blocks, and so does a p95 latency 20 % or more worse. */
export const GATE_F1_POINTS = 1;
export const GATE_LATENCY_RATIO = 0.2;

/**
 * Whether promoting the challenger is blocked: its F1 against validated events is ≥ 1 point worse
 * than the champion's, or its p95 latency is ≥ 20 % worse. A figure missing on either side does not
 * block (there is nothing to compare yet).
 */
export function promotionGate(champion: GateFigures, challenger: GateFigures): GateResult {
  const reasons: GateReason[] = [];
  const out: GateResult = { blocked: false, reasons };
  const eps = 1e-9;
  if (champion.f1 !== undefined && challenger.f1 !== undefined) {
    out.f1DeltaPoints = (challenger.f1 - champion.f1) * 100;
    if (-out.f1DeltaPoints >= GATE_F1_POINTS - eps) reasons.push('f1');
  }
  if (champion.p95Ms !== undefined && challenger.p95Ms !== undefined && champion.p95Ms > 0) {
    out.latencyRatio = challenger.p95Ms / champion.p95Ms - 1;
    if (out.latencyRatio >= GATE_LATENCY_RATIO - eps) reasons.push('latency');
  }
  out.blocked = reasons.length > 0;
  return out;
}

/**
 * Rate cap of the shadow model: frames are sampled only when at least `minIntervalMs` passed since
 * the last sampled one and the challenger is idle, so the champion never waits for it.
 */
export class ShadowSampler {
  private last = -Infinity;
  private busy = false;

  constructor(readonly minIntervalMs: number) {}

  /** Whether this frame goes to the challenger; call `done()` when its run finishes. */
  take(now: number): boolean {
    if (this.busy || now - this.last < this.minIntervalMs) return false;
    this.busy = true;
    this.last = now;
    return true;
  }

  done(): void {
    this.busy = false;
  }
}
