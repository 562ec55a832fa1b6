import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlRoomHost } from '../../../electron/host/control-room-host';
import { openHostServices, type HostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import { importModel } from '../../../electron/host/models/install';
import type { ConnectionContext } from '../../../electron/host/api-types';
import {
  ANALYZE_MAX_RUNNING,
  ANALYZE_MAX_WAITING,
} from '../../../electron/host/handlers/frame-handlers';
import { reshapeV8Model } from '../worker/detector/onnx-writer';
import { createNodeHost } from '../../helpers/node-host';
import { adminAndUser } from '../../helpers/host-accounts';
import { fixtures, sharedFixture } from '../../helpers/fixtures';

type Reply = {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
  error?: { code: string; message: string; params?: Record<string, unknown> };
};

const yolo = fixtures.yolov8n();
const coco = sharedFixture('fixtures/detect/coco128/images/train2017/000000000540.jpg');
const cocoLabels = sharedFixture('fixtures/detect/coco128/labels/train2017/000000000540.txt');
const cocoClasses = sharedFixture('fixtures/detect/coco128/classes.txt');

type Box = { x1: number; y1: number; x2: number; y2: number };
const iou = (a: Box, b: Box) => {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const area = (x: Box) => (x.x2 - x.x1) * (x.y2 - x.y1);
  return (w * h) / (area(a) + area(b) - w * h);
};

/**
 * `frames.analyze` through the host API (the same `handle()` both transports and the REST layer
 * call), on a real store with roles, real model probe processes, ffmpeg and ONNX Runtime.
 */
describe('frames.analyze on a real host', () => {
  let dir: string;
  let services: HostServices;
  let host: ControlRoomHost;
  let ctx: ConnectionContext;
  let admin: string;
  let viewer: string;
  let id = 0;
  const call = async (method: string, params: unknown, session = admin): Promise<Reply> =>
    (await host.handle({ kind: 'request', id: ++id, method, params, session }, ctx)) as Reply;
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  let scene: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-frames-'));
    const dataDir = path.join(dir, 'data');
    const logger = new Logger({ console: false });
    services = openHostServices({ dataDir, logger });
    const modelsDir = path.join(dataDir, 'models');
    // A tiny YOLOv8-layout model written by the tests (no fixture needed).
    const tiny = path.join(dir, 'tiny.onnx');
    writeFileSync(tiny, reshapeV8Model(8, ['a', 'b'], 32));
    await importModel(tiny, modelsDir, { id: 'tiny', labels: ['a', 'b'] });
    if (yolo) await importModel(yolo, modelsDir, { id: 'yolov8n' });
    host = createNodeHost({ dataDir, logger, services, modelsDir });
    ctx = host.newConnection('ws');
    ({ admin, user: viewer } = await adminAndUser(services.auth, {
      username: 'ver',
      displayName: 'Ver',
      role: 'operator',
    }));
    scene = await sharp({
      create: { width: 320, height: 200, channels: 3, background: { r: 40, g: 90, b: 140 } },
    })
      .jpeg()
      .toBuffer();
    // Cameras are configured but not started: analysing a frame does not need the camera running.
    host.cameras.upsert({
      id: 'cam-tiny',
      name: 'Tiny',
      enabled: false,
      source: { kind: 'demo' },
      detector: { kind: 'onnx', modelId: 'tiny' },
    });
    host.cameras.upsert({
      id: 'cam-motion',
      name: 'Motion',
      enabled: false,
      source: { kind: 'demo' },
    });
  });
  afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs an installed model (no fixture needed) and a camera's model on a posted JPEG and PNG", async () => {
    const jpeg = await call('frames.analyze', { imageBase64: b64(scene), modelId: 'tiny' });
    expect(jpeg.ok, JSON.stringify(jpeg.error)).toBe(true);
    expect(jpeg.result).toMatchObject({
      modelId: 'tiny',
      width: 320,
      height: 200,
      provider: 'cpu',
    });
    expect(jpeg.result.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(jpeg.result.detections)).toBe(true);
    const png = await sharp(scene).png().toBuffer();
    const viaCamera = await call('frames.analyze', { imageBase64: b64(png), cameraId: 'cam-tiny' });
    expect(viaCamera.ok, JSON.stringify(viaCamera.error)).toBe(true);
    expect(viaCamera.result).toMatchObject({ modelId: 'tiny', width: 320, height: 200 });
  });

  it('refuses what it cannot analyse with clear codes, and the host keeps serving', async () => {
    const expectCode = async (params: Record<string, unknown>, code: string, session = admin) => {
      const r = await call('frames.analyze', params, session);
      expect(r, code).toMatchObject({ ok: false, error: { code } });
      return r;
    };
    // The motion detector needs video, not one frame.
    await expectCode({ imageBase64: b64(scene), cameraId: 'cam-motion' }, 'frames.camera_no_model');
    await expectCode({ imageBase64: b64(scene), cameraId: 'ghost' }, 'frames.camera_not_found');
    await expectCode({ imageBase64: b64(scene), modelId: 'absent' }, 'frames.model_not_installed');
    // An id is never a path.
    await expectCode(
      { imageBase64: b64(scene), modelId: '../models/tiny' },
      'frames.model_not_installed',
    );
    await expectCode({ imageBase64: b64(scene) }, 'api.invalid_params');
    await expectCode(
      { imageBase64: '!!!! not base64 ????', modelId: 'tiny' },
      'frames.image.bad_base64',
    );
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    await expectCode({ imageBase64: b64(gif), modelId: 'tiny' }, 'frames.image.unsupported');
    // A readable header over data that is not an image: refused by the decoder in the probe.
    const corrupt = Buffer.concat([scene.subarray(0, 600), Buffer.alloc(4000, 0x5a)]);
    await expectCode({ imageBase64: b64(corrupt), modelId: 'tiny' }, 'frames.image.corrupt');
    const truncated = (await sharp(scene).png().toBuffer()).subarray(0, 60);
    await expectCode({ imageBase64: b64(truncated), modelId: 'tiny' }, 'frames.image.corrupt');
    // A small PNG that claims 10000×10000 (100 MP): refused from its header, never decoded.
    const bomb = Buffer.from(await sharp(scene).png().toBuffer());
    bomb.writeUInt32BE(10_000, 16);
    bomb.writeUInt32BE(10_000, 20);
    const big = await expectCode(
      { imageBase64: b64(bomb), modelId: 'tiny' },
      'frames.image.too_large',
    );
    expect(big.error?.params).toMatchObject({ width: 10_000, height: 10_000 });
    // Over the contract's size bound.
    await expectCode(
      { imageBase64: 'A'.repeat(12 * 1024 * 1024), modelId: 'tiny' },
      'api.invalid_params',
    );
    // A viewer may not use it (config permission).
    const denied = await call(
      'frames.analyze',
      { imageBase64: b64(scene), modelId: 'tiny' },
      viewer,
    );
    expect(denied.ok).toBe(false);
    expect(denied.error?.code).not.toBe('frames.busy');

    const after = await call('frames.analyze', { imageBase64: b64(scene), modelId: 'tiny' });
    expect(after.ok, JSON.stringify(after.error)).toBe(true);
    expect((await call('system.info', {})).ok).toBe(true);
  });

  it('a burst beyond the queue is answered frames.busy, the rest are analysed', async () => {
    const n = ANALYZE_MAX_RUNNING + ANALYZE_MAX_WAITING + 3;
    const replies = await Promise.all(
      Array.from({ length: n }, () =>
        call('frames.analyze', { imageBase64: b64(scene), modelId: 'tiny' }),
      ),
    );
    const busy = replies.filter((r) => r.error?.code === 'frames.busy');
    const ok = replies.filter((r) => r.ok);
    expect(busy.length).toBe(3);
    expect(ok.length).toBe(ANALYZE_MAX_RUNNING + ANALYZE_MAX_WAITING);
    // Served again once the queue drains.
    expect((await call('frames.analyze', { imageBase64: b64(scene), modelId: 'tiny' })).ok).toBe(
      true,
    );
  });

  it.skipIf(!yolo || !coco || !cocoLabels)(
    'finds the airplane of a real COCO photo with the YOLOv8n fixture, in its own pixels, JPEG and PNG alike',
    async () => {
      const jpeg = readFileSync(coco!);
      const meta = await sharp(jpeg).metadata();
      const W = meta.width!;
      const H = meta.height!;
      // Ground truth (YOLO format, normalised) in the photo's pixels.
      const names = readFileSync(cocoClasses!, 'utf8').split('\n');
      const truth = readFileSync(cocoLabels!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ').map(Number))
        .map(([c, cx, cy, w, h]) => ({
          label: names[c],
          x1: (cx - w / 2) * W,
          y1: (cy - h / 2) * H,
          x2: (cx + w / 2) * W,
          y2: (cy + h / 2) * H,
        }));
      const plane = truth.find((t) => t.label === 'airplane')!;
      const bestPlane = (
        dets: Array<{ label: string; x1: number; y1: number; x2: number; y2: number }>,
      ) => Math.max(0, ...dets.filter((d) => d.label === 'airplane').map((d) => iou(d, plane)));

      const r = await call('frames.analyze', { imageBase64: b64(jpeg), modelId: 'yolov8n' });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      expect(r.result).toMatchObject({ modelId: 'yolov8n', width: W, height: H, provider: 'cpu' });
      expect(bestPlane(r.result.detections)).toBeGreaterThanOrEqual(0.6);
      for (const d of r.result.detections) {
        expect(d.x1).toBeGreaterThanOrEqual(-1);
        expect(d.x2).toBeLessThanOrEqual(W + 1);
        expect(d.y2).toBeLessThanOrEqual(H + 1);
      }
      const png = await sharp(jpeg).png().toBuffer();
      const p = await call('frames.analyze', { imageBase64: b64(png), modelId: 'yolov8n' });
      expect(p.ok, JSON.stringify(p.error)).toBe(true);
      expect(p.result).toMatchObject({ width: W, height: H });
      expect(bestPlane(p.result.detections)).toBeGreaterThanOrEqual(0.6);
    },
  );
});
