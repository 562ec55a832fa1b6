import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServe, type ServeHandle } from '../../helpers/watcher-serve';
import { commandLine, descendants, isAlive, waitFor } from '../../helpers/process-tree';

describe('watcher serve (built CLI, real worker and ffmpeg)', () => {
  let serve: ServeHandle;
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(async () => {
    if (serve?.proc.exitCode === null) await serve.stop();
  });

  it('answers /healthz with version, uptime and worker states when the token is given', async () => {
    const ok = await waitFor(async () => {
      const r = await fetch(`${serve.origin}/healthz?token=${serve.token}`);
      const body = (await r.json()) as { workers: Array<{ state: string }> };
      return r.status === 200 && body.workers.some((w) => w.state === 'running');
    }, 20_000);
    expect(ok).toBe(true);
    const res = await fetch(`${serve.origin}/healthz`, {
      headers: { Authorization: `Bearer ${serve.token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      version: string;
      uptimeSec: number;
      workers: Array<{ workerId: string; state: string; pid: number }>;
    };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.uptimeSec).toBeGreaterThan(0);
    expect(body.workers[0]).toMatchObject({ workerId: 'worker-1', state: 'running' });
  });

  it('rejects requests without the token or with a wrong one (401)', async () => {
    expect((await fetch(`${serve.origin}/healthz`)).status).toBe(401);
    expect((await fetch(`${serve.origin}/healthz?token=wrong`)).status).toBe(401);
    expect(
      (await fetch(`${serve.origin}/`, { headers: { Authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    expect((await fetch(`${serve.origin}/index.html`)).status).toBe(401);
  });

  it('refuses a WebSocket without the token and answers API calls with it', async () => {
    const wsBase = serve.origin.replace('http', 'ws');
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsBase}/api`);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('error'));
    });
    expect(refused).toBe('401');

    const ws = new WebSocket(`${wsBase}/api?token=${serve.token}`);
    await new Promise((r) => ws.once('open', r));
    const replies: Array<{
      kind: string;
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: { code: string };
    }> = [];
    ws.on('message', (data, isBinary) => {
      if (!isBinary) replies.push(JSON.parse(data.toString()));
    });
    ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'cameras.list', params: {} }));
    ws.send('this is not json');
    ws.send(
      JSON.stringify({
        kind: 'request',
        id: 2,
        method: 'cameras.remove',
        params: { id: '../../../etc/passwd' },
      }),
    );
    ws.send(JSON.stringify({ kind: 'request', id: 3, method: 'system.info', params: {} }));
    await waitFor(() => replies.filter((r) => r.kind === 'response').length >= 3, 10_000);
    const byId = new Map(replies.filter((r) => r.kind === 'response').map((r) => [r.id, r]));
    expect(byId.get(1)?.ok).toBe(true);
    expect((byId.get(1)?.result as Array<{ id: string }>)[0].id).toBe('demo');
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });
    expect(byId.get(3)).toMatchObject({ ok: true, result: { runtime: 'node' } });
    ws.close();
  });

  it('shuts down on SIGTERM leaving no worker or ffmpeg process behind', async () => {
    await waitFor(
      () => descendants(serve.proc.pid!).some((p) => commandLine(p).includes('ffmpeg')),
      20_000,
    );
    const children = descendants(serve.proc.pid!);
    expect(children.some((p) => commandLine(p).includes('--watcher-worker'))).toBe(true);
    expect(children.some((p) => commandLine(p).includes('ffmpeg'))).toBe(true);
    const { code, descendantsBefore } = await serve.stop();
    expect(code).toBe(0);
    expect(descendantsBefore.filter(isAlive)).toEqual([]);
  });
});
