import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../../electron/host/auth/passwords';
import { openTestStore, testAuth, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

describe('passwords', () => {
  it('hashes with scrypt (salted, parameters recorded) and verifies', async () => {
    const h = await hashPassword('correct horse');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await hashPassword('correct horse')).not.toBe(h);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('wrong horse', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('AuthService', () => {
  it('asks for the first admin once, then logs in with sessions that expire', async () => {
    t = openTestStore();
    const auth = testAuth(t.store, { sessionTtlMs: 60_000 });
    expect(auth.needsFirstAdmin()).toBe(true);
    const first = await auth.createFirstAdmin({
      username: 'admin',
      password: 'admin-pass-1',
      displayName: 'Admin',
    });
    expect(first.user.role).toBe('admin');
    expect(auth.needsFirstAdmin()).toBe(false);
    await expect(
      auth.createFirstAdmin({ username: 'x', password: 'whatever-1', displayName: 'X' }),
    ).rejects.toMatchObject({
      code: 'store.error.adminExists',
    });
    const s = auth.session(first.token)!;
    expect(s.username).toBe('admin');
    // The token itself is never stored.
    expect(JSON.stringify(t.store.db.prepare('SELECT * FROM sessions').all())).not.toContain(
      first.token,
    );
    t.clock.t += 61_000;
    expect(auth.session(first.token)).toBeUndefined();
    const again = await auth.login('ADMIN', 'admin-pass-1');
    auth.logout(auth.session(again.token)!);
    expect(auth.session(again.token)).toBeUndefined();
    const actions = t.store.audit.list({ target: 'user:admin' }).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'auth.login', 'auth.logout']));
  });

  it('locks an account after repeated failures and unlocks after the lock-out', async () => {
    t = openTestStore();
    const auth = testAuth(t.store, { maxFailures: 3, lockoutMs: 10 * 60_000 });
    await auth.createFirstAdmin({
      username: 'admin',
      password: 'admin-pass-1',
      displayName: 'Admin',
    });
    const op = await auth.createUser(
      { username: 'op', password: 'op-pass-123', displayName: 'Op', role: 'operator' },
      'admin',
    );
    for (let i = 0; i < 3; i++) {
      await expect(auth.login('op', 'nope-nope')).rejects.toMatchObject({
        code: 'store.error.invalidCredentials',
      });
    }
    // Locked: even the right password is refused.
    await expect(auth.login('op', 'op-pass-123')).rejects.toMatchObject({
      code: 'store.error.locked',
    });
    expect(auth.getUser(op.id)!.lockedUntil).toBeGreaterThan(t.clock.t);
    expect(t.store.audit.list({ action: 'auth.lockedOut' })).toHaveLength(1);
    t.clock.t += 10 * 60_000 + 1;
    await expect(auth.login('op', 'op-pass-123')).resolves.toMatchObject({
      user: { username: 'op' },
    });
    // Unknown users fail the same way as wrong passwords.
    await expect(auth.login('ghost', 'whatever-1')).rejects.toMatchObject({
      code: 'store.error.invalidCredentials',
    });
  });

  it('disables users, ends their sessions, and never removes the last admin', async () => {
    t = openTestStore();
    const auth = testAuth(t.store);
    const a = await auth.createFirstAdmin({
      username: 'admin',
      password: 'admin-pass-1',
      displayName: 'Admin',
    });
    const op = await auth.createUser(
      { username: 'op', password: 'op-pass-123', displayName: 'Op', role: 'operator' },
      'admin',
    );
    const s = await auth.login('op', 'op-pass-123');
    await auth.updateUser(op.id, { disabled: true }, 'admin');
    expect(auth.session(s.token)).toBeUndefined();
    await expect(auth.login('op', 'op-pass-123')).rejects.toMatchObject({
      code: 'store.error.userDisabled',
    });
    await expect(auth.updateUser(a.user.id, { role: 'operator' }, 'admin')).rejects.toMatchObject({
      code: 'store.error.lastAdmin',
    });
    await expect(
      auth.createUser(
        { username: 'op', password: 'x-pass-123', displayName: 'O', role: 'auditor' },
        'admin',
      ),
    ).rejects.toMatchObject({
      code: 'store.error.userExists',
    });
    await expect(
      auth.createUser(
        { username: 'short', password: 'abc', displayName: 'S', role: 'auditor' },
        'admin',
      ),
    ).rejects.toMatchObject({
      code: 'store.error.weakPassword',
    });
  });
});
