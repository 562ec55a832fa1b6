import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeServerMessage } from '../../../electron/shared/api/wire-codec';
import {
  addSceneConfig,
  renderSyntheticTraffic,
  syntheticTrafficCamera,
  withDataDirStore,
} from '../../helpers/synthetic-traffic-camera';
import { startServe, type ServeHandle } from '../../helpers/watcher-serve';
import { until } from '../../helpers/until';

/**
 * The running `watcher serve` (built bundle) as a holder of the access token alone would probe it:
 * live events need a logged-in session with the topic's permission, and stuck or surplus sockets
 * cannot exhaust the host.
 */
const dirs: string[] = [];
const servers: ServeHandle[] = [];
const sockets: Array<{ destroy(): void }> = [];
afterAll(async () => {
  for (const s of sockets) s.destroy();
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Message = { kind: string; topic?: string; id?: number; ok?: boolean; result?: unknown };

/** A WebSocket client that keeps every message it gets, in order, and calls methods. */
async function client(serve: ServeHandle) {
  const ws = new WebSocket(`${serve.baseUrl.replace('http', 'ws')}api?token=${serve.token}`);
  sockets.push({ destroy: () => ws.terminate() });
  const messages: Message[] = [];
  ws.on('message', (data: Buffer, isBinary) => {
    const m = decodeServerMessage(isBinary ? new Uint8Array(data) : data.toString()) as Message;
    if (m) messages.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  let session: string | undefined;
  return {
    ws,
    messages,
    /** Topics of the events received after message index `from`. */
    topicsSince: (from: number) =>
      messages.slice(from).flatMap((m) => (m.kind === 'event' ? [m.topic!] : [])),
    /** Calls a method; resolves with the result and the index of the response in `messages`. */
    async call(method: string, params: unknown = {}): Promise<{ result: unknown; at: number }> {
      const rid = ++id;
      ws.send(JSON.stringify({ kind: 'request', id: rid, method, params, session }));
      await until(
        () => messages.some((m) => m.kind === 'response' && m.id === rid),
        30_000,
        `${method} to answer`,
      );
      const at = messages.findIndex((m) => m.kind === 'response' && m.id === rid);
      const r = messages[at] as Message & { error?: unknown };
      if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
      const token = (r.result as { token?: string } | null)?.token;
      if (token) session = token;
      if (method === 'auth.logout') session = undefined;
      return { result: r.result, at };
    },
  };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function healthz(serve: ServeHandle) {
  const r = await fetch(`${serve.baseUrl}healthz?token=${serve.token}`);
  return (await r.json()) as { cameras: Array<{ id: string; state: string }> };
}

describe('watcher serve: live events follow login', () => {
  it('after the first admin, token-only and logged-out sockets get nothing; a logged-in operator gets the live wall and infractions', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-live-events-'));
    dirs.push(dir);
    const scene = path.join(dir, 'scene');
    await renderSyntheticTraffic(scene, { speeds: [110], limitKmh: 80 });
    const serve = await startServe({
      processGroup: true,
      logLevel: 'warn',
      cameras: [syntheticTrafficCamera(scene, 'Synthetic 110 km/h')],
      prepare(dataDir) {
        withDataDirStore(dataDir, (store) => addSceneConfig(store.config, scene));
      },
    });
    servers.push(serve);

    // First run: the wall without a session gets the live topics, as the README promises.
    const firstRun = await client(serve);
    await until(
      () => firstRun.topicsSince(0).includes('camera.preview'),
      60_000,
      'first-run wall previews',
    );

    const admin = await client(serve);
    await admin.call('auth.createFirstAdmin', {
      username: 'admin',
      password: 'admin-pass-123',
      displayName: 'Admin',
    });
    // Everything the first-run socket gets after its own next response was pushed after the
    // administrator existed (one socket is one ordered stream).
    const { at: firstRunClosedAt } = await firstRun.call('auth.needsFirstAdmin');
    const tokenOnly = await client(serve);

    await admin.call('users.create', {
      username: 'operator1',
      password: 'op-pass-1234',
      displayName: 'Operator',
      role: 'operator',
    });
    const operator = await client(serve);
    const { at: loggedInAt } = await operator.call('auth.login', {
      username: 'operator1',
      password: 'op-pass-1234',
    });
    await until(
      () => {
        const got = new Set(operator.topicsSince(loggedInAt));
        return ['camera.preview', 'camera.status', 'camera.detections', 'infraction.created'].every(
          (t) => got.has(t),
        );
      },
      120_000,
      'the operator to get previews, statuses, detections and an infraction',
    );
    // Before its login the operator's socket held only the token: no event came.
    expect(operator.messages.slice(0, loggedInAt).filter((m) => m.kind === 'event')).toEqual([]);
    // Holding only the token: nothing, not even the snapshot.
    expect(tokenOnly.topicsSince(0)).toEqual([]);
    expect(firstRun.topicsSince(firstRunClosedAt)).toEqual([]);

    // Logged out: the response is the last thing that socket gets while events keep flowing.
    const { at: loggedOutAt } = await operator.call('auth.logout');
    const adminFrom = admin.messages.length;
    await until(
      () => admin.topicsSince(adminFrom).filter((t) => t === 'camera.preview').length >= 10,
      60_000,
      'more previews for the admin',
    );
    expect(operator.topicsSince(loggedOutAt)).toEqual([]);
    expect(tokenOnly.topicsSince(0)).toEqual([]);
    expect(firstRun.topicsSince(firstRunClosedAt)).toEqual([]);
    for (const c of [firstRun, admin, tokenOnly, operator]) c.ws.terminate();
  }, 300_000);
});

/** A raw TCP client that does the WebSocket upgrade, reads the status line, then stops reading. */
function stuckClient(port: number, token: string): Promise<{ status: number; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        [
          `GET /api?token=${token} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.removeListener('error', reject);
      socket.on('error', () => {});
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 0);
      resolve({ status, socket });
    });
  });
}

/** Opens a reading WebSocket; resolves with the HTTP status of a refusal, or 101. */
function tryOpen(serve: ServeHandle): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${serve.baseUrl.replace('http', 'ws')}api?token=${serve.token}`);
    sockets.push({ destroy: () => ws.terminate() });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('error', () => resolve({ status: 0 }));
  });
}

describe('watcher serve under clients that stop reading', () => {
  it('150 stuck clients: 64 accepted, the rest refused with 503, memory bounded, the stuck ones closed', async () => {
    // First run (no administrator): token-only sockets get the live wall, the heaviest stream.
    const serve = await startServe({ processGroup: true, logLevel: 'warn' });
    servers.push(serve);
    const pid = serve.proc.pid!;
    const port = Number(new URL(serve.baseUrl).port);
    await until(
      async () => (await healthz(serve)).cameras.some((c) => c.state === 'streaming'),
      60_000,
      'the demo camera to stream',
    );
    const baseline = rssKb(pid);

    const stuck: Array<{ status: number; socket: net.Socket }> = [];
    for (let i = 0; i < 150; i++) stuck.push(await stuckClient(port, serve.token));
    const statuses = stuck.map((s) => s.status);
    expect(statuses.filter((s) => s === 101)).toHaveLength(64);
    expect(statuses.filter((s) => s === 503)).toHaveLength(86);
    // The 65th, a well-behaved client, is refused too while the 64 are open.
    expect((await tryOpen(serve)).status).toBe(503);

    // While they are stuck the host's memory stays bounded, and it frees their slots: reading
    // clients get in again, 64 of them, and not a 65th.
    let peak = rssKb(pid);
    const fresh: WebSocket[] = [];
    await until(
      async () => {
        peak = Math.max(peak, rssKb(pid));
        while (fresh.length < 64) {
          const r = await tryOpen(serve);
          if (!r.ws) return false;
          fresh.push(r.ws);
        }
        return true;
      },
      180_000,
      'the stuck connections to be closed',
    );
    peak = Math.max(peak, rssKb(pid));
    console.log(
      `host RSS: baseline ${Math.round(baseline / 1024)} MB, peak ${Math.round(peak / 1024)} MB`,
    );
    expect(peak - baseline).toBeLessThan(200 * 1024);
    expect((await tryOpen(serve)).status).toBe(503);

    // Reading again, each stuck client finds its connection closed by the host.
    const accepted = stuck.filter((s) => s.status === 101).map((s) => s.socket);
    const ended = accepted.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.destroyed) resolve();
          s.once('close', () => resolve());
          s.on('data', () => {});
          s.resume();
        }),
    );
    await Promise.race([
      Promise.all(ended),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('stuck sockets were not closed')), 120_000),
      ),
    ]);
    for (const ws of fresh) ws.terminate();
    expect(serve.proc.exitCode).toBeNull();
  }, 400_000);
});
