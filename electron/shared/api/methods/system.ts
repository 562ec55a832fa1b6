import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

export const workerStateSchema = z.object({
  workerId: z.string(),
  /** `unresponsive`: it missed its heartbeats and is about to be restarted. */
  state: z.enum(['starting', 'running', 'unresponsive', 'restarting', 'stopped', 'failed']),
  pid: z.number().int().optional(),
  restarts: z.number().int().nonnegative(),
  cameras: z.array(z.string()),
  lastHeartbeatAt: z.number().optional(),
  rssBytes: z.number().optional(),
});
export type WorkerStateInfo = z.infer<typeof workerStateSchema>;

/** The ffmpeg the host decodes with: which build, how old, and whether that is too old. */
export const ffmpegInfoSchema = z.object({
  path: z.string(),
  source: z.enum(['env', 'bundled', 'path']),
  version: z.string(),
  /** The FFmpeg release it is or follows, e.g. `5.1`. */
  release: z.string().optional(),
  /** Year of its sources. */
  year: z.number().int().optional(),
  /** More than five years old: a risk when decoding untrusted network streams. */
  outdated: z.boolean(),
});
export type FfmpegInfo = z.infer<typeof ffmpegInfoSchema>;
export const evidenceBudgetLevelSchema = z.enum(['ok', 'warn', 'full']);
export type EvidenceBudgetLevel = z.infer<typeof evidenceBudgetLevelSchema>;

/** One camera's evidence on disk against its budget (`evidence.diskBudgetMB` of its config). */
export const evidenceUsageSchema = z.object({
  cameraId: z.string(),
  usedBytes: z.number().nonnegative(),
  budgetBytes: z.number().nonnegative(),
  /** Bytes of pending, validated, appealed, closed or locked cases: never deleted by retention. */
  protectedBytes: z.number().nonnegative(),
  warnAtPercent: z.number(),
  /** `warn`: at or above warnAtPercent; `full`: over budget with only protected evidence left. */
  level: evidenceBudgetLevelSchema,
  /** False while full: new infractions are sealed with stills only (no clip). */
  clipsAllowed: z.boolean(),
  checkedAt: z.number(),
});
export type EvidenceUsage = z.infer<typeof evidenceUsageSchema>;

export const systemInfoSchema = z.object({
  version: z.string(),
  uptimeSec: z.number(),
  /** `electron` inside the desktop app, `node` under `watcher serve`. */
  runtime: z.enum(['electron', 'node']),
  ffmpeg: ffmpegInfoSchema,
  workers: z.array(workerStateSchema),
  /** Evidence disk use per camera, as of the last budget check. */
  evidence: z.array(evidenceUsageSchema).default([]),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** The host itself: version, runtime, ffmpeg and the inference workers. */
export const systemMethods = {
  'system.info': { params: z.object({}).strict(), result: systemInfoSchema, permission: 'live' },
} satisfies Record<string, MethodSpec>;
