import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, testAuth, type TestStore } from '../store/helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: 'Admin' };

/** Settles every promise and tallies the outcomes by error code (`ok` for a success). */
async function tally(runs: Array<Promise<unknown>>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await Promise.allSettled(runs)) {
    const key =
      r.status === 'fulfilled' ? 'ok' : String((r.reason as { code?: string }).code ?? r.reason);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** Calls that may be refused synchronously (busy) become rejected promises. */
const call = <T>(f: () => Promise<T>): Promise<T> => {
  try {
    return f();
  } catch (e) {
    return Promise.reject(e);
  }
};

describe('AuthService under parallel calls', () => {
  it('creates exactly one first administrator from parallel calls', async () => {
    t = openTestStore();
    const auth = testAuth(t.store);
    const runs = Array.from({ length: 8 }, (_, i) =>
      call(() => auth.createFirstAdmin({ ...ADMIN, username: `admin${i}` }, `conn-${i}`)),
    );
    const outcome = await tally(runs);
    expect(outcome).toEqual({ ok: 1, 'store.error.adminExists': 7 });
    expect(auth.listUsers().filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(t.store.audit.list({ action: 'user.create' })).toHaveLength(1);
  });

  it('never checks more parallel wrong guesses than the lock-out allows', async () => {
    t = openTestStore();
    const auth = testAuth(t.store, {
      maxFailures: 5,
      passwordChecks: { concurrency: 2, maxQueued: 100, maxPerSource: 100 },
    });
    await auth.createFirstAdmin(ADMIN);
    await auth.createUser(
      { username: 'op', password: 'op-pass-123', displayName: 'Op', role: 'operator' },
      'admin',
    );
    const burst = Array.from({ length: 50 }, (_, i) =>
      call(() => auth.login('op', `wrong-${i}-pass`, `conn-${i}`)),
    );
    // The right password inside the burst: refused while locked, and it resets nothing.
    const right = call(() => auth.login('op', 'op-pass-123', 'conn-real'));
    const outcome = await tally([...burst, right]);
    expect(outcome).toEqual({ 'store.error.invalidCredentials': 5, 'store.error.locked': 46 });
    await expect(right).rejects.toMatchObject({ code: 'store.error.locked' });
    expect(auth.listUsers().find((u) => u.username === 'op')!.lockedUntil).toBeGreaterThan(
      t.clock.t,
    );
    await expect(auth.login('op', 'op-pass-123')).rejects.toMatchObject({
      code: 'store.error.locked',
    });
    const failed = t.store.audit
      .list({ target: 'user:op' })
      .filter((e) => e.action === 'auth.loginFailed' || e.action === 'auth.lockedOut');
    expect(failed.filter((e) => JSON.stringify(e).includes('wrong-password'))).toHaveLength(5);
    expect(t.store.audit.list({ action: 'auth.lockedOut' })).toHaveLength(1);
    // After the lock-out, five fresh tries; the right password then signs in.
    t.clock.t += 15 * 60_000 + 1;
    await expect(auth.login('op', 'op-pass-123')).resolves.toMatchObject({
      user: { username: 'op' },
    });
  });

  it('lets the right password through as the last allowed attempt, as one at a time would', async () => {
    t = openTestStore();
    const auth = testAuth(t.store, { maxFailures: 3 });
    await auth.createFirstAdmin(ADMIN);
    for (let i = 0; i < 2; i++)
      await expect(auth.login('admin', 'nope-nope')).rejects.toMatchObject({
        code: 'store.error.invalidCredentials',
      });
    const ok = await auth.login('admin', ADMIN.password);
    expect(ok.user.lockedUntil).toBeUndefined();
    // The count starts again after a success.
    for (let i = 0; i < 2; i++)
      await expect(auth.login('admin', 'nope-nope')).rejects.toMatchObject({
        code: 'store.error.invalidCredentials',
      });
    await expect(auth.login('admin', ADMIN.password)).resolves.toBeDefined();
  });

  it('answers a flood with auth.error.busy and lets another connection in next', async () => {
    t = openTestStore();
    const auth = testAuth(t.store, {
      passwordChecks: { concurrency: 1, maxQueued: 8, maxPerSource: 2 },
    });
    await auth.createFirstAdmin(ADMIN);
    const order: string[] = [];
    const flood = Array.from({ length: 20 }, (_, i) =>
      call(() => auth.login(`ghost${i}`, 'whatever-1', `flood-${i % 4}`)).finally(() =>
        order.push(`flood-${i}`),
      ),
    );
    const real = call(() => auth.login('admin', ADMIN.password, 'real')).finally(() =>
      order.push('real'),
    );
    const outcome = await tally([...flood, real]);
    // Four flooding connections hold two places each; the rest are refused at once.
    expect(outcome).toEqual({ ok: 1, 'store.error.invalidCredentials': 8, 'auth.error.busy': 12 });
    await expect(real).resolves.toMatchObject({ user: { username: 'admin' } });
    // Of the eight checked flood attempts, at most one per flooding connection went before it.
    const checkedAfter = order.slice(order.indexOf('real') + 1).length;
    expect(checkedAfter).toBeGreaterThanOrEqual(4);
  });
});
