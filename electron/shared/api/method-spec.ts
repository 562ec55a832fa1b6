import { z } from 'zod';

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
  /** Lock and unlock a case's evidence against retention: supervisors and administrators. */
  'evidence.lock',
  /** See the alarm list and its history: every role. */
  'alarms.read',
  /** Acknowledge, take, hold, close and comment alarms: operators, supervisors, administrators. */
  'alarms.act',
  /** Notification channels, routes and the delivery log (they hold secrets): administrators only. */
  'notify.admin',
  /** Integrations: API keys, the MQTT broker connection: administrators only. */
  'integrations',
  /** The legal-code catalogue of fines (codes, amounts, points, country presets): administrators. */
  'fines.admin',
  /** Move a PTZ camera to its presets from the wall: operators, supervisors, administrators. */
  'ptz',
]);
export type Permission = z.infer<typeof permissionSchema>;

/**
 * One method of the contract: its params and result schemas (both ends validate them at runtime)
 * and what a caller must be allowed to do. Permissions map to roles in `ROLE_PERMISSIONS`
 * (methods/auth.ts); the host's dispatcher checks the method's permission on every call against
 * the session's role, in one place: handlers never check it again.
 */
export interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  permission: Permission;
}
