import type { z } from 'zod';

import type { Permission } from './methods/store';

/**
 * What a caller must be allowed to do: one vocabulary for every method, mapped to roles in
 * `ROLE_PERMISSIONS` (methods/store.ts). `public` needs no session; the host checks the rest on
 * every call against the session's role.
 */
export type { Permission };

export interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  permission: Permission;
}
