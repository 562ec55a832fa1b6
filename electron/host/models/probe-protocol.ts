import { z } from 'zod';
import { detectionSchema } from '../../shared/domain/detection';
import { LAYOUTS } from '../../shared/domain/model-layout';
import { normalisationSchema } from '../../shared/domain/model-registry';
import { inferenceSettingsSchema } from '../../shared/protocol/worker-protocol';
import { bytesSchema } from '../../shared/protocol/worker-protocol';

/**
 * Messages between the host and a model probe: a short-lived process that opens one ONNX model
 * (validation at import, or one run on a frame for "try on a frame") so that neither a slow model
 * load nor a crash of ONNX Runtime on a hostile file can stall or take down the host. Both sides
 * validate what they receive.
 */

const overrideSchema = z.object({
  layout: z.enum(LAYOUTS).optional(),
  labels: z.array(z.string()).optional(),
  inputWidth: z.number().int().positive().optional(),
  inputHeight: z.number().int().positive().optional(),
  strides: z.array(z.number().int().positive()).optional(),
  logits: z.boolean().optional(),
  normalisation: normalisationSchema.optional(),
});

export const probeJobSchema = z.discriminatedUnion('type', [
  /** Classifier or embedding import: what the shapes say, and whether ONNX Runtime loads it. */
  z.object({
    type: z.literal('describe'),
    file: z.string(),
    displayName: z.string(),
    labels: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal('validate'),
    file: z.string(),
    /** Shown in messages instead of the temp file's path. */
    displayName: z.string(),
    labels: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal('try'),
    modelPath: z.string(),
    override: overrideSchema,
    jpeg: bytesSchema,
    ffmpegPath: z.string(),
    inference: inferenceSettingsSchema,
    scoreThreshold: z.number().min(0).max(1),
    iouThreshold: z.number().min(0).max(1),
    maxDetections: z.number().int().positive(),
    /** Any decoding error refuses the frame (a posted image); off, ffmpeg conceals damage. */
    strictDecode: z.boolean().optional(),
  }),
  /** Search by appearance from a picture: the embedding model on the whole (cropped) image. */
  z.object({
    type: z.literal('embed'),
    modelPath: z.string(),
    image: bytesSchema,
    inference: inferenceSettingsSchema,
  }),
  /** Models → Compare: every model (installed ids, in `modelsDir`) on the same images. */
  z.object({
    type: z.literal('compare'),
    modelsDir: z.string(),
    models: z.array(z.string()).min(1),
    images: z.array(z.object({ name: z.string(), bytes: bytesSchema })).min(1),
    inference: inferenceSettingsSchema,
    scoreThreshold: z.number().min(0).max(1),
  }),
]);
export type ProbeJob = z.infer<typeof probeJobSchema>;

export const probeSpecSchema = z.object({
  layout: z.enum(LAYOUTS),
  inputName: z.string(),
  inputWidth: z.number().int().positive(),
  inputHeight: z.number().int().positive(),
  dynamicBatch: z.boolean(),
  numClasses: z.number().int().positive(),
  labels: z.array(z.string()),
  outputNames: z.array(z.string()),
  strides: z.array(z.number()),
  logits: z.boolean(),
  normalisation: normalisationSchema.optional(),
});

const tensorInfo = z.object({ name: z.string(), dims: z.array(z.union([z.number(), z.string()])) });

export const probeReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('described'),
    task: z.enum(['detect', 'classify', 'embed']),
    inputWidth: z.number().int().positive(),
    inputHeight: z.number().int().positive(),
    /** Classes (detect, classify) or embedding width (embed). */
    outputs: z.number().int().positive(),
    normalisation: z.record(z.string(), z.unknown()),
    licence: z.string().optional(),
  }),
  z.object({
    type: z.literal('validated'),
    spec: probeSpecSchema,
    info: z.object({
      irVersion: z.number(),
      producer: z.string(),
      opsetVersion: z.number().optional(),
      inputs: z.array(tensorInfo),
      outputs: z.array(tensorInfo),
      metadata: z.record(z.string(), z.string()),
    }),
  }),
  z.object({
    type: z.literal('tried'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    detections: z.array(detectionSchema),
    layout: z.enum(LAYOUTS),
    inputWidth: z.number().int().positive(),
    inputHeight: z.number().int().positive(),
    provider: z.enum(['cuda', 'tensorrt', 'webgpu', 'cpu']),
    providerNote: z.string().optional(),
    inferenceMs: z.number().nonnegative(),
    preprocessMs: z.number().nonnegative(),
  }),
  /** Sent while a comparison runs: one model finished one more frame. */
  z.object({
    type: z.literal('progress'),
    modelIndex: z.number().int().nonnegative(),
    model: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('embedded'),
    vector: z.array(z.number()),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  z.object({
    type: z.literal('compared'),
    /** The comparison (electron/shared/api/methods/model-compare.ts checks its shape). */
    report: z.record(z.string(), z.unknown()),
  }),
  z.object({
    type: z.literal('failed'),
    code: z.string(),
    message: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
]);
export type ProbeReply = z.infer<typeof probeReplySchema>;
