import { roleAllows, type Permission } from '../../shared/api/methods/auth';
import { CodedError } from '../../shared/coded-error';
import type { Authorizer } from '../api-types';
import { ACCESS_RECHECK_MS, type EventAccess } from '../connections/connection';
import type { Session } from './auth-service';

/** The one code for a caller whose role does not grant a method's permission. */
export const FORBIDDEN = 'store.error.forbidden';
/** The code for a call that needs a session and has none (or an expired one). */
export const UNAUTHENTICATED = 'store.error.unauthenticated';

/**
 * `public` needs nothing, anything else needs a live session whose role grants the permission.
 * Enforced in the host whatever the UI shows.
 */
export function authorize(
  session: Session | undefined,
  permission: Permission,
): Session | undefined {
  if (permission === 'public') return session;
  if (!session) throw new CodedError(UNAUTHENTICATED, 'log in first');
  if (!roleAllows(session.role, permission))
    throw new CodedError(FORBIDDEN, `role ${session.role} may not do this (${permission})`, {
      role: session.role,
      permission,
    });
  return session;
}

/**
 * Roles from the store: every call but `public` needs a session whose role grants the method's
 * permission. Before the first administrator exists, the live wall is open so a first start
 * shows the demo camera while the operator creates the admin. Without a store there are no
 * users and every call is allowed.
 */
export function sessionAuthorizer(auth?: { needsFirstAdmin(): boolean }): Authorizer {
  return (ctx, permission) => {
    if (!auth || permission === 'public') return;
    if (!ctx.session && FIRST_RUN_PERMISSIONS.has(permission) && auth.needsFirstAdmin()) return;
    authorize(ctx.session, permission);
  };
}

/** What answers without a session before the first administrator exists: the live wall. */
export const FIRST_RUN_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['live']);

/**
 * The same rule as `sessionAuthorizer`, as a yes/no for one session (or none): what pushed events
 * a connection may receive (see `apiEventSpecs`).
 */
export function permits(
  session: Session | undefined,
  permission: Permission,
  firstRun: boolean,
): boolean {
  if (permission === 'public') return true;
  if (!session) return firstRun && FIRST_RUN_PERMISSIONS.has(permission);
  return roleAllows(session.role, permission);
}

/**
 * Which events a connection's session token may receive, from the store's users and sessions:
 * `permits` for the session behind the token now. The grant lapses when the session expires;
 * without a session (first run or not) it is asked again after ACCESS_RECHECK_MS.
 */
export function sessionEventAccess(
  auth: {
    session(token: string | undefined): Session | undefined;
    needsFirstAdmin(): boolean;
  },
  now: () => number = Date.now,
): EventAccess {
  return {
    grants: (token) => {
      const session = auth.session(token);
      const firstRun = !session && auth.needsFirstAdmin();
      return {
        permits: (permission) => permits(session, permission, firstRun),
        validUntil: session?.expiresAt ?? now() + ACCESS_RECHECK_MS,
      };
    },
  };
}
