import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { calibrationConfigSchema } from '../../../../electron/shared/config/calibration';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlRoomHost } from '../../../../electron/host/control-room-host';
import { Logger } from '../../../../electron/host/logging/logger';
import { forkWithChildProcess } from '../../../../electron/host/workers/node-forker';
import { classifyFfmpegError, grabOneFrame } from '../../../../electron/host/cameras/frame-grab';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import type { ConnectionContext } from '../../../../electron/host/api-types';

/** A real host whose only camera is disabled, so no worker starts: the API layer alone. */
describe('calibration, rules, cameras and reports handlers on a real host', () => {
  let dir: string;
  let host: ControlRoomHost;
  let ctx: ConnectionContext;
  let id = 0;
  const call = async (method: string, params: unknown) => {
    const r = await host.handle({ kind: 'request', id: ++id, method, params }, ctx);
    // Replies are checked field by field by the assertions below.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return r as { ok: boolean; result?: any; error?: { code: string; message: string } };
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-ui-handlers-'));
    // No store: cameras live in memory and versions in <dataDir>/ui-config (the fallback path).
    host = new ControlRoomHost({
      dataDir: dir,
      runtime: 'node',
      forker: forkWithChildProcess,
      workerEntry: 'unused',
      logger: new Logger({ dir: path.join(dir, 'logs'), level: 'error' }),
    });
    host.cameras.upsert({ id: 'cam-1', name: 'Cam', enabled: false, source: { kind: 'demo' } });
    host.start();
    ctx = host.newConnection('ws');
  });
  afterAll(async () => {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves calibrations and rule sets as new versions and loads any version', async () => {
    const pairs = [
      [100, 140, 0, 0],
      [540, 140, 20, 0],
      [560, 270, 20, 7],
      [80, 270, 0, 7],
    ].map(([a, b, c, d]) => ({ image: { x: a, y: b }, world: { x: c, y: d } }));
    const cal = { imageWidth: 640, imageHeight: 360, pairs };
    expect((await call('calibration.get', { cameraId: 'cam-1' })).result).toEqual({
      calibration: null,
    });
    const v1 = await call('calibration.save', { cameraId: 'cam-1', data: cal });
    const v2 = await call('calibration.save', {
      cameraId: 'cam-1',
      data: { ...cal, imageWidth: 1280 },
    });
    expect([v1.result.version, v2.result.version]).toEqual([1, 2]);
    expect(v1.result.createdBy).toBe('local');
    expect(
      (await call('calibration.get', { cameraId: 'cam-1' })).result.calibration.data.imageWidth,
    ).toBe(1280);
    expect(
      (await call('calibration.get', { cameraId: 'cam-1', version: 1 })).result.calibration.data
        .imageWidth,
    ).toBe(640);

    const rules = {
      imageWidth: 640,
      imageHeight: 360,
      zones: [],
      lines: [{ id: 'l1', name: 'L', kind: 'count', a: { x: 0, y: 0 }, b: { x: 1, y: 1 } }],
    };
    expect((await call('rules.save', { cameraId: 'cam-1', data: rules })).result.version).toBe(1);
    expect((await call('rules.get', { cameraId: 'cam-1' })).result.ruleSet.data.lines[0].kind).toBe(
      'count',
    );
    // The stored version also carries the rules engine's and tracking area's configs.
    // Versions are stored in the rules engine's and tracking area's shapes, the draft under `editor`.
    const stored = JSON.parse(
      readFileSync(path.join(dir, 'ui-config', 'rules-cam-1.json'), 'utf8'),
    );
    expect(ruleSetSchema.parse(stored[0].data).rules).toEqual([
      expect.objectContaining({ type: 'line-crossing', lineId: 'l1' }),
    ]);
    const storedCal = JSON.parse(
      readFileSync(path.join(dir, 'ui-config', 'calibration-cam-1.json'), 'utf8'),
    );
    expect(calibrationConfigSchema.parse(storedCal[1].data)).toMatchObject({
      method: 'points',
      version: 2,
    });
    // Fewer than 4 pairs is no calibration for the speed estimator: refused with a reason.
    expect(
      (
        await call('calibration.save', {
          cameraId: 'cam-1',
          data: { ...cal, pairs: pairs.slice(0, 3) },
        })
      ).error?.code,
    ).toBe('ui.calibration.invalid');
  });

  it('rejects unknown cameras and malformed drafts with codes', async () => {
    expect((await call('rules.get', { cameraId: 'nope' })).error?.code).toBe('camera.not_found');
    expect(
      (await call('calibration.save', { cameraId: 'cam-1', data: { imageWidth: -1 } })).error?.code,
    ).toBe('api.invalid_params');
    expect((await call('calibration.get', { cameraId: '../etc' })).error?.code).toBe(
      'api.invalid_params',
    );
  });

  it('exports the system report; the daily one says it needs the store', async () => {
    const csv = await call('reports.export', { kind: 'system', format: 'csv', locale: 'en' });
    expect(csv.ok).toBe(true);
    expect(Buffer.from(csv.result.base64, 'base64').toString('utf8')).toContain(
      'cam-1,Cam,Stopped',
    );
    const daily = await call('reports.export', {
      kind: 'daily',
      format: 'pdf',
      date: '2026-11-21',
    });
    expect(daily.error?.code).toBe('ui.reports.noStore');
    expect((await call('evidence.get', { infractionId: 'x', kind: 'clip' })).error?.code).toBe(
      'ui.evidence.noStore',
    );
  });

  it('tests camera connections with real ffmpeg: a frame, or the exact reason', async () => {
    const ok = await call('cameras.test', { source: { kind: 'demo' } });
    expect(ok.result.ok).toBe(true);
    expect([ok.result.width, ok.result.height]).toEqual([640, 360]);
    expect(Buffer.from(ok.result.jpegBase64, 'base64').subarray(0, 2)).toEqual(
      Buffer.from([0xff, 0xd8]),
    );

    const missing = await call('cameras.test', {
      source: { kind: 'file', path: '/nonexistent/clip.mp4' },
    });
    expect(missing.result).toMatchObject({ ok: false, errorCode: 'ui.cameras.test.notFound' });

    // Nothing listens on port 9 of localhost: connection refused.
    const refused = await grabOneFrame(
      ffmpegBinary().path,
      { kind: 'rtsp', url: 'rtsp://user:secret@127.0.0.1:9/stream', transport: 'tcp' },
      10_000,
    );
    expect(refused).toMatchObject({ ok: false, errorCode: 'ui.cameras.test.unreachable' });
    expect(refused.error).not.toContain('secret');
  });

  it('classifies ffmpeg errors', () => {
    expect(classifyFfmpegError('method DESCRIBE failed: 401 Unauthorized')).toBe(
      'ui.cameras.test.unauthorized',
    );
    expect(classifyFfmpegError('moov atom not found')).toBe('ui.cameras.test.badStream');
    expect(classifyFfmpegError('something else')).toBe('ui.cameras.test.failed');
  });
});
