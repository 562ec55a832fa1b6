import { z } from 'zod';

/**
 * What an inference worker tells the host about its own work, for `/metrics`. A worker never
 * sends one message per frame: it folds every timing into fixed histogram buckets and sends what
 * accumulated since its previous snapshot every few seconds (`WORKER_METRICS_INTERVAL_MS`). The
 * host adds those deltas into its own totals, so the exposed counters keep growing across worker
 * restarts and a lost worker loses at most one interval.
 */

/** The pipeline stages a frame goes through inside a worker (a bounded label). */
export const PIPELINE_STAGES = [
  /** Reading one decoded frame from ffmpeg's pipe (first byte to whole frame). */
  'decode',
  /** Model input tensor from the letterboxed frame. */
  'preprocess',
  /** The detector: the ONNX session run, or the motion detector. */
  'infer',
  /** Decoding model outputs, NMS, mapping boxes back to the source frame. */
  'postprocess',
  /** Multi-object tracking and speed estimation. */
  'track',
  /** The camera's rule engine. */
  'rules',
  /** Cutting, sealing and signing one infraction's evidence (per infraction, not per frame). */
  'evidence',
] as const;
export const pipelineStageSchema = z.enum(PIPELINE_STAGES);
export type PipelineStage = z.infer<typeof pipelineStageSchema>;

/** Upper bounds (seconds) of the latency buckets, shared by every worker and the host. */
export const LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
] as const;

export const WORKER_METRICS_INTERVAL_MS = 5000;

/**
 * Observations in one interval: `counts[i]` falls in bucket i (not cumulative), the last entry
 * counts those above the largest bound (+Inf).
 */
export const histogramDeltaSchema = z.object({
  counts: z.array(z.number().int().nonnegative()).length(LATENCY_BUCKETS_SECONDS.length + 1),
  sum: z.number().nonnegative(),
  count: z.number().int().nonnegative(),
});
export type HistogramDelta = z.infer<typeof histogramDeltaSchema>;

const label = z.string().min(1).max(128);

export const workerMetricsSnapshotSchema = z.object({
  /** Whole-process CPU time since the worker started (user + system), seconds. */
  cpuSeconds: z.number().nonnegative(),
  rssBytes: z.number().nonnegative(),
  stages: z
    .array(z.object({ cameraId: label, stage: pipelineStageSchema, h: histogramDeltaSchema }))
    .max(4096),
  /** Detector run time by model and execution provider (motion detector: model `motion`). */
  inference: z.array(z.object({ model: label, provider: label, h: histogramDeltaSchema })).max(256),
  /** Frames waiting for the detector now, per camera. */
  inferenceQueue: z.array(z.object({ cameraId: label, frames: z.number().int().nonnegative() })),
});
export type WorkerMetricsSnapshot = z.infer<typeof workerMetricsSnapshotSchema>;

/** Bucket index of one observation (seconds). */
export function bucketIndex(seconds: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++)
    if (seconds <= LATENCY_BUCKETS_SECONDS[i]) return i;
  return LATENCY_BUCKETS_SECONDS.length;
}

export function emptyHistogram(): HistogramDelta {
  return {
    counts: new Array<number>(LATENCY_BUCKETS_SECONDS.length + 1).fill(0),
    sum: 0,
    count: 0,
  };
}

/** Adds one delta into running totals (in place). */
export function addHistogram(into: HistogramDelta, delta: HistogramDelta): HistogramDelta {
  for (let i = 0; i < into.counts.length; i++) into.counts[i] += delta.counts[i] ?? 0;
  into.sum += delta.sum;
  into.count += delta.count;
  return into;
}

/**
 * Folds observations into buckets, keyed by a bounded label set; `take()` returns what
 * accumulated since the previous take and starts afresh.
 */
export class HistogramAccumulator<K> {
  private current = new Map<string, { key: K; h: HistogramDelta }>();

  observe(key: K, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    const id = JSON.stringify(key);
    let entry = this.current.get(id);
    if (!entry) this.current.set(id, (entry = { key, h: emptyHistogram() }));
    entry.h.counts[bucketIndex(seconds)]++;
    entry.h.sum += seconds;
    entry.h.count++;
  }

  take(): { key: K; h: HistogramDelta }[] {
    const out = [...this.current.values()];
    this.current = new Map();
    return out;
  }
}
