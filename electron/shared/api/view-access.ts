import { roleAllows, type Permission, type Role } from './methods/auth';

/**
 * Which permission opens each view of the UI, so the navigation shows a role only the views it
 * can use. A view listed with several permissions opens with any of them (Settings holds cards
 * for configuration, accounts, integrations, notifications and the shared database).
 */
export const VIEW_PERMISSIONS: Record<string, readonly Permission[]> = {
  wall: ['live'],
  review: ['review.read'],
  calibration: ['config'],
  reports: ['reports'],
  system: ['live'],
  // Everyone has their own account card; the other cards show by permission (SettingsView).
  settings: ['session'],
  audit: ['audit'],
  analytics: ['reports'],
  // PPE rules are configuration; the anomaly baselines on the same page are for alarm readers.
  safety: ['config', 'alarms.read'],
  // The camera map shows live state: everyone who sees the wall.
  map: ['live'],
};

/** Whether a role may open a view; a host without users (no role) allows everything. */
export function roleSeesView(role: Role | undefined, view: string): boolean {
  if (!role) return true;
  const needs = VIEW_PERMISSIONS[view];
  return !needs || needs.some((p) => roleAllows(role, p));
}

/** The i18n key that says why a role cannot use a control guarded by `permission`. */
export function deniedReasonKey(permission: Permission): string {
  return `access.denied.${permission}`;
}
