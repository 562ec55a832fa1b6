import { z } from 'zod';
import { cameraIdSchema, localFilePathSchema } from '../../config/camera';
import type { MethodSpec } from '../method-spec';
import { modelIdSchema } from './models';
import { modelCompareResultSchema } from './model-compare';

/**
 * Models → Compare on a live camera or a video file, and the catalog of downloadable models.
 *
 * A video is only ever one of the files the host lists (`modelCompare.sources`: its video folders
 * and the files of file cameras), never a path the client makes up; a camera's frames are its
 * recent preview stills, sampled on the host. Progress of a comparison or a download is pushed
 * only to the connection that started it, tagged with the client's `runId`.
 */

/** Most frames sampled from a camera or a video for one comparison. */
export const MODEL_COMPARE_MAX_SOURCE_FRAMES = 8;
/** Longest side of a sampled frame (it travels back to the UI as a JPEG to draw boxes on). */
export const MODEL_COMPARE_SOURCE_MAX_SIDE = 640;

export const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{6,64}$/, 'run id: 6 to 64 letters, digits, "-" or "_"');

export const compareSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('video'),
    /** One of the paths `modelCompare.sources` lists. */
    path: localFilePathSchema,
    /** Seconds of video between two sampled frames. */
    everySeconds: z.number().min(0.1).max(600).default(1),
    /** Where sampling starts, seconds into the video. */
    startSeconds: z.number().min(0).max(86_400).default(0),
  }),
  z.object({
    kind: z.literal('camera'),
    cameraId: cameraIdSchema,
    /** Milliseconds between two sampled preview stills. */
    everyMs: z.number().int().min(100).max(10_000).default(500),
  }),
]);
export type CompareSource = z.infer<typeof compareSourceSchema>;

export const compareVideoSchema = z.object({
  path: z.string(),
  /** The file name, for display. */
  name: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** Where the host found it: a video folder, or a file camera's source. */
  origin: z.enum(['folder', 'camera']),
});

export const compareProgressSchema = z.object({
  runId: runIdSchema,
  phase: z.enum(['sampling', 'running', 'done']),
  /** While running: the model (index in the order asked) and its frames done so far. */
  modelIndex: z.number().int().nonnegative().optional(),
  model: z.string().optional(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type CompareProgress = z.infer<typeof compareProgressSchema>;

export const catalogModelSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  url: z.string().nullable(),
  sizeBytes: z.number().int().positive().optional(),
  sha256: z.string(),
  layout: z.string().optional(),
  licence: z.string(),
  source: z.string(),
  installed: z.boolean(),
  /** Bytes of an interrupted download kept for resuming. */
  partialBytes: z.number().int().nonnegative(),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export const catalogProgressSchema = z.object({
  runId: runIdSchema,
  id: z.string(),
  received: z.number().int().nonnegative(),
  total: z.number().int().positive().optional(),
  resumedFrom: z.number().int().nonnegative(),
});
export type CatalogProgress = z.infer<typeof catalogProgressSchema>;

export const modelLabMethods = {
  'modelCompare.sources': {
    params: z.object({}).strict(),
    result: z.object({ videos: z.array(compareVideoSchema) }),
    permission: 'config',
  },
  /**
   * Samples frames from the source, then every model runs on them in a probe process; progress
   * goes to the calling connection as `modelCompare.progress` events with `runId`.
   */
  'modelCompare.run': {
    params: z
      .object({
        runId: runIdSchema,
        models: z.array(modelIdSchema).max(16),
        source: compareSourceSchema,
        frames: z.number().int().min(1).max(MODEL_COMPARE_MAX_SOURCE_FRAMES).default(4),
        scoreThreshold: z.number().min(0.01).max(1).default(0.25),
      })
      .strict(),
    result: modelCompareResultSchema.extend({
      /** The sampled frames as JPEG (base64), in the order of `perImage`. */
      frames: z.array(z.object({ name: z.string(), jpegBase64: z.string() })),
    }),
    permission: 'config',
  },
  'modelCatalog.list': {
    params: z.object({}).strict(),
    result: z.object({ models: z.array(catalogModelSchema) }),
    permission: 'config',
  },
  /**
   * Downloads a catalog model (resuming an interrupted download), checks its SHA-256 and size,
   * validates and installs it; `modelCatalog.progress` events go to the calling connection.
   */
  'modelCatalog.download': {
    params: z.object({ id: modelIdSchema, runId: runIdSchema }).strict(),
    result: z.object({ id: z.string(), bytes: z.number().int(), resumedFrom: z.number().int() }),
    permission: 'models.admin',
  },
} satisfies Record<string, MethodSpec>;

// ----------------------------------------------------------------------------------------------
// Pure helpers for the UI.

/**
 * Accuracy-vs-latency points of a comparison: per model its p50 latency and its accuracy, which
 * is the agreement with the reference (first) model; the reference itself is left out, since it
 * agrees with itself by definition.
 */
export function accuracyLatencyPoints(
  r: z.infer<typeof modelCompareResultSchema>,
): Array<{ id: string; latencyMs: number; accuracy: number }> {
  return r.models
    .slice(1)
    .filter((m) => m.agreementF1 !== null)
    .map((m) => ({ id: m.id, latencyMs: m.latencyMs.p50, accuracy: m.agreementF1 as number }));
}

/** Whole percent of a comparison: every model's frames count the same. */
export function compareProgressPercent(p: CompareProgress, models: number): number {
  if (p.phase === 'done') return 100;
  if (p.phase === 'sampling' || !(p.total > 0) || !(models > 0)) return 0;
  const k = p.modelIndex ?? 0;
  return Math.min(100, Math.floor((100 * (k * p.total + p.done)) / (models * p.total)));
}

export interface ShadowBucketLike {
  bucketStart: number;
  frames: number;
  agreementF1: number;
  latencyP95Ms?: number;
  championLatencyP95Ms?: number;
}

/**
 * Shadow buckets of several cameras merged per bucket start, oldest first: agreement weighted by
 * frames (in %), and the worst p95 of challenger and champion (the gate compares p95s too).
 */
export function shadowSeriesByHour(buckets: readonly ShadowBucketLike[]): Array<{
  bucketStart: number;
  frames: number;
  agreementPct: number;
  challengerP95Ms?: number;
  championP95Ms?: number;
}> {
  const by = new Map<number, ShadowBucketLike[]>();
  for (const b of buckets) by.set(b.bucketStart, [...(by.get(b.bucketStart) ?? []), b]);
  const max = (xs: Array<number | undefined>) => {
    const v = xs.filter((x): x is number => x !== undefined);
    return v.length ? Math.max(...v) : undefined;
  };
  return [...by.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucketStart, bs]) => {
      const frames = bs.reduce((s, b) => s + b.frames, 0);
      const agree = frames ? bs.reduce((s, b) => s + b.agreementF1 * b.frames, 0) / frames : 0;
      const challengerP95Ms = max(bs.map((b) => b.latencyP95Ms));
      const championP95Ms = max(bs.map((b) => b.championLatencyP95Ms));
      return {
        bucketStart,
        frames,
        agreementPct: Math.round(agree * 1000) / 10,
        ...(challengerP95Ms !== undefined ? { challengerP95Ms } : {}),
        ...(championP95Ms !== undefined ? { championP95Ms } : {}),
      };
    });
}

/** Three numbers (mean or std per channel) from text such as `0.485, 0.456, 0.406`. */
export function parseChannelTriple(text: string): [number, number, number] | undefined {
  const parts = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return undefined;
  return [parts[0], parts[1], parts[2]];
}
