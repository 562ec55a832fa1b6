import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '../../../../electron/host/models/install';
import { fixtures, repoRoot } from '../../../helpers/fixtures';
import {
  addSceneConfig,
  renderSyntheticTraffic,
  sceneJson,
  syntheticTrafficCamera,
  withDataDirStore,
} from '../../../helpers/synthetic-traffic-camera';
import { until } from '../../../helpers/until';
import { startServe, type ServeHandle } from '../../../helpers/watcher-serve';

/**
 * The integrator routes whose handlers live in the host (alarms, external signals, single-frame
 * analysis), for real, against `watcher serve` from the built bundle: a looping synthetic camera
 * whose cars break the speed limit raises a real alarm, its rule set has a controller-fed signal,
 * and an installed fixture model analyses a posted photo.
 */
const run = promisify(execFile);
const sceneDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-rest-scene-'));
const yolo = fixtures.yolov8n();
const photo = fixtures.image('dog.jpg');
let serve: ServeHandle;

const api = (p: string, key: string, init: RequestInit = {}) =>
  fetch(`${serve.origin}/api/v1${p}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, ...(init.headers as object) },
  });

const postJson = (p: string, key: string, body: unknown) =>
  api(p, key, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

async function createKey(scopes: string): Promise<string> {
  const r = await run(process.execPath, [
    path.join(repoRoot, 'bin', 'watcher.mjs'),
    'apikey',
    'create',
    '--name',
    `test ${scopes}`,
    '--scopes',
    scopes,
    '--rate-per-minute',
    '100000',
    '--data-dir',
    serve.dataDir,
  ]);
  return r.stdout.trim();
}

const externalSignal = { id: 'ctl', name: 'Controller', source: 'external' };
const imageSignal = {
  id: 'lamp',
  name: 'Lamp',
  source: 'region',
  region: { x: 10, y: 10, width: 20, height: 60 },
};

beforeAll(async () => {
  serve = await startServe({
    cameras: [
      syntheticTrafficCamera(sceneDir, 'Cruce sintético'),
      { id: 'cam-off', name: 'Apagada', enabled: false, source: { kind: 'demo' } },
    ],
    async prepare(dataDir) {
      await renderSyntheticTraffic(sceneDir, { speeds: [110, 120], limitKmh: 80 });
      withDataDirStore(dataDir, (store) => {
        const rules = sceneJson<{ signals?: unknown[] }>(sceneDir, 'rules.json');
        addSceneConfig(store.config, sceneDir, {
          rules: { ...rules, signals: [...(rules.signals ?? []), externalSignal, imageSignal] },
        });
        // The disabled camera has the same rules and a controller-fed signal.
        store.config.addRuleSet('cam-off', { ...rules, signals: [externalSignal] }, 'test');
      });
      if (yolo) await importModel(yolo, path.join(dataDir, 'models'), { id: 'yolov8n' });
    },
  });
}, 180_000);

afterAll(async () => {
  await serve?.stop();
  rmSync(sceneDir, { recursive: true, force: true });
});

describe('REST integrator routes with their handlers on watcher serve', () => {
  it('GET /alarms returns the alarm a real speeding infraction raised, with the filters', async () => {
    const key = await createKey('alarms:read,infractions:read');
    type Page = {
      items: Array<{ id: string; cameraId?: string; category: string; eventIds: string[] }>;
      unacknowledged: number;
      nextCursor?: string;
    };
    const list = async (q: string): Promise<Page> => {
      const r = await api(`/alarms${q}`, key);
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as Page;
    };
    let page: Page = { items: [], unacknowledged: 0 };
    await until(
      async () => {
        page = await list('?category=traffic&cameraId=syn');
        return page.items.length > 0;
      },
      240_000,
      'an alarm from the synthetic camera',
      500,
    );
    const alarm = page.items[0];
    expect(alarm).toMatchObject({ cameraId: 'syn', category: 'traffic' });
    expect(page.unacknowledged).toBeGreaterThan(0);
    // The alarm groups a real, stored infraction of that camera.
    const inf = await api(`/infractions/${alarm.eventIds[0]}`, key);
    expect(inf.status).toBe(200);
    expect(await inf.json()).toMatchObject({ infraction: { cameraId: 'syn', type: 'speed' } });

    // Filters: each narrows the same list the wall shows.
    expect((await list('?cameraId=nope')).items).toEqual([]);
    expect((await list('?category=safety,system&cameraId=syn')).items).toEqual([]);
    expect((await list('?state=new&unacknowledged=true')).items.map((a) => a.id)).toContain(
      alarm.id,
    );
    expect((await list('?state=closed')).items.map((a) => a.id)).not.toContain(alarm.id);
    expect((await list(`?from=${Date.now() + 3_600_000}`)).items).toEqual([]);
    expect((await list('?limit=1')).items).toHaveLength(1);
    const bad = await api('/alarms?state=burning', key);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'api.invalid_params' } });
  }, 300_000);

  it('POST /signals applies a controller phase to a running camera; refusals are clear 4xx', async () => {
    const key = await createKey('signals:write');
    const set = (body: Record<string, unknown>) => postJson('/signals', key, body);
    // The worker takes a moment to start; until then the camera is not running (409).
    let ok: Response | undefined;
    await until(
      async () => {
        ok = await set({ cameraId: 'syn', signalId: 'ctl', state: 'red', ttlSec: 60 });
        return ok.status !== 409;
      },
      120_000,
      'the synthetic camera running',
      500,
    );
    expect(ok!.status, await ok!.clone().text()).toBe(200);
    expect(await ok!.json()).toEqual({ applied: true, cameraId: 'syn', signalId: 'ctl' });

    const refused = async (body: Record<string, unknown>, status: number, code: string) => {
      const r = await set(body);
      expect(r.status, `${code}: ${await r.clone().text()}`).toBe(status);
      const e = (await r.json()) as { error: { code: string; message: string } };
      expect(e.error.code).toBe(code);
      expect(e.error.message.length).toBeGreaterThan(0);
    };
    await refused(
      { cameraId: 'nope', signalId: 'ctl', state: 'red' },
      404,
      'signals.camera_not_found',
    );
    await refused(
      { cameraId: 'syn', signalId: 'absent', state: 'red' },
      404,
      'signals.unknown_signal',
    );
    await refused({ cameraId: 'syn', signalId: 'lamp', state: 'red' }, 409, 'signals.not_external');
    await refused(
      { cameraId: 'cam-off', signalId: 'ctl', state: 'green' },
      409,
      'signals.camera_not_running',
    );
    await refused(
      { cameraId: 'syn', signalId: 'ctl', state: 'red', at: Date.now() + 3_600_000 },
      422,
      'signals.time_in_future',
    );
    const invalid = await set({ cameraId: 'syn', signalId: 'ctl', state: 'purple' });
    expect(invalid.status).toBe(400);
  }, 180_000);

  it.skipIf(!yolo || !photo)(
    'POST /ingest/frame runs an installed model on a real photo: JSON and raw image/jpeg',
    async () => {
      const key = await createKey('frames:write');
      const jpeg = readFileSync(photo!);
      type Result = {
        modelId: string;
        width: number;
        height: number;
        detections: Array<{ label: string; score: number }>;
      };
      const raw = await api('/ingest/frame?modelId=yolov8n&scoreThreshold=0.3', key, {
        method: 'POST',
        headers: { 'Content-Type': 'image/jpeg' },
        body: jpeg,
      });
      expect(raw.status, await raw.clone().text()).toBe(200);
      const r = (await raw.json()) as Result;
      expect(r.modelId).toBe('yolov8n');
      expect(r.width).toBeGreaterThan(0);
      const labels = new Set(r.detections.map((d) => d.label));
      // darknet's dog.jpg: a dog, a bicycle and a truck.
      expect(labels.has('dog')).toBe(true);
      expect(labels.has('bicycle') || labels.has('truck')).toBe(true);

      const json = await postJson('/ingest/frame', key, {
        modelId: 'yolov8n',
        scoreThreshold: 0.3,
        imageBase64: jpeg.toString('base64'),
      });
      expect(json.status, await json.clone().text()).toBe(200);
      const j = (await json.json()) as Result;
      expect(j.detections.map((d) => d.label).sort()).toEqual(
        r.detections.map((d) => d.label).sort(),
      );

      const missing = await api('/ingest/frame?modelId=not-installed', key, {
        method: 'POST',
        headers: { 'Content-Type': 'image/jpeg' },
        body: jpeg,
      });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'frames.model_not_installed' } });
      const noModel = await api('/ingest/frame?cameraId=syn', key, {
        method: 'POST',
        headers: { 'Content-Type': 'image/jpeg' },
        body: jpeg,
      });
      expect(noModel.status).toBe(422);
      expect(await noModel.json()).toMatchObject({ error: { code: 'frames.camera_no_model' } });
      const garbage = await api('/ingest/frame?modelId=yolov8n', key, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: Buffer.from('not a png at all, just text'),
      });
      expect(garbage.status).toBe(422);
    },
    180_000,
  );

  it('documents the real answers of alarms, signals and frames in a valid OpenAPI document', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const doc = (await (await fetch(`${serve.origin}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, Json> } & Json>>;
    };
    type Json = Record<string, unknown>;
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    const ok = (p: string, m: string) =>
      (doc.paths[p][m].responses['200'] as { content: Record<string, { schema: Json }> }).content[
        'application/json'
      ].schema as { properties: Record<string, Json>; required?: string[] };
    const alarms = ok('/api/v1/alarms', 'get');
    expect(Object.keys(alarms.properties)).toEqual(
      expect.arrayContaining(['items', 'nextCursor', 'unacknowledged']),
    );
    const item = (alarms.properties.items as { items: { properties: Json } }).items;
    expect(Object.keys(item.properties)).toEqual(
      expect.arrayContaining(['id', 'category', 'priority', 'state', 'cameraId', 'eventIds']),
    );
    expect(ok('/api/v1/signals', 'post').required).toEqual(
      expect.arrayContaining(['applied', 'cameraId', 'signalId']),
    );
    const frame = ok('/api/v1/ingest/frame', 'post');
    expect(Object.keys(frame.properties)).toEqual(
      expect.arrayContaining(['modelId', 'width', 'height', 'detections', 'inferenceMs']),
    );
    const signals = doc.paths['/api/v1/signals'].post.responses;
    expect(String(signals['409'].description)).toContain('signals.not_external');
    expect(String(signals['404'].description)).toContain('signals.unknown_signal');
    const frames = doc.paths['/api/v1/ingest/frame'].post;
    expect(String(frames.responses['503'].description)).toContain('frames.busy');
    expect(Object.keys((frames.requestBody as { content: Json }).content)).toEqual(
      expect.arrayContaining(['application/json', 'image/jpeg', 'image/png']),
    );
  });
});
