import { z } from 'zod';
import { permissionSchema, type MethodSpec, type Permission } from '../method-spec';
import { MIN_PASSWORD_LENGTH } from '../param-errors';

export { permissionSchema, type Permission };

/**
 * Sign-in and roles: who may call what. `ROLE_PERMISSIONS` maps every role to the permissions the
 * host checks on each call (see method-spec.ts).
 */

export const roleSchema = z.enum(['admin', 'supervisor', 'operator', 'auditor']);
export type Role = z.infer<typeof roleSchema>;

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
    'evidence.lock',
    'alarms.read',
    'alarms.act',
    'ptz',
  ],
  operator: [
    'public',
    'session',
    'live',
    'review.read',
    'review.decide',
    // Reading reports and exporting them; scheduling them stays with `config`.
    'reports',
    'sync.read',
    'alarms.read',
    'alarms.act',
    'ptz',
  ],
  auditor: [
    'public',
    'session',
    'live',
    'review.read',
    'reports',
    'audit',
    'sync.read',
    'alarms.read',
  ],
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

export const usernameSchema = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'username: letters, digits and . _ @ - only');
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(256);

const ok = z.object({ ok: z.literal(true) });

export const authMethods = {
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
    params: z.object({
      username: usernameSchema,
      password: passwordSchema,
      displayName: z.string().min(1).max(120),
    }),
    result: z.object({ token: z.string(), expiresAt: z.number(), user: userSchema }),
    permission: 'public',
  },
  'auth.changePassword': {
    params: z.object({ currentPassword: z.string().min(1), newPassword: passwordSchema }),
    result: ok,
    permission: 'session',
  },
} satisfies Record<string, MethodSpec>;
