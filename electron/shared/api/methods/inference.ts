import { z } from 'zod';
import type { MethodSpec } from '../method-spec';
import { inferenceSettingsSchema, providerChoiceSchema } from '../../protocol/worker-protocol';

/**
 * The host-wide inference setting (Settings → System): which execution provider the live
 * cameras ask for, on which GPU, with how many ONNX Runtime threads. Saving restarts the
 * inference workers. `watcher serve --provider/--device-id/--threads` and WATCHER_PROVIDER,
 * WATCHER_DEVICE_ID, WATCHER_THREADS override the stored value (flags over environment).
 */

/** Where each effective value comes from. */
export const inferenceSourceSchema = z.enum(['flag', 'env', 'stored', 'default']);
export type InferenceSource = z.infer<typeof inferenceSourceSchema>;

export const inferenceSettingsViewSchema = z.object({
  /** What Settings → System saved (defaults when never saved). */
  stored: inferenceSettingsSchema,
  /** What the workers run with: the stored value under the command line and environment. */
  effective: inferenceSettingsSchema,
  sources: z.object({
    provider: inferenceSourceSchema,
    deviceId: inferenceSourceSchema,
    intraOpThreads: inferenceSourceSchema,
    interOpThreads: inferenceSourceSchema,
  }),
});
export type InferenceSettingsView = z.infer<typeof inferenceSettingsViewSchema>;

export const inferenceSaveParamsSchema = z
  .object({
    provider: providerChoiceSchema,
    deviceId: z.number().int().min(0).max(64).default(0),
    intraOpThreads: z.number().int().min(0).max(64).default(0),
    interOpThreads: z.number().int().min(0).max(64).default(0),
  })
  .strict();

export const inferenceMethods = {
  'inference.settings': {
    params: z.object({}).strict(),
    result: inferenceSettingsViewSchema,
    permission: 'config',
  },
  /** Stores the setting and restarts the inference workers with the effective result. */
  'inference.saveSettings': {
    params: inferenceSaveParamsSchema,
    result: inferenceSettingsViewSchema,
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;
