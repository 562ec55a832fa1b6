import { z } from 'zod';
import {
  evidenceFileSchema,
  infractionEventSchema,
  infractionTypeSchema,
  reviewStatusSchema,
} from '../../domain/infraction';

/**
 * API methods of the store area (auth, users, review, audit, reports, sync): zod params/result
 * per method plus the permission the host checks before running it. Pure: usable by the host's
 * API layer and by the UI client alike.
 */

export const roleSchema = z.enum(['admin', 'supervisor', 'operator', 'auditor']);
export type Role = z.infer<typeof roleSchema>;

/**
 * `public`: no session needed (login, first-admin setup). Every other permission needs a live
 * session whose role grants it.
 */
export const permissionSchema = z.enum([
  'public',
  'session',
  'live',
  'review.read',
  'review.decide',
  'reports',
  'config',
  'users',
  'audit',
  'sync.read',
  'sync.admin',
  /** Import and remove detection models (Settings → Models): administrators only. */
  'models.admin',
]);
export type Permission = z.infer<typeof permissionSchema>;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: permissionSchema.options,
  supervisor: [
    'public',
    'session',
    'live',
    'review.read',
    'review.decide',
    'reports',
    'config',
    'sync.read',
  ],
  operator: ['public', 'session', 'live', 'review.read', 'review.decide', 'sync.read'],
  auditor: ['public', 'session', 'live', 'review.read', 'reports', 'audit', 'sync.read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: z.number().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type User = z.infer<typeof userSchema>;

const username = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'username: letters, digits and . _ @ - only');
const password = z.string().min(8).max(256);

export const storedEvidenceSchema = evidenceFileSchema.extend({
  /** The bytes are on this workstation (false: still downloading from the shared server). */
  present: z.boolean(),
  /** Set once retention deleted the bytes. */
  prunedAt: z.number().optional(),
});
export type StoredEvidence = z.infer<typeof storedEvidenceSchema>;

export const infractionRecordSchema = infractionEventSchema.extend({
  evidence: z.array(storedEvidenceSchema),
  status: reviewStatusSchema,
  reason: z.string().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.number().optional(),
  /** OCR text before the first human edit (plate.rawText keeps the raw OCR read as well). */
  plateOriginalText: z.string().optional(),
  plateEditedBy: z.string().optional(),
  plateEditedAt: z.number().optional(),
  /** Optimistic version: decisions must name the version they were made on. */
  version: z.number().int().positive(),
  origin: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type InfractionRecord = z.infer<typeof infractionRecordSchema>;

export const reviewActionSchema = z.enum(['validate', 'reject', 'appeal', 'close']);
export type ReviewAction = z.infer<typeof reviewActionSchema>;

export const infractionFilterSchema = z.object({
  status: z.array(reviewStatusSchema).optional(),
  type: z.array(infractionTypeSchema).optional(),
  cameraId: z.string().optional(),
  zoneId: z.string().optional(),
  from: z.number().optional(),
  to: z.number().optional(),
  /** Exact normalised plate text, or a prefix ending in `*`. */
  plate: z.string().max(32).optional(),
});
export type InfractionFilter = z.infer<typeof infractionFilterSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  origin: z.string(),
  originSeq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

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

const ok = z.object({ ok: z.literal(true) });
const dayParam = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  /** Minutes east of UTC of the day's local time zone (Lima: -300, Madrid: 60 or 120). */
  tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
  cameraId: z.string().optional(),
});

export const dailyReportSchema = z.object({
  date: z.string(),
  total: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
  byStatus: z.record(z.string(), z.number().int()),
  byHour: z.array(z.number().int()).length(24),
  topPlates: z.array(z.object({ plate: z.string(), count: z.number().int() })),
  avgSpeedExcessKmh: z.number().optional(),
  lines: z.array(z.object({ lineId: z.string(), direction: z.string(), count: z.number().int() })),
});
export type DailyReport = z.infer<typeof dailyReportSchema>;

interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  permission: Permission;
}

