import { z } from 'zod';
import { frameDetectionsSchema, signalStateSchema } from '../domain/detection';
import { cameraConfigSchema, cameraStatusSchema } from '../config/camera';
import { calibrationConfigSchema } from '../config/calibration';
import { ruleSetSchema } from '../config/rules';
import { plateCountriesSchema } from '../domain/plate-country';
import { infractionEventSchema, infractionTypeSchema } from '../domain/infraction';
import { workerMetricsSnapshotSchema } from './worker-metrics';
import { finishedTrackSchema } from '../domain/track-history';
import { EMBEDDING_MAX_DIMS } from '../domain/track-appearance';

/**
 * Messages between the host and an inference worker process. Raw frames never cross this
 * boundary: only status, detections, events and preview JPEGs. The host validates everything a
 * worker sends (a worker is our code, but a crashed or confused one must not take the host down).
 */

/** What a host, a camera or a command may ask for; `auto` tries the GPUs and falls back to CPU. */
export const PROVIDER_CHOICES = ['auto', 'cuda', 'tensorrt', 'webgpu', 'cpu'] as const;
export const providerChoiceSchema = z.enum(PROVIDER_CHOICES);
export type ProviderChoice = z.infer<typeof providerChoiceSchema>;

export const inferenceSettingsSchema = z.object({
  /**
   * Preferred execution provider; `auto` (default) tries cuda → tensorrt → webgpu and runs on the
   * CPU when none starts; a named one falls back down the same order.
   */
  provider: providerChoiceSchema.default('auto'),
  /** GPU index for cuda / tensorrt; unset: 0. */
  deviceId: z.number().int().min(0).max(64).optional(),
  intraOpThreads: z.number().int().min(0).max(64).default(0),
  interOpThreads: z.number().int().min(0).max(64).default(0),
});
export type InferenceSettings = z.infer<typeof inferenceSettingsSchema>;

/** The active calibration and rule set of a camera (latest saved versions), if any. */
export const cameraSceneSchema = z.object({
  calibration: calibrationConfigSchema.optional(),
  rules: ruleSetSchema.optional(),
});
export type CameraScene = z.infer<typeof cameraSceneSchema>;

/** What a worker needs to run one camera: its config plus its scene (tracking, speed, rules). */
/**
 * Shadow mode: a challenger model run beside the champion on sampled frames (at most one every
 * `minIntervalMs`, never while its previous run is busy); it produces no events, only figures.
 */
export const shadowSpecSchema = z.object({
  /** The challenger's file (a registry version), resolved by the host. */
  modelId: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  championSha256: z.string().regex(/^[0-9a-f]{64}$/),
  minIntervalMs: z.number().int().min(100).max(3_600_000).default(1000),
});
export type ShadowSpec = z.infer<typeof shadowSpecSchema>;

export const workerCameraSchema = cameraConfigSchema.extend({
  scene: cameraSceneSchema.optional(),
  shadow: shadowSpecSchema.optional(),
});
export type WorkerCamera = z.infer<typeof workerCameraSchema>;

/** Objects per class label in a zone event; a bounded number of classes. */
const zoneClassCountsSchema = z
  .record(z.string().min(1).max(100), z.number().int().nonnegative())
  .refine((r) => Object.keys(r).length <= 200, { message: 'at most 200 classes' });

/** Domain events a worker produces, as data. */
export const sceneEventSchema = z.discriminatedUnion('kind', [
  /** Sealed (hash-chained) infraction whose evidence files are already written. */
  z.object({ kind: z.literal('infraction'), infraction: infractionEventSchema }),
  z.object({
    kind: z.literal('count'),
    lineId: z.string(),
    ruleId: z.string(),
    trackId: z.number().int(),
    classLabel: z.string(),
    direction: z.string(),
    ts: z.number(),
  }),
  /**
   * A zone's entries and occupancy changed (sent on change only, never per frame): objects that
   * entered since the last report and objects inside now, per class (0 for a class just emptied).
   */
  z.object({
    kind: z.literal('zone'),
    zoneId: z.string().min(1).max(64),
    ts: z.number(),
    entered: zoneClassCountsSchema,
    occupancy: zoneClassCountsSchema,
  }),
  /** A track ended: its history (path, zone visits, line crossings, speed, best view). */
  z.object({ kind: z.literal('track'), track: finishedTrackSchema }),
  /** Evidence could not be written: the rule break is still reported, with the reason. */
  z.object({
    kind: z.literal('evidence-failed'),
    ruleId: z.string(),
    trackId: z.number().int(),
    reason: z.string(),
  }),
]);
export type SceneEventMessage = z.infer<typeof sceneEventSchema>;

/** Binary payload (structured clone / V8 serialization keep it binary across the process boundary). */
export const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');

/** A preview JPEG of one camera frame: what the wall paints (worker → host → UI, same shape). */
export const previewFrameSchema = z.object({
  cameraId: z.string(),
  /** Monotonic per camera; detections carry the same id so overlays match their frame. */
  frameId: z.number().int(),
  ts: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  jpeg: bytesSchema,
});

