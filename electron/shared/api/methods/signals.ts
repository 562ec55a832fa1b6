import { z } from 'zod';
import { cameraIdSchema } from '../../config/camera';
import { detectionSchema, signalStateSchema } from '../../domain/detection';
import type { MethodSpec } from '../method-spec';

/**
 * What systems around the control room push in: a traffic-light controller's phase for a
 * camera's `external` signal (the red-light rule), and single frames to analyse (the seed
 * system's `POST /ingest/frame`). Reachable over the UI's transports and over REST with a key.
 */

export const externalSignalSchema = z
  .object({
    cameraId: cameraIdSchema,
    /** A signal of the camera's rule set whose source is `external`. */
    signalId: z.string().min(1).max(64),
    state: signalStateSchema,
    /** When the controller switched to this state (epoch ms); now if omitted. */
    at: z.number().optional(),
    /** The state turns `unknown` after this many seconds without a new message (controller lost). */
    ttlSec: z.number().min(1).max(3600).default(120),
  })
  .strict();
export type ExternalSignal = z.infer<typeof externalSignalSchema>;

export const analyzeFrameResultSchema = z.object({
  modelId: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Boxes in the posted image's pixels. */
  detections: z.array(detectionSchema),
  provider: z.string(),
  inferenceMs: z.number().nonnegative(),
});
export type AnalyzeFrameResult = z.infer<typeof analyzeFrameResultSchema>;

/** Largest image accepted by `frames.analyze` (base64 of an 8 MB JPEG/PNG). */
export const ANALYZE_FRAME_MAX_BASE64 = Math.ceil((8 * 1024 * 1024 * 4) / 3) + 4;

export const signalMethods = {
  'signals.set': {
    params: externalSignalSchema,
    result: z.object({ applied: z.boolean(), cameraId: z.string(), signalId: z.string() }),
    permission: 'config',
  },
  /**
   * Runs one posted JPEG or PNG through a model: the camera's model when `cameraId` is given,
   * else `modelId` (an installed model). Nothing is stored.
   */
  'frames.analyze': {
    params: z
      .object({
        imageBase64: z.string().min(8).max(ANALYZE_FRAME_MAX_BASE64),
        cameraId: cameraIdSchema.optional(),
        modelId: z.string().min(1).max(128).optional(),
        scoreThreshold: z.number().min(0.01).max(1).default(0.25),
      })
      .strict()
      .refine((p) => p.cameraId !== undefined || p.modelId !== undefined, {
        message: 'cameraId or modelId is required',
      }),
    result: analyzeFrameResultSchema,
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;