export const storeMethods = {
  'auth.login': {
    params: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
    result: z.object({ token: z.string(), expiresAt: z.number(), user: userSchema }),
    permission: 'public',
  },
  'auth.logout': { params: z.object({}), result: ok, permission: 'session' },
  'auth.me': {
    params: z.object({}),
    result: z.object({ user: userSchema, expiresAt: z.number() }),
    permission: 'session',
  },
  'auth.needsFirstAdmin': {
    params: z.object({}),
    result: z.object({ needed: z.boolean() }),
    permission: 'public',
  },
  'auth.createFirstAdmin': {
    params: z.object({ username, password, displayName: z.string().min(1).max(120) }),
    result: z.object({ token: z.string(), expiresAt: z.number(), user: userSchema }),
    permission: 'public',
  },
  'auth.changePassword': {
    params: z.object({ currentPassword: z.string().min(1), newPassword: password }),
    result: ok,
    permission: 'session',
  },
  'users.list': {
    params: z.object({}),
    result: z.object({ users: z.array(userSchema) }),
    permission: 'users',
  },
  'users.create': {
    params: z.object({
      username,
      password,
      displayName: z.string().min(1).max(120),
      role: roleSchema,
    }),
    result: z.object({ user: userSchema }),
    permission: 'users',
  },
  'users.update': {
    params: z.object({
      id: z.string(),
      displayName: z.string().min(1).max(120).optional(),
      role: roleSchema.optional(),
      password: password.optional(),
      /** Clears a lock-out. */
      unlock: z.boolean().optional(),
    }),
    result: z.object({ user: userSchema }),
    permission: 'users',
  },
  'users.disable': {
    params: z.object({ id: z.string(), disabled: z.boolean().default(true) }),
    result: z.object({ user: userSchema }),
    permission: 'users',
  },
  'infractions.list': {
    params: infractionFilterSchema.extend({
      limit: z.number().int().min(1).max(200).default(50),
      /** Opaque cursor from the previous page's `nextCursor`. */
      cursor: z.string().optional(),
    }),
    result: z.object({ items: z.array(infractionRecordSchema), nextCursor: z.string().optional() }),
    permission: 'review.read',
  },
  'infractions.get': {
    params: z.object({ id: z.string() }),
    result: z.object({ infraction: infractionRecordSchema, history: z.array(auditEntrySchema) }),
    permission: 'review.read',
  },
  'infractions.decide': {
    params: z.object({
      id: z.string(),
      action: reviewActionSchema,
      reason: z.string().max(2000).optional(),
      /** The version the operator looked at; a different current version means someone else acted. */
      expectedVersion: z.number().int().positive(),
    }),
    result: z.object({ infraction: infractionRecordSchema }),
    permission: 'review.decide',
  },
  'infractions.editPlate': {
    params: z.object({
      id: z.string(),
      text: z.string().min(1).max(32),
      expectedVersion: z.number().int().positive(),
    }),
    result: z.object({ infraction: infractionRecordSchema }),
    permission: 'review.decide',
  },
  'audit.list': {
    params: z.object({
      actor: z.string().optional(),
      action: z.string().optional(),
      target: z.string().optional(),
      from: z.number().optional(),
      to: z.number().optional(),
      before: z.number().optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    result: z.object({ entries: z.array(auditEntrySchema) }),
    permission: 'audit',
  },
  'audit.verify': {
    params: z.object({}),
    result: z.object({
      ok: z.boolean(),
      checked: z.number().int(),
      problems: z.array(
        z.object({
          origin: z.string(),
          originSeq: z.number().int(),
          kind: z.enum(['modified', 'missing', 'broken-link']),
        }),
      ),
    }),
    permission: 'audit',
  },
  'reports.daily': { params: dayParam, result: dailyReportSchema, permission: 'reports' },
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
} as const satisfies Record<string, MethodSpec>;

export type StoreMethodName = keyof typeof storeMethods;
export type StoreParams<M extends StoreMethodName> = z.input<(typeof storeMethods)[M]['params']>;
export type StoreParsedParams<M extends StoreMethodName> = z.output<
  (typeof storeMethods)[M]['params']
>;
export type StoreResult<M extends StoreMethodName> = z.output<(typeof storeMethods)[M]['result']>;
