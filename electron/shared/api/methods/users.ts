import { z } from 'zod';
import type { MethodSpec } from '../method-spec';
import { passwordSchema, roleSchema, userSchema, usernameSchema } from './auth';

/** User administration (Settings → Users): administrators only. */
export const userMethods = {
  'users.list': {
    params: z.object({}),
    result: z.object({ users: z.array(userSchema) }),
    permission: 'users',
  },
  'users.create': {
    params: z.object({
      username: usernameSchema,
      password: passwordSchema,
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
      password: passwordSchema.optional(),
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
} satisfies Record<string, MethodSpec>;
