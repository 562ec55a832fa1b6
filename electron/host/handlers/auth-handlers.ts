import { CodedError } from '../../shared/coded-error';
import type { AuthService } from '../auth/auth-service';
import { UNAUTHENTICATED } from '../auth/permissions';
import type { DomainHandlers } from '../api-types';

/** What `auth.*` needs: the store's users and sessions. */
export interface AuthContext {
  auth: Pick<
    AuthService,
    'login' | 'logout' | 'getUser' | 'needsFirstAdmin' | 'createFirstAdmin' | 'changePassword'
  >;
}

/**
 * Sign-in and sessions. Methods needing a session get one: the dispatcher checked it. Password
 * checks are shared fairly between connections (the connection is the source of an attempt).
 */
export function createAuthHandlers({ auth }: AuthContext): DomainHandlers<'auth'> {
  return {
    'auth.login': (p, ctx) => auth.login(p.username, p.password, ctx.connectionId),
    'auth.logout': (_p, { session }) => {
      auth.logout(session!);
      return { ok: true as const };
    },
    'auth.me': (_p, { session }) => {
      const user = auth.getUser(session!.userId);
      if (!user) throw new CodedError(UNAUTHENTICATED, 'log in first');
      return { user, expiresAt: session!.expiresAt };
    },
    'auth.needsFirstAdmin': () => ({ needed: auth.needsFirstAdmin() }),
    'auth.createFirstAdmin': (p, ctx) => auth.createFirstAdmin(p, ctx.connectionId),
    'auth.changePassword': async (p, { session }) => {
      await auth.changePassword(session!, p.currentPassword, p.newPassword);
      return { ok: true as const };
    },
  };
}
