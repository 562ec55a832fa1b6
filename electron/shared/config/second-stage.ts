import { z } from 'zod';

/**
 * Second-stage models of a camera: a classifier (vehicle type, colour, attributes) or an embedding
 * model (re-identification, search by appearance) run on each track's best crop, at most once per
 * track per `minIntervalSec`, and never more than `maxRunsPerSec` for the camera, so they can never
 * starve detection. Off by default (no models).
 */
export const secondStageModelSchema = z
  .object({
    /** Installed model id (registry id or alias) or a path to an .onnx file. */
    model: z.string().min(1).max(200),
    task: z.enum(['classify', 'embed']),
    /** Detector classes it runs on (e.g. person); empty: every class. */
    classes: z.array(z.string().min(1).max(100)).max(100).default([]),
    /** At most one run per track per this many seconds (a better view waits until then). */
    minIntervalSec: z.number().min(0).max(3600).default(5),
    /** Classifier: labels kept per track (best first) and the least probability kept. */
    topK: z.number().int().min(1).max(10).default(3),
    minScore: z.number().min(0).max(1).default(0.2),
  })
  .strict();
export type SecondStageModel = z.infer<typeof secondStageModelSchema>;

/**
 * Re-identification on the live camera (only with an embedding model): a track lost behind an
 * occlusion and found again within `windowSec` takes its old id back when its appearance matches
 * (cosine at least `minSimilarity`), so events, rules and the track history see one identity.
 */
export const reattachConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    windowSec: z.number().min(1).max(60).default(10),
    minSimilarity: z.number().min(0.3).max(1).default(0.7),
  })
  .strict();
export type ReattachConfig = z.infer<typeof reattachConfigSchema>;

export const secondStageConfigSchema = z
  .object({
    models: z.array(secondStageModelSchema).max(4).default([]),
    /** Runs per second for this camera, all its second-stage models together. */
    maxRunsPerSec: z.number().min(0.1).max(50).default(4),
    reattach: reattachConfigSchema.prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.models.filter((m) => m.task === 'embed').length > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['models'],
        message: 'at most one embedding model per camera',
      });
  });
export type SecondStageConfig = z.infer<typeof secondStageConfigSchema>;

/** Whether the camera re-attaches lost tracks: it has an embedding model and has not turned it off. */
export function reattachEnabled(c: SecondStageConfig): boolean {
  return c.reattach.enabled && c.models.some((m) => m.task === 'embed');
}
