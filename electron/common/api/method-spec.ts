import type { z } from 'zod';

/**
 * What a caller must be allowed to do. `public` needs no user session (login itself, first-run
 * admin creation); the rest are checked by the host for every call against the session's role.
 */
export type Permission =
  | 'public'
  | 'live'
  | 'review'
  | 'reports'
  | 'rules.manage'
  | 'cameras.manage'
  | 'models.manage'
  | 'users.manage'
  | 'settings.manage'
  | 'audit.read';

export interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  permission: Permission;
}
