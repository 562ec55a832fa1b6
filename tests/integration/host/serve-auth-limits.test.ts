import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../../helpers/watcher-serve';
import { ApiSocket, type Reply } from '../../helpers/api-socket';
import { commandLine, descendants } from '../../helpers/process-tree';
import { until } from '../../helpers/until';

/**
 * The real `watcher serve` (built bundle) under parallel and flooding calls from clients that
 * hold only the access token: first-admin creation and the lock-out are atomic, a login flood
 * cannot starve a real login, and camera connection tests cannot start an ffmpeg each.
 */

const codeOf = (r: Reply) => (r.ok ? 'ok' : r.error!.code);
function tally(replies: Reply[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of replies) out[codeOf(r)] = (out[codeOf(r)] ?? 0) + 1;
  return out;
}

/** ffmpeg processes started by the host process itself (its workers' own ffmpeg not counted). */
function hostFfmpegChildren(hostPid: number): number {
  return descendants(hostPid).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === hostPid && /ffmpeg/.test(commandLine(pid).split(' ')[0]);
    } catch {
      return false;
    }
  }).length;
}

const ADMIN = { password: 'admin-pass-123', displayName: 'Admin' };
const OP = { username: 'oper', password: 'op-pass-1234', displayName: 'Op', role: 'operator' };