/**
 * Test mode of the calibration tool: the camera's recent detections replayed through a fresh
 * scene analyzer built from a draft calibration and rule set. What would have fired; nothing is
 * stored and no evidence is written.
 */
export const sceneTestRequestSchema = z.object({
  requestId: z.string().min(1).max(64),
  cameraId: z.string(),
  calibration: calibrationConfigSchema.optional(),
  rules: ruleSetSchema,
  /** How far back to replay, from the newest remembered frame. */
  seconds: z.number().positive().max(120),
});
export type SceneTestRequest = z.infer<typeof sceneTestRequestSchema>;

const boxSchema = z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() });

/** One rule firing in a replay: an infraction or alert (`type`), or a line count (`count`). */
export const sceneTestEventSchema = z.object({
  type: z.union([infractionTypeSchema, z.literal('count')]),
  ruleId: z.string(),
  /** Frame timestamp (epoch ms for live cameras). */
  tsMs: z.number(),
  frameId: z.number().int(),
  trackId: z.number().int(),
  classLabel: z.string(),
  speedKmh: z.number().optional(),
  limitKmh: z.number().optional(),
  measured: z.record(z.string(), z.number()).default({}),
  zoneId: z.string().optional(),
  lineId: z.string().optional(),
  direction: z.string().optional(),
  /** The object's box on that frame, in the pixels of a `frameWidth`×`frameHeight` frame. */
  box: boxSchema.optional(),
  frameWidth: z.number().int().positive(),
  frameHeight: z.number().int().positive(),
});
export type SceneTestEvent = z.infer<typeof sceneTestEventSchema>;

/** Crossings of one line in one direction during the replay (all classes). */
export const sceneTestCountSchema = z.object({
  lineId: z.string(),
  direction: z.enum(['left-to-right', 'right-to-left']),
  count: z.number().int().nonnegative(),
});
export type SceneTestCount = z.infer<typeof sceneTestCountSchema>;

export const sceneTestOutcomeSchema = z.object({
  framesReplayed: z.number().int().nonnegative(),
  fromMs: z.number(),
  toMs: z.number(),
  events: z.array(sceneTestEventSchema),
  /** More events fired than are listed (the list keeps the first ones). */
  truncated: z.boolean().default(false),
  counts: z.array(sceneTestCountSchema),
  /** Configuration problems the analyzer found (i18n code + English), e.g. a degenerate calibration. */
  problems: z.array(z.object({ code: z.string(), message: z.string() })).default([]),
});
export type SceneTestOutcome = z.infer<typeof sceneTestOutcomeSchema>;

export const sceneTestResultSchema = z.discriminatedUnion('ok', [
  sceneTestOutcomeSchema.extend({ requestId: z.string(), ok: z.literal(true) }),
  z.object({
    requestId: z.string(),
    ok: z.literal(false),
    /** i18n key, e.g. `ui.rules.test.noHistory`. */
    code: z.string(),
    error: z.string(),
  }),
]);
export type SceneTestResult = z.infer<typeof sceneTestResultSchema>;

const pixelBoxSchema = z.object({
  x1: z.number().finite(),
  y1: z.number().finite(),
  x2: z.number().finite(),
  y2: z.number().finite(),
});

/** Largest image the host sends for an on-demand plate read (a snapshot is a few hundred kB). */
export const MAX_PLATE_IMAGE_BYTES = 16 * 1024 * 1024;

/**
 * Review asks for the plate to be read again: the image is the stored evidence's bytes (the worker
 * never opens evidence files, so it cannot alter them), with the vehicle's box in its pixels when
 * the image is the whole snapshot.
 */
export const plateReadRequestSchema = z.object({
  requestId: z.string().min(1).max(64),
  image: bytesSchema.refine((b) => b.length > 0 && b.length <= MAX_PLATE_IMAGE_BYTES, {
    message: `image must be 1 byte to ${MAX_PLATE_IMAGE_BYTES} bytes`,
  }),
  vehicleBox: pixelBoxSchema.optional(),
  country: plateCountriesSchema.optional(),
});
export type PlateReadRequest = z.infer<typeof plateReadRequestSchema>;

const plateReadCandidateSchema = z.object({
  text: z.string(),
  rawText: z.string(),
  score: z.number(),
});

export const plateReadResultSchema = z.discriminatedUnion('ok', [
  z.object({
    requestId: z.string(),
    ok: z.literal(true),
    plate: z.object({
      text: z.string(),
      rawText: z.string(),
      confidence: z.number().min(0).max(1),
      country: z.string().optional(),
    }),
    /** Whole-plate box in the input image's pixels. */
    box: pixelBoxSchema,
    /** Rectified plate JPEG (shown to the operator, not stored). */
    cropJpeg: bytesSchema.optional(),
    candidates: z.array(plateReadCandidateSchema),
    elapsedMs: z.number(),
  }),
  z.object({
    requestId: z.string(),
    ok: z.literal(false),
    /** `plates.reason.*` from the reader, or `plates.read.unavailable` when it cannot load. */
    code: z.string(),
    message: z.string(),
    candidates: z.array(plateReadCandidateSchema).default([]),
    elapsedMs: z.number(),
  }),
]);
export type PlateReadResult = z.infer<typeof plateReadResultSchema>;

