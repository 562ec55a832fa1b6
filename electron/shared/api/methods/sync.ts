import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/** Sync with the shared PostgreSQL server: its status, settings and a connection test. */

export const syncStateSchema = z.enum(['disabled', 'connecting', 'connected', 'behind', 'error']);
export const syncStatusSchema = z.object({
  state: syncStateSchema,
  /** Local changes not yet on the shared server. */
  behind: z.number().int().nonnegative(),
  /** Evidence files announced by other workstations and not yet downloaded. */
  pendingDownloads: z.number().int().nonnegative(),
  /** i18n code + English text of the last failure (credentials redacted). */
  errorCode: z.string().optional(),
  error: z.string().optional(),
  lastSyncAt: z.number().optional(),
  nextRetryAt: z.number().optional(),
  /** Local changes refused because another workstation decided first. */
  conflicts: z.number().int().nonnegative(),
  server: z.string().optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncConfigSchema = z.object({
  /** `postgres://user:password@host:port/db`; the password is stored encrypted. */
  connectionString: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected postgres://...')
    .optional(),
  host: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  database: z.string().optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  tls: z.boolean().default(false),
  /** Disable syncing without forgetting the settings. */
  enabled: z.boolean().default(true),
});
export type SyncConfig = z.infer<typeof syncConfigSchema>;

export const syncMethods = {
  'sync.status': { params: z.object({}), result: syncStatusSchema, permission: 'sync.read' },
  'sync.configure': {
    params: syncConfigSchema,
    result: z.object({ status: syncStatusSchema }),
    permission: 'sync.admin',
  },
  'sync.test': {
    params: syncConfigSchema,
    result: z.object({
      ok: z.boolean(),
      errorCode: z.string().optional(),
      error: z.string().optional(),
      serverVersion: z.string().optional(),
      schemaVersion: z.number().int().optional(),
    }),
    permission: 'sync.admin',
  },
} satisfies Record<string, MethodSpec>;
