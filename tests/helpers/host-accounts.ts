import type { HostServices } from '../../electron/host/host-services';
import type { Role } from '../../electron/shared/api/methods/auth';

/**
 * The first administrator and one more signed-in user of a fresh host's store, straight through
 * the auth service; returns both session tokens.
 */
export async function adminAndUser(
  auth: HostServices['auth'],
  user: { username: string; displayName: string; role: Role },
): Promise<{ admin: string; user: string }> {
  const admin = (
    await auth.createFirstAdmin({
      username: 'admin',
      password: 'clave-segura-123',
      displayName: 'Admin',
    })
  ).token;
  await auth.createUser({ ...user, password: 'clave-segura-456' }, 'admin');
  return { admin, user: (await auth.login(user.username, 'clave-segura-456')).token };
}
