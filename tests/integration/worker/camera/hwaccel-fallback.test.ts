import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraConfigSchema, type CameraStatus } from '../../../../electron/shared/config/camera';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { CameraRunner } from '../../../../inference/worker/camera/camera-runner';
import { until } from '../../../helpers/until';

const ffmpeg = ffmpegBinary().path;
const dir = mkdtempSync(path.join(os.tmpdir(), 'hwaccel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** On a machine without CUDA (CI, this one), `hwaccel: cuda` decodes in software and says why. */
describe('hardware decoding fallback', () => {
  it('cuda unavailable: the camera streams in software with the reason on its status', async () => {
    const video = path.join(dir, 'v.mp4');
    const made = spawnSync(ffmpeg, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=10',
      '-t',
      '3',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      video,
    ]);
    expect(made.status).toBe(0);
    const config = cameraConfigSchema.parse({
      id: 'hw',
      name: 'hw',
      source: { kind: 'file', path: video, loop: true },
      hwaccel: 'cuda',
    });
    let last: CameraStatus | undefined;
    let frames = 0;
    const runner = new CameraRunner(
      config,
      {
        ffmpegPath: ffmpeg,
        analysis: { width: 64, height: 36, pixFmt: 'gray' },
        preview: false,
        realtime: true,
        reconnect: true,
      },
      { status: (s) => (last = s), frame: () => frames++, log: () => {} },
    );
    runner.start();
    try {
      await until(() => frames >= 3 && last?.state === 'streaming', 60_000, 'frames in software');
    } finally {
      runner.stop();
    }
    const s = runner.currentStatus;
    expect(s.decoder).toBe('software');
    expect(s.decoderNoteCode).toBe('camera.hwaccel.fallback');
    expect(s.decoderNote).toMatch(/cuda/);
  }, 90_000);
});
