import { roleAllows, type Permission } from '../../shared/api/methods/auth';
import { CodedError } from '../../shared/coded-error';
import type { Authorizer } from '../api-types';
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
    if (!ctx.session && permission === 'live' && auth.needsFirstAdmin()) return;
    authorize(ctx.session, permission);
  };
}
