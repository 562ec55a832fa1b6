import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ensureBuilt, startServe, type ServeHandle } from '../../helpers/watcher-serve';
import { until } from '../../helpers/until';
import {
  chooseFfmpeg,
  probeCandidates,
  type FfmpegCandidate,
} from '../../../inference/worker/ffmpeg/ffmpeg-path';

/**
 * `watcher serve` (built bundle) under the smaller abuses of issue 12: which ffmpeg it decodes
 * with and how old it says it is, a burst of camera saves right before SIGTERM, and filter lists
 * far longer than any real one.
 */

interface Reply {
  kind: string;
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

async function apiClient(serve: ServeHandle) {
  const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/api?token=${serve.token}`, {
    maxPayload: 64 * 1024 * 1024,
  });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const replies = new Map<number, Reply>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const msg = JSON.parse(data.toString()) as Reply;
    if (msg.kind === 'response' && msg.id !== undefined) replies.set(msg.id, msg);
  });
  let id = 0;
  const auth: { session?: string } = {};
  const call = async (method: string, params: unknown): Promise<Reply> => {
    const my = ++id;
    ws.send(
      JSON.stringify({
        kind: 'request',
        id: my,
        method,
        params,
        ...(auth.session ? { session: auth.session } : {}),
      }),
    );
    await until(() => replies.has(my), 60_000, `the reply to ${method}`, 10);
    return replies.get(my)!;
  };
  const admin = await call('auth.createFirstAdmin', {
    username: 'admin',
    password: 'clave-segura-123',
    displayName: 'Admin',
  });
  expect(admin.ok).toBe(true);
  auth.session = (admin.result as { token: string }).token;
  const send = (method: string, params: unknown): void => {
    ws.send(
      JSON.stringify({
        kind: 'request',
        id: ++id,
        method,
        params,
        ...(auth.session ? { session: auth.session } : {}),
      }),
    );
  };
  return { call, send, answered: () => replies.size, close: () => ws.close() };
}

async function health(serve: ServeHandle) {
  const res = await fetch(`${serve.origin}/healthz?token=${serve.token}`);
  return (await res.json()) as {
    ffmpeg: { source: string; version: string; release?: string; year?: number; outdated: boolean };
    workers: Array<{ workerId: string; restarts: number; state: string; pid?: number }>;
    cameras: Array<{ id: string; state: string }>;
  };
}

/** The environment without an ffmpeg override, as a plain `watcher serve` sees it. */
function plainEnv(): Record<string, string> {
  return { WATCHER_FFMPEG: '', WATCHER_FFPROBE: '' };
}

describe('watcher serve robustness', () => {
  it('decodes with the newest ffmpeg found and says which, with its release and year', async () => {
    ensureBuilt();
    const env = { ...process.env, ...plainEnv() };
    const candidates = probeCandidates(env);
    const expected = chooseFfmpeg(candidates)!;
    const serve = await startServe({ env: plainEnv() });
    try {
      const h = await health(serve);
      expect(h.ffmpeg).toMatchObject({
        source: expected.source,
        version: expected.build!.version,
        release: expected.build!.release,
      });
      // Newest of those found: none of the others is a later release.
      const rel = (c: FfmpegCandidate) => (c.build?.release ?? '0').split('.').map(Number);
      for (const c of candidates.filter((c) => c.build)) {
        const [a, b] = rel(c);
        const [x, y] = rel(expected);
        expect(a * 1000 + b).toBeLessThanOrEqual(x * 1000 + y);
      }
      // This machine's Debian ffmpeg 5.1 beats the bundled 2018 build (4.1) when both exist.
      const debian = candidates.find((c) => c.source === 'path' && c.build?.release === '5.1');
      const bundled = candidates.find((c) => c.source === 'bundled' && c.build?.release === '4.1');
      if (debian && bundled) {
        expect(h.ffmpeg).toMatchObject({ source: 'path', release: '5.1', outdated: false });
      }
      const client = await apiClient(serve);
      const info = await client.call('system.info', {});
      expect(info.result).toMatchObject({ ffmpeg: h.ffmpeg });
      client.close();
    } finally {
      await serve.stop();
    }
  });

  it('honours WATCHER_FFMPEG even when it is old, and then warns that it is outdated', async () => {
    ensureBuilt();
    const bundled = probeCandidates({}).find((c) => c.source === 'bundled' && c.build);
    if (!bundled || bundled.build!.year! >= new Date().getUTCFullYear() - 5) return;
    const serve = await startServe({
      env: { WATCHER_FFMPEG: bundled.ffmpeg, WATCHER_FFPROBE: '' },
    });
    try {
      const h = await health(serve);
      expect(h.ffmpeg).toMatchObject({ source: 'env', outdated: true, year: bundled.build!.year });
      expect(serve.output()).toMatch(/ffmpeg is more than five years old/);
    } finally {
      await serve.stop();
    }
  });

  it('answers a 95 000-id filter with api.invalid_params, and a long duplicate list within the limit', async () => {
    ensureBuilt();
    const serve = await startServe({ env: plainEnv() });
    try {
      const client = await apiClient(serve);
      const huge = await client.call('infractions.list', {
        status: Array.from({ length: 95_000 }, () => 'pending'),
      });
      expect(huge).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });
      expect(huge.error!.message).toMatch(/status/);
      const dup = await client.call('infractions.list', {
        status: Array.from({ length: 32 }, (_, i) => (i % 2 ? 'pending' : 'validated')),
      });
      expect(dup).toMatchObject({ ok: true, result: { items: [] } });
      client.close();
    } finally {
      await serve.stop();
    }
  });

  it('shows the cameras of a hung worker as stalled before the worker is restarted', async () => {
    ensureBuilt();
    const serve = await startServe({ env: plainEnv() });
    let frozen: number | undefined;
    try {
      await until(
        async () => (await health(serve)).cameras.some((c) => c.state === 'streaming'),
        60_000,
        'the demo camera to stream',
      );
      const worker = (await health(serve)).workers.find((w) => w.state === 'running')!;
      // A hung worker: alive, but answering nothing (its ffmpeg keeps running).
      frozen = worker.pid!;
      process.kill(frozen, 'SIGSTOP');
      let seen: Awaited<ReturnType<typeof health>> | undefined;
      await until(
        async () => {
          seen = await health(serve);
          return seen.cameras.every((c) => c.state !== 'streaming');
        },
        60_000,
        'the camera to stop showing streaming',
      );
      // Flagged while the same worker is still there, not only once a new one took over.
      expect(seen!.cameras[0].state).toBe('stalled');
      expect(seen!.workers[0]).toMatchObject({ pid: frozen, state: 'unresponsive', restarts: 0 });
      // The watchdog then replaces it and the camera streams again.
      await until(
        async () => {
          const h = await health(serve);
          return h.workers[0].restarts > 0 && h.cameras[0].state === 'streaming';
        },
        90_000,
        'the restarted worker to stream',
      );
    } finally {
      if (frozen) {
        try {
          process.kill(frozen, 'SIGCONT');
        } catch {
          // Already replaced and gone.
        }
      }
      await serve.stop();
    }
  });

  it('exits 0 and cleanly on SIGTERM right after a burst of camera saves, with no worker killed', async () => {
    ensureBuilt();
    const serve = await startServe({ env: plainEnv() });
    try {
      await until(
        async () => (await health(serve)).cameras.some((c) => c.state === 'streaming'),
        60_000,
        'the demo camera to stream',
      );
      const client = await apiClient(serve);
      const list = await client.call('cameras.list', {});
      const demo = (list.result as Array<Record<string, unknown>>)[0];
      // Each save changes the camera, so each one would restart its pipeline without coalescing.
      const saves = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          client.call('cameras.upsert', { camera: { ...demo, name: `Demo ${i}` } }),
        ),
      );
      expect(saves.every((s) => s.ok)).toBe(true);
      // A calibration save is a store change too: it schedules a reassign right before the stop.
      await client.call('calibration.save', {
        cameraId: demo.id,
        data: {
          imageWidth: 640,
          imageHeight: 360,
          pairs: [
            [100, 140, 0, 0],
            [540, 140, 20, 0],
            [560, 270, 20, 7],
            [80, 270, 0, 7],
          ].map(([a, b, c, d]) => ({ image: { x: a, y: b }, world: { x: c, y: d } })),
        },
      });
      const h = await health(serve);
      expect(h.workers.every((w) => w.restarts === 0)).toBe(true);
      // More saves still in flight when SIGTERM comes: each is a store change during shutdown.
      for (let i = 0; i < 25; i++)
        void client.send('cameras.upsert', { camera: { ...demo, name: `Late ${i}` } });
      await until(() => client.answered() > 28, 30_000, 'the late saves to be answered');
      const { code } = await serve.stop();
      expect(code).toBe(0);
      client.close();
      const out = serve.output();
      expect(out).toMatch(/host stopped/);
      expect(out).not.toMatch(/database connection is not open/i);
      expect(out).not.toMatch(/uncaught|unhandled|TypeError|RangeError/i);
      expect(out.slice(out.indexOf('host stopped'))).not.toMatch(/error/i);
    } finally {
      await serve.stop();
    }
  });
});
