import { z } from 'zod';
import { cameraConfigSchema, cameraIdSchema, cameraStatusSchema } from '../../config/camera';
import type { MethodSpec } from '../method-spec';

export const workerStateSchema = z.object({
  workerId: z.string(),
  state: z.enum(['starting', 'running', 'restarting', 'stopped', 'failed']),
  pid: z.number().int().optional(),
  restarts: z.number().int().nonnegative(),
  cameras: z.array(z.string()),
  lastHeartbeatAt: z.number().optional(),
  rssBytes: z.number().optional(),
});
export type WorkerStateInfo = z.infer<typeof workerStateSchema>;

export const systemInfoSchema = z.object({
  version: z.string(),
  uptimeSec: z.number(),
  /** `electron` inside the desktop app, `node` under `watcher serve`. */
  runtime: z.enum(['electron', 'node']),
  ffmpeg: z.object({
    path: z.string(),
    source: z.enum(['env', 'bundled', 'path']),
    version: z.string(),
  }),
  workers: z.array(workerStateSchema),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** Methods of the host core (issue 2); other areas add theirs in sibling files. */
export const coreMethods = {
  'system.info': { params: z.object({}).strict(), result: systemInfoSchema, permission: 'live' },
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
} satisfies Record<string, MethodSpec>;
