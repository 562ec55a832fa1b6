import { afterEach, describe, expect, it } from 'vitest';
import { ApiSocket } from '../../helpers/api-socket';
import { fixtures } from '../../helpers/fixtures';
import { until } from '../../helpers/until';
import { startServe, type ServeHandle } from '../../helpers/watcher-serve';

/**
 * Execution providers on the real `watcher serve` (built bundle) of a machine without a GPU (CI,
 * this one): the default `auto` and an explicit `--provider cuda` both run the demo camera's
 * detector on the CPU, stream, and say why in `/healthz` and `cameras.statuses`.
 */
const model = fixtures.yolov8n();

interface HealthCamera {
  id: string;
  state: string;
  provider?: string;
  providerRequested?: string;
  providerFallback?: string;
  providerReasonCode?: string;
}

const demoWithModel = () => [
  {
    id: 'demo',
    name: 'Demo',
    source: { kind: 'demo' as const },
    analysis: { fps: 5 },
    detector: { kind: 'onnx' as const, modelId: model! },
  },
];

async function health(serve: ServeHandle): Promise<HealthCamera[]> {
  const r = await fetch(`${serve.origin}/healthz?token=${serve.token}`);
  expect(r.status).toBe(200);
  return ((await r.json()) as { cameras: HealthCamera[] }).cameras;
}

/** Waits for the demo camera to stream; its /healthz entry then. */
async function demoStreaming(serve: ServeHandle): Promise<HealthCamera> {
  let cam: HealthCamera | undefined;
  await until(
    async () => {
      cam = (await health(serve)).find((c) => c.id === 'demo');
      return cam?.state === 'streaming';
    },
    120_000,
    'the demo camera streaming',
    200,
  );
  return cam!;
}

async function admin(serve: ServeHandle): Promise<{ api: ApiSocket; session: string }> {
  const api = await ApiSocket.open(serve);
  const r = await api.call('auth.createFirstAdmin', {
    username: 'admin',
    password: 'clave-segura-123',
    displayName: 'Admin',
  });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return { api, session: r.result.token as string };
}

describe.skipIf(!model)('execution providers on watcher serve without a GPU', () => {
  let serve: ServeHandle | undefined;
  let api: ApiSocket | undefined;

  afterEach(async () => {
    api?.close();
    api = undefined;
    await serve?.stop();
    serve = undefined;
  });

  it('auto (the default) runs on the CPU, streams, and gives the fallback reason', async () => {
    serve = await startServe({ cameras: demoWithModel(), processGroup: true });
    const cam = await demoStreaming(serve);
    expect(cam).toMatchObject({
      provider: 'cpu',
      providerRequested: 'auto',
      providerReasonCode: 'providers.reason.notInstalled',
    });
    expect(cam.providerFallback).toMatch(/^cuda unavailable: CUDA provider not installed/);
    expect(cam.providerFallback).toMatch(/; using cpu$/);

    const a = await admin(serve);
    api = a.api;
    const statuses = await api.call('cameras.statuses', {}, a.session);
    expect(statuses.ok).toBe(true);
    const s = (statuses.result as Array<Record<string, unknown>>).find(
      (x) => x.cameraId === 'demo',
    );
    expect(s).toMatchObject({
      provider: 'cpu',
      providerRequested: 'auto',
      providerReasonCode: 'providers.reason.notInstalled',
    });
    expect(s!.providerNote).toBe(cam.providerFallback);

    // Settings → System: the stored setting, what runs and where each value comes from.
    const view = await api.call('inference.settings', {}, a.session);
    expect(view.ok, JSON.stringify(view.error)).toBe(true);
    expect(view.result.effective.provider).toBe('auto');
    expect(view.result.sources.provider).toBe('default');
  }, 180_000);

  it('--provider cuda falls back to the CPU with the reason instead of crashing', async () => {
    serve = await startServe({
      cameras: demoWithModel(),
      processGroup: true,
      args: ['--provider', 'cuda', '--threads', '1'],
      // The flag wins over the environment.
      env: { WATCHER_PROVIDER: 'webgpu' },
    });
    const cam = await demoStreaming(serve);
    expect(cam).toMatchObject({ provider: 'cpu', providerRequested: 'cuda' });
    expect(cam.providerFallback).toMatch(/CUDA provider not installed|no CUDA device/);
    const a = await admin(serve);
    api = a.api;
    const view = await api.call('inference.settings', {}, a.session);
    expect(view.result.effective).toMatchObject({ provider: 'cuda', intraOpThreads: 1 });
    expect(view.result.sources).toMatchObject({ provider: 'flag', intraOpThreads: 'flag' });
  }, 180_000);

  it('saving the setting restarts the workers with it', async () => {
    serve = await startServe({ cameras: demoWithModel(), processGroup: true });
    await demoStreaming(serve);
    const a = await admin(serve);
    api = a.api;
    const saved = await api.call(
      'inference.saveSettings',
      { provider: 'cpu', deviceId: 0, intraOpThreads: 1, interOpThreads: 0 },
      a.session,
    );
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    expect(saved.result.stored.provider).toBe('cpu');
    // Asked for the CPU: no fallback reason any more once the restarted worker streams.
    await until(
      async () => {
        const cam = (await health(serve!)).find((c) => c.id === 'demo');
        return (
          cam?.state === 'streaming' &&
          cam.providerRequested === 'cpu' &&
          cam.provider === 'cpu' &&
          cam.providerFallback === undefined
        );
      },
      120_000,
      'the camera on the new setting',
      200,
    );
  }, 240_000);
});
