import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../electron/shared/api/envelope';
import { sharedFixture } from '../../helpers/fixtures';
import { until } from '../../helpers/until';
import { useApiHost } from '../../helpers/api-host';

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const light = sharedFixture('models/light_person_detector_192.onnx');

/**
 * `modelCompare.run` on a live camera: the built-in demo camera runs in a real worker, and the
 * comparison samples its preview stills (the JPEGs the wall gets) on the host.
 */
describe.skipIf(!(yolo && light))('models compare on a live camera', () => {
  const api = useApiHost({
    prefix: 'model-lab-cam',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
    models: { 'yolo.onnx': yolo!, 'light.onnx': light! },
  });

  it('samples distinct stills of the camera and runs both models on them', async () => {
    let previews = 0;
    api.host.onEvent((e) => {
      if (e.topic === 'camera.preview') previews++;
    });
    api.host.start();
    await until(() => previews >= 2, 60_000, 'demo camera previews', 100);

    const inbox: ServerMessage[] = [];
    const conn = api.host.connect('ws', {
      send: (m) => inbox.push(m),
      bufferedBytes: () => 0,
      close: () => {},
    });
    const call = async (method: string, params: unknown, session: string) => {
      const rid = Math.floor(Math.random() * 1e9);
      await conn.receive(JSON.stringify({ kind: 'request', id: rid, method, params, session }));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return inbox.find((m) => m.kind === 'response' && m.id === rid) as any;
    };
    const params = {
      runId: 'camera-run-1',
      models: ['yolo', 'light'],
      source: { kind: 'camera', cameraId: 'demo', everyMs: 400 },
      frames: 3,
    };
    expect((await call('modelCompare.run', params, api.user)).error?.code).toBe(
      'store.error.forbidden',
    );
    const r = await call('modelCompare.run', params, api.admin);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.result.frames.length).toBeGreaterThanOrEqual(2);
    expect(new Set(r.result.frames.map((f: { jpegBase64: string }) => f.jpegBase64)).size).toBe(
      r.result.frames.length,
    );
    expect(r.result.frames[0].name).toMatch(/^demo \+\d+\.\ds$/);
    expect(r.result.models.map((m: { id: string }) => m.id)).toEqual(['yolo', 'light']);
    const progress = inbox
      .filter((m) => m.kind === 'event' && m.topic === 'modelCompare.progress')
      .map((m) => (m as { payload: { phase: string } }).payload.phase);
    expect(progress[0]).toBe('sampling');
    expect(progress.at(-1)).toBe('done');
  }, 120_000);
});
