import type { AuthService } from '../auth/auth-service';
import type { DomainHandlers } from '../api-types';

/** What `users.*` needs: the store's user accounts. */
export interface UserContext {
  auth: Pick<AuthService, 'listUsers' | 'createUser' | 'updateUser'>;
}

export function createUserHandlers({ auth }: UserContext): DomainHandlers<'users'> {
  return {
    'users.list': () => ({ users: auth.listUsers() }),
    'users.create': async (p, { session }) => ({
      user: await auth.createUser(p, session!.username),
    }),
    'users.update': async (p, { session }) => {
      const { id, ...patch } = p;
      return { user: await auth.updateUser(id, patch, session!.username) };
    },
    'users.disable': async (p, { session }) => ({
      user: await auth.updateUser(p.id, { disabled: p.disabled }, session!.username),
    }),
  };
}
