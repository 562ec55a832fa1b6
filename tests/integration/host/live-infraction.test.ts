import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlRoomHost } from '../../../electron/host/control-room-host';
import { openHostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import { EvidenceTruth } from '../../helpers/evidence-truth';
import type { TrafficTruth } from '../../../tools/synth/traffic-render';
import { ffmpegBinary } from '../../../inference/worker/ffmpeg/ffmpeg-path';
import { waitFor } from '../../helpers/process-tree';
import { createNodeHost } from '../../helpers/node-host';
import {
  addSceneConfig,
  collectInfractions,
  renderSyntheticTraffic,
  syntheticTrafficCamera,
} from '../../helpers/synthetic-traffic-camera';

describe('live path: camera → worker (motion, tracking, speed, rules) → evidence → store → API event', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-live-'));
  const dataDir = path.join(dir, 'data');
  let host: ControlRoomHost | undefined;
  afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a car above the limit on a looping synthetic camera yields a stored, sealed speed infraction', async () => {
    const scene = path.join(dir, 'scene');
    // Larger than the 640-px preview: the evidence must come from source-resolution stills.
    await renderSyntheticTraffic(scene, { speeds: [110], limitKmh: 80, size: '1280x720' });

    const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
    addSceneConfig(services.store.config, scene);
    host = createNodeHost({
      dataDir,
      logger: new Logger({ console: process.env.WATCHER_TEST_LOG === '1', level: 'debug' }),
      services,
    });
    const created = collectInfractions(host);
    const tracked: number[] = [];
    host.onEvent((e) => {
      if (e.topic === 'camera.detections') {
        const p = e.payload as {
          cameraId: string;
          detections: Array<{ trackId?: number; speedKmh?: number }>;
        };
        if (p.cameraId === 'syn')
          for (const d of p.detections) if (d.speedKmh !== undefined) tracked.push(d.speedKmh);
      }
    });
    host.start();
    host.cameras.remove('demo');
    host.cameras.upsert(syntheticTrafficCamera(scene, 'Synthetic 110 km/h'));

    // The clip needs 5 s after the event in the ring buffer, so allow for the wait.
    const ok = await waitFor(() => created.length > 0, 90_000, 250);
    if (!ok) console.log('speeds seen', tracked.length, tracked.slice(-20));
    expect(ok).toBe(true);
    const event = created[0];
    expect(event.type).toBe('speed');
    expect(event.cameraId).toBe('syn');
    expect(event.measured.speedKmh).toBeGreaterThan(90);
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    // The clip is a manifest over the camera's shared ring-buffer segments, each listed and hashed.
    expect([...new Set(event.evidence.map((f) => f.kind))].sort()).toEqual([
      'clip',
      'clip-segment',
      'crop',
      'snapshot',
    ]);
    for (const f of event.evidence)
      expect(existsSync(path.join(services.evidenceRoot, f.path))).toBe(true);
    const snapshot = event.evidence.find((f) => f.kind === 'snapshot')!;
    const meta = await sharp(path.join(services.evidenceRoot, snapshot.path)).metadata();
    expect([meta.width, meta.height]).toEqual([1280, 720]);
    expect(tracked.length).toBeGreaterThan(0);
    // Snapshot, crop and box of one frame (previews at 10 fps, analysis at 25): the crop's pixels
    // are of the vehicle's frame, and the stored box covers its true box there.
    expect(event.frameId).toBeDefined();
    expect(event.snapshotFrameId).toBe(event.frameId);
    const truth = JSON.parse(readFileSync(path.join(scene, 'truth.json'), 'utf8')) as TrafficTruth;
    const check = await EvidenceTruth.load(
      ffmpegBinary().path,
      path.join(scene, 'video.mp4'),
      truth,
    );
    const crop = event.evidence.find((f) => f.kind === 'crop')!;
    const shown = await check.frameShownByCrop(
      readFileSync(path.join(services.evidenceRoot, crop.path)),
      event.box,
    );
    expect(check.vehicleAt(shown, event.box)).toMatchObject({ speedKmh: 110 });
    expect(check.vehicleAt(shown, event.box).iou).toBeGreaterThanOrEqual(0.5);

    // Written by the batch writer (the API never waited on it), readable through the review API.
    expect(
      await waitFor(
        () =>
          (
            services.store.db
              .prepare('SELECT COUNT(*) AS n FROM infractions WHERE id = ?')
              .get(event.id) as { n: number }
          ).n === 1,
        5000,
      ),
    ).toBe(true);
  });
});