describe('watcher serve under parallel and flooding calls', () => {
  let serve: ServeHandle;
  const sockets: ApiSocket[] = [];
  const open = async (n: number) => {
    const s = await Promise.all(Array.from({ length: n }, () => ApiSocket.open(serve)));
    sockets.push(...s);
    return s;
  };
  let admin: string;
  let adminName: string;
  let adminSocket: ApiSocket;

  beforeAll(async () => {
    serve = await startServe({ timeoutMs: 60_000, processGroup: true, logLevel: 'warn' });
  }, 90_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await serve?.stop();
  });

  it('creates exactly one administrator from eight parallel createFirstAdmin calls', async () => {
    const clients = await open(8);
    const replies = await Promise.all(
      clients.map((c, i) => c.call('auth.createFirstAdmin', { ...ADMIN, username: `admin${i}` })),
    );
    expect(tally(replies)).toEqual({ ok: 1, 'store.error.adminExists': 7 });
    const winner = replies.findIndex((r) => r.ok);
    adminSocket = clients[winner];
    admin = replies[winner].result.token as string;
    // Whichever call won is the administrator for the rest of the file.
    const username = (adminName = replies[winner].result.user.username as string);
    const users = await adminSocket.call('users.list', {}, admin);
    expect(users.ok, JSON.stringify(users.error)).toBe(true);
    expect(users.result.users).toHaveLength(1);
    expect(users.result.users[0]).toMatchObject({ username, role: 'admin' });
  }, 60_000);

  it('counts at most five of fifty parallel wrong logins, and refuses the right password while locked', async () => {
    const created = await adminSocket.call('users.create', OP, admin);
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
    const clients = await open(10);
    const burst = Array.from({ length: 50 }, (_, i) =>
      clients[i % 10].call('auth.login', { username: 'oper', password: `wrong-guess-${i}` }),
    );
    const settled: Reply[] = [];
    for (const b of burst) void b.then((r) => settled.push(r));
    // The right password, sent once the burst has locked the account.
    await until(
      () => settled.some((r) => codeOf(r) === 'store.error.locked'),
      60_000,
      'the account to lock',
    );
    const [realClient] = await open(1);
    const right = await realClient.call('auth.login', {
      username: OP.username,
      password: OP.password,
    });
    const replies = await Promise.all(burst);
    const outcome = tally(replies);
    expect(outcome['store.error.invalidCredentials']).toBe(5);
    expect(outcome.ok).toBeUndefined();
    expect(
      (outcome['store.error.locked'] ?? 0) + (outcome['auth.error.busy'] ?? 0),
      JSON.stringify(outcome),
    ).toBe(45);
    expect(codeOf(right)).toBe('store.error.locked');
    // The right password reset nothing: still locked after the burst.
    const again = await realClient.call('auth.login', {
      username: OP.username,
      password: OP.password,
    });
    expect(codeOf(again)).toBe('store.error.locked');
    const users = await adminSocket.call('users.list', {}, admin);
    const oper = (users.result.users as Array<{ username: string; lockedUntil?: number }>).find(
      (u) => u.username === OP.username,
    )!;
    expect(oper.lockedUntil).toBeGreaterThan(Date.now());
    const audit = await adminSocket.call('audit.list', { target: 'user:oper', limit: 500 }, admin);
    expect(audit.ok, JSON.stringify(audit.error)).toBe(true);
    const guesses = (audit.result.entries as Array<{ action: string }>).filter(
      (e) =>
        (e.action === 'auth.loginFailed' || e.action === 'auth.lockedOut') &&
        JSON.stringify(e).includes('wrong-password'),
    );
    expect(guesses).toHaveLength(5);
    // An administrator's unlock still works.
    const unlocked = await adminSocket.call(
      'users.update',
      { id: created.result.user.id, unlock: true },
      admin,
    );
    expect(unlocked.ok, JSON.stringify(unlocked.error)).toBe(true);
    const after = await realClient.call('auth.login', {
      username: OP.username,
      password: OP.password,
    });
    expect(after.ok, JSON.stringify(after.error)).toBe(true);
  }, 120_000);

  it('answers a real login before a 100-login flood is through, and tells the flood it is busy', async () => {
    const flooders = await open(5);
    const [realClient] = await open(1);
    const order: string[] = [];
    const flood = Array.from({ length: 100 }, (_, i) =>
      flooders[i % 5]
        .call('auth.login', { username: `ghost-${i}`, password: 'not-a-real-pass' })
        .then((r) => {
          order.push(`flood:${codeOf(r)}`);
          return r;
        }),
    );
    const real = realClient
      .call('auth.login', { username: adminName, password: ADMIN.password })
      .then((r) => {
        order.push('real');
        return r;
      });
    const [realReply, ...floodReplies] = await Promise.all([real, ...flood]);
    expect(realReply.ok, JSON.stringify(realReply.error)).toBe(true);
    const outcome = tally(floodReplies);
    expect(outcome['auth.error.busy']).toBeGreaterThan(0);
    // Most of the flood is refused at once (each connection holds two places at most) instead of
    // queueing a password check each ahead of the real login.
    expect(outcome['store.error.invalidCredentials'] ?? 0).toBeLessThan(50);
    expect(
      outcome['auth.error.busy'] + (outcome['store.error.invalidCredentials'] ?? 0),
      JSON.stringify(outcome),
    ).toBe(100);
    // Checked flood attempts answered after the real login: it did not wait for the flood.
    const checkedAfter = order
      .slice(order.indexOf('real') + 1)
      .filter((o) => o === 'flood:store.error.invalidCredentials').length;
    expect(checkedAfter, order.join(' ')).toBeGreaterThan(0);
  }, 120_000);

  it('runs at most two camera connection tests (two ffmpeg) at a time out of fifty', async () => {
    // An RTSP "camera" that accepts the connection and never answers: each test holds its
    // ffmpeg until the test's own time-out.
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const hostPid = serve.proc.pid!;
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, hostFfmpegChildren(hostPid));
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const tests = Array.from({ length: 50 }, () =>
        adminSocket.call(
          'cameras.test',
          {
            source: { kind: 'rtsp', url: `rtsp://127.0.0.1:${port}/stream`, transport: 'tcp' },
            timeoutMs: 3000,
          },
          admin,
        ),
      );
      // The first tests are running (their ffmpeg connected) before we count the rest.
      await until(() => held.length > 0, 30_000, 'a test ffmpeg to connect');
      const replies = await Promise.all(tests);
      sampling = false;
      await sampler;
      const outcome = tally(replies);
      // Two running and two waiting are admitted; the others are refused at once.
      expect(outcome['cameras.test.busy'], JSON.stringify(outcome)).toBeGreaterThan(0);
      // The admitted ones ran and timed out against the silent camera.
      expect(outcome.ok).toBe(50 - outcome['cameras.test.busy']);
      for (const r of replies.filter((x) => x.ok))
        expect(r.result).toMatchObject({ ok: false, errorCode: 'ui.cameras.test.timeout' });
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(2);
    } finally {
      for (const s of held) s.destroy();
      silent.close();
    }
  }, 120_000);
});
