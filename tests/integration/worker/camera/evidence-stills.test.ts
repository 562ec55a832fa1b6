import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../../../helpers/until';
import { writeTestH264 } from '../../../helpers/ring-buffer-fixture';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { CameraRunner } from '../../../../inference/worker/camera/camera-runner';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';

/**
 * The evidence stills come out of the same ffmpeg as the previews: same frames (same frameId),
 * at the source's own resolution, so a snapshot or a plate crop is not cut from a 640-px preview.
 */
describe('evidence stills beside the previews (real ffmpeg)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-stills-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers source-resolution JPEGs with the frameIds of the previews', async () => {
    const video = path.join(dir, 'hd.mp4');
    writeTestH264({ ffmpeg: ffmpegBinary().path, seconds: 4, size: '1280x720', gop: null }, video);
    const config = cameraConfigSchema.parse({
      id: 'hd',
      name: 'hd',
      source: { kind: 'file', path: video, loop: false },
      analysis: { fps: 10 },
      preview: { fps: 10, width: 320 },
      buffer: { seconds: 0 },
    });
    let endOfFile = () => {};
    const ended = new Promise<void>((resolve) => (endOfFile = resolve));
    const previews = new Map<number, { width: number; height: number }>();
    const stills = new Map<number, { width: number; height: number; jpeg: Uint8Array }>();
    const runner = new CameraRunner(
      config,
      {
        ffmpegPath: ffmpegBinary().path,
        analysis: { width: 64, height: 64, pixFmt: 'gray' },
        preview: true,
        stills: { maxWidth: 0, quality: 3 },
        realtime: false,
        reconnect: false,
      },
      {
        status: () => {},
        preview: (p) => previews.set(p.frameId, p),
        still: (s) => stills.set(s.frameId, s),
        log: () => {},
        end: () => endOfFile(),
      },
    );
    runner.start();
    // The whole file, however long a loaded machine takes (the test's own time-out guards hangs).
    await ended;
    runner.stop();

    expect(previews.size).toBeGreaterThan(30);
    expect(stills.size).toBe(previews.size);
    for (const [id, p] of previews) {
      expect(p.width).toBe(320);
      const s = stills.get(id)!;
      expect(s, `still of frame ${id}`).toBeDefined();
      expect([s.width, s.height]).toEqual([1280, 720]);
    }
    const first = [...stills.values()][0];
    const meta = await sharp(Buffer.from(first.jpeg)).metadata();
    expect([meta.width, meta.height]).toEqual([1280, 720]);
  });

  it('caps the still width without upscaling smaller sources', async () => {
    const config = cameraConfigSchema.parse({
      id: 'demo',
      name: 'demo',
      source: { kind: 'demo' },
      analysis: { fps: 5 },
      preview: { fps: 5, width: 160 },
      buffer: { seconds: 0 },
    });
    const sizes: Array<[number, number]> = [];
    const runner = new CameraRunner(
      config,
      {
        ffmpegPath: ffmpegBinary().path,
        preview: true,
        stills: { maxWidth: 1920, quality: 3 },
        realtime: true,
        reconnect: false,
      },
      { status: () => {}, still: (s) => sizes.push([s.width, s.height]), log: () => {} },
    );
    runner.start();
    await until(() => sizes.length > 3, 60_000, 'four stills');
    runner.stop();
    // The demo scene is 640×360: kept as it is.
    expect(sizes[0]).toEqual([640, 360]);
  });
});
