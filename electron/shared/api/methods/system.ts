import { z } from 'zod';
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

/** The host itself: version, runtime, ffmpeg and the inference workers. */
export const systemMethods = {
  'system.info': { params: z.object({}).strict(), result: systemInfoSchema, permission: 'live' },
} satisfies Record<string, MethodSpec>;