/**
 * A traffic-light controller's phase for one of a camera's `external` signals (host → the worker
 * that runs the camera). Times are epoch ms on the host's clock, which the worker's frames share.
 */
export const externalSignalStateSchema = z.object({
  cameraId: z.string().min(1).max(64),
  signalId: z.string().min(1).max(64),
  state: signalStateSchema,
  /** When the controller switched to this state. */
  atMs: z.number().finite(),
  /** When the host received it. */
  heardAtMs: z.number().finite(),
  /** Silence longer than this turns the state `unknown`. */
  ttlMs: z.number().finite().positive().max(3_600_000),
});
export type ExternalSignalState = z.infer<typeof externalSignalStateSchema>;

/**
 * The search by appearance asks the worker that runs a camera for the latest embedding it holds of
 * a track still in view (finished tracks are in the store). The worker answers from what its
 * second stage already computed; it runs no model for the request.
 */
export const liveEmbeddingRequestSchema = z.object({
  requestId: z.string().min(1).max(64),
  cameraId: z.string().min(1).max(64),
  trackId: z.number().int(),
});
export type LiveEmbeddingRequest = z.infer<typeof liveEmbeddingRequestSchema>;

/** `embedding` absent: no embedding model on that camera, track unknown or not embedded yet. */
export const liveEmbeddingResultSchema = z.object({
  requestId: z.string(),
  embedding: z
    .object({
      model: z.string(),
      vector: z.array(z.number().finite()).min(1).max(EMBEDDING_MAX_DIMS),
    })
    .optional(),
});
export type LiveEmbeddingResult = z.infer<typeof liveEmbeddingResultSchema>;

export const hostToWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    workerId: z.string(),
    dataDir: z.string(),
    ffmpegPath: z.string(),
    ffprobePath: z.string().optional(),
    modelsDir: z.string(),
    inference: inferenceSettingsSchema,
  }),
  z.object({ type: z.literal('set-cameras'), cameras: z.array(workerCameraSchema) }),
  z.object({ type: z.literal('ping'), t: z.number() }),
  z.object({ type: z.literal('shutdown') }),
  sceneTestRequestSchema.extend({ type: z.literal('test-scene') }),
  plateReadRequestSchema.extend({ type: z.literal('read-plate') }),
  liveEmbeddingRequestSchema.extend({ type: z.literal('live-embedding') }),
  /** Clips on or off for a camera: off while its evidence budget is full of protected evidence. */
  z.object({ type: z.literal('evidence-clips'), cameraId: z.string(), enabled: z.boolean() }),
  externalSignalStateSchema.extend({ type: z.literal('signal-state') }),
]);
export type HostToWorker = z.infer<typeof hostToWorkerSchema>;

export const workerToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({
    type: z.literal('pong'),
    t: z.number(),
    rssBytes: z.number(),
    cameras: z.number().int(),
    /** ffmpeg and other children, so the host can reap them if this worker dies hard. */
    childPids: z.array(z.number().int()).default([]),
  }),
  z.object({ type: z.literal('camera-status'), status: cameraStatusSchema }),
  previewFrameSchema.extend({ type: z.literal('preview') }),
  frameDetectionsSchema.extend({ type: z.literal('detections') }),
  /** Domain events as data (infractions, alerts, counts): shapes defined by the rules engine. */
  z.object({ type: z.literal('event'), cameraId: z.string(), event: sceneEventSchema }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    msg: z.string(),
    fields: z.record(z.string(), z.unknown()).optional(),
  }),
  /** Reply to `test-scene`, matched by requestId. */
  z.object({ type: z.literal('scene-test-result'), result: sceneTestResultSchema }),
  /** Reply to `read-plate`, matched by requestId. */
  z.object({ type: z.literal('plate-read-result'), result: plateReadResultSchema }),
  /** Reply to `live-embedding`, matched by requestId. */
  z.object({ type: z.literal('live-embedding-result'), result: liveEmbeddingResultSchema }),
  /** Stage timings and process figures aggregated since the previous one (see worker-metrics.ts). */
  z.object({ type: z.literal('metrics'), snapshot: workerMetricsSnapshotSchema }),
  /** One shadow run: the challenger against the champion on the same frame (no events). */
  z.object({
    type: z.literal('shadow-sample'),
    cameraId: z.string(),
    sha256: z.string(),
    championSha256: z.string(),
    at: z.number(),
    tp: z.number().int().nonnegative(),
    fp: z.number().int().nonnegative(),
    fn: z.number().int().nonnegative(),
    latencyMs: z.number().nonnegative(),
    championLatencyMs: z.number().nonnegative(),
    /** The challenger's boxes (source pixels), for matching the champion's events later. */
    boxes: z
      .array(
        z.object({
          x1: z.number(),
          y1: z.number(),
          x2: z.number(),
          y2: z.number(),
          label: z.string(),
        }),
      )
      .max(300),
  }),
]);
export type WorkerToHost = z.infer<typeof workerToHostSchema>;
