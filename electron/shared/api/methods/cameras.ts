import { z } from 'zod';
import {
  cameraConfigSchema,
  cameraIdSchema,
  cameraSourceSchema,
  cameraStatusSchema,
} from '../../config/camera';
import type { MethodSpec } from '../method-spec';

/** The camera list, live statuses, and "test connection" for a source before it is saved. */
export const cameraMethods = {
  'cameras.list': {
    params: z.object({}).strict(),
    result: z.array(cameraConfigSchema),
    permission: 'live',
  },
  'cameras.statuses': {
    params: z.object({}).strict(),
    result: z.array(cameraStatusSchema),
    permission: 'live',
  },
  'cameras.upsert': {
    params: z.object({ camera: cameraConfigSchema }).strict(),
    result: cameraConfigSchema,
    permission: 'config',
  },
  'cameras.remove': {
    params: z.object({ id: cameraIdSchema }).strict(),
    result: z.object({ removed: z.boolean() }),
    permission: 'config',
  },
  /** Opens the source with ffmpeg and returns one frame, or the exact reason it could not. */
  'cameras.test': {
    params: z
      .object({
        source: cameraSourceSchema,
        timeoutMs: z.number().int().min(1000).max(30_000).default(10_000),
      })
      .strict(),
    result: z.object({
      ok: z.boolean(),
      /** Base64 JPEG of the first frame. */
      jpegBase64: z.string().optional(),
      width: z.number().int().optional(),
      height: z.number().int().optional(),
      errorCode: z.string().optional(),
      error: z.string().optional(),
      elapsedMs: z.number(),
    }),
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;
