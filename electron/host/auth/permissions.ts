import { roleAllows, type Permission } from '../../shared/api/methods/store';
import { StoreError } from '../store/errors';
import type { Session } from './auth-service';

/**
 * The one gate every store API handler passes: `public` needs nothing, anything else needs a live
 * session whose role grants the permission. Enforced in the host whatever the UI shows.
 */
export function authorize(
  session: Session | undefined,
  permission: Permission,
): Session | undefined {
  if (permission === 'public') return session;
  if (!session) throw new StoreError('store.error.unauthenticated', 'log in first');
  if (!roleAllows(session.role, permission)) {
    throw new StoreError(
      'store.error.forbidden',
      `role ${session.role} may not do this (${permission})`,
      {
        role: session.role,
        permission,
      },
    );
  }
  return session;
}
