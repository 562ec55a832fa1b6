import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/**
 * API keys for integrators (Settings → API keys, `watcher apikey`): what the REST API under
 * `/api/v1` accepts instead of a user session. A key is `wk_<id>_<secret>`; the host keeps only
 * the secret's SHA-256, so the full key is shown once, when it is created.
 */

export const apiKeyScopeSchema = z.enum([
  'infractions:read',
  'infractions:decide',
  'evidence:read',
  'cameras:read',
  'signals:write',
  'frames:write',
  'alarms:read',
]);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/**
 * The contract methods each scope lets a key call (through the REST routes that name them). A
 * key is authorised per method: the dispatcher asks whether one of the key's scopes grants the
 * method, never what a role would allow.
 */
export const SCOPE_METHODS: Readonly<Record<ApiKeyScope, readonly string[]>> = {
  'infractions:read': ['infractions.list', 'infractions.get', 'fines.verify'],
  'infractions:decide': ['infractions.decide'],
  'evidence:read': ['infractions.get', 'evidence.exportPackage'],
  'cameras:read': ['cameras.list', 'cameras.statuses'],
  'signals:write': ['signals.set'],
  'frames:write': ['frames.analyze'],
  'alarms:read': ['alarms.list'],
};

/** Whether a key holding `scopes` may call `method`. */
export function scopesGrant(scopes: readonly ApiKeyScope[], method: string): boolean {
  return scopes.some((s) => SCOPE_METHODS[s].includes(method));
}

/** Requests per minute a key gets when its creator names none. */
export const DEFAULT_RATE_PER_MINUTE = 600;
export const MAX_RATE_PER_MINUTE = 600_000;

export const apiKeyNameSchema = z.string().trim().min(1).max(80);
export const apiKeyIdSchema = z
  .string()
  .regex(/^[a-z0-9]{8,32}$/, 'an API key id is 8-32 lowercase letters and digits');

/** A key as listed: never its secret nor its hash. */
export const apiKeyInfoSchema = z.object({
  id: apiKeyIdSchema,
  name: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  ratePerMinute: z.number().int().positive(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number().optional(),
  revokedAt: z.number().optional(),
  revokedBy: z.string().optional(),
  lastUsedAt: z.number().optional(),
});
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;

export const createApiKeySchema = z
  .object({
    name: apiKeyNameSchema,
    scopes: z.array(apiKeyScopeSchema).min(1).max(apiKeyScopeSchema.options.length),
    /** Days until the key stops working; never when omitted. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    ratePerMinute: z
      .number()
      .int()
      .min(1)
      .max(MAX_RATE_PER_MINUTE)
      .default(DEFAULT_RATE_PER_MINUTE),
  })
  .strict();
export type CreateApiKey = z.input<typeof createApiKeySchema>;

export const apiKeyMethods = {
  'apikeys.list': {
    params: z.object({}).strict(),
    result: z.object({ keys: z.array(apiKeyInfoSchema) }),
    permission: 'integrations',
  },
  /** Creates a key; `key` is the only time the full key is ever returned. */
  'apikeys.create': {
    params: createApiKeySchema,
    result: z.object({ key: z.string(), info: apiKeyInfoSchema }),
    permission: 'integrations',
  },
  /** Revokes a key at once (its next request gets 401); revoking twice changes nothing. */
  'apikeys.revoke': {
    params: z.object({ id: apiKeyIdSchema }).strict(),
    result: z.object({ info: apiKeyInfoSchema }),
    permission: 'integrations',
  },
} satisfies Record<string, MethodSpec>;
