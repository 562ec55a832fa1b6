import { z } from 'zod';
import { cameraConfigSchema, cameraStatusSchema } from '../../electron/common/config/camera';
import { calibrationConfigSchema } from '../../electron/common/config/calibration';
import { ruleSetSchema } from '../../electron/common/config/rules';
import { infractionEventSchema } from '../../electron/common/domain/infraction';

/**
 * Messages between the host and an inference worker process. Raw frames never cross this
 * boundary: only status, detections, events and preview JPEGs. The host validates everything a
 * worker sends (a worker is our code, but a crashed or confused one must not take the host down).
 */

export const inferenceSettingsSchema = z.object({
  /** Preferred execution provider; the worker falls back down cuda → tensorrt → webgpu → cpu. */
  provider: z.enum(['cuda', 'tensorrt', 'webgpu', 'cpu']).default('cpu'),
  intraOpThreads: z.number().int().min(0).max(64).default(0),
  interOpThreads: z.number().int().min(0).max(64).default(0),
});
export type InferenceSettings = z.infer<typeof inferenceSettingsSchema>;

export const detectionSchema = z.object({
  /** Box in source-frame pixels (letterbox already undone). */
  x1: z.number(),
  y1: z.number(),
  x2: z.number(),
  y2: z.number(),
  score: z.number(),
  classId: z.number().int(),
  label: z.string(),
  trackId: z.number().int().optional(),
  speedKmh: z.number().optional(),
});
export type WireDetection = z.infer<typeof detectionSchema>;

/** The active calibration and rule set of a camera (latest saved versions), if any. */
export const cameraSceneSchema = z.object({
  calibration: calibrationConfigSchema.optional(),
  rules: ruleSetSchema.optional(),
});
export type CameraScene = z.infer<typeof cameraSceneSchema>;

/** What a worker needs to run one camera: its config plus its scene (tracking, speed, rules). */
export const workerCameraSchema = cameraConfigSchema.extend({
  scene: cameraSceneSchema.optional(),
});
export type WorkerCamera = z.infer<typeof workerCameraSchema>;

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

/** The detections computed on one frame, in that frame's source pixels. */
export const frameDetectionsSchema = z.object({
  cameraId: z.string(),
  frameId: z.number().int(),
  ts: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  detections: z.array(detectionSchema),
});

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
]);
export type WorkerToHost = z.infer<typeof workerToHostSchema>;
