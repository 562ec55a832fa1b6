import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAnalysis, sourceFromArg } from '../../../../inference/worker/analyze-runner';
import type { FrameTimings } from '../../../../inference/worker/camera-pipeline';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { reshapeV8Model } from './onnx-writer';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function clip(name: string, overlayX: string): string {
  const file = path.join(dir, name);
  execFileSync(ffmpegBinary().path, [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'color=c=0x505050:s=320x180:r=10:d=4',
    '-f',
    'lavfi',
    '-i',
    'color=c=white:s=40x24:r=10:d=4',
    '-filter_complex',
    `[0][1]overlay=x='${overlayX}':y=80:shortest=1`,
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
  return file;
}

async function gatedShare(video: string): Promise<{ frames: number; inferred: number }> {
  const model = path.join(dir, 'tiny.onnx');
  // 128 px input: the gate looks at the model input, so it must be big enough to see the box.
  writeFileSync(model, reshapeV8Model(128, ['a', 'b'], 8192));
  const timings: FrameTimings[] = [];
  const s = await runAnalysis(
    {
      source: sourceFromArg(video),
      model,
      modelsDir: dir,
      ffmpegPath: ffmpegBinary().path,
      inference: { provider: 'cpu', intraOpThreads: 1, interOpThreads: 1 },
      motionGate: true,
    },
    { onTimings: (t) => timings.push(t) },
  );
  expect(s.error).toBeUndefined();
  return { frames: timings.length, inferred: timings.filter((t) => !t.gated).length };
}

describe('motion gate', () => {
  it('skips the model on a static scene (one refresh run) and runs it while something moves', async () => {
    const still = await gatedShare(clip('still.mp4', '100'));
    expect(still.frames).toBe(40);
    // First frame always runs; the default refresh (5 s) is longer than the clip.
    expect(still.inferred).toBe(1);
    const moving = await gatedShare(clip('moving.mp4', '10+t*60'));
    expect(moving.frames).toBe(40);
    // Warm-up frames of the background model aside, every frame with motion goes to the model.
    expect(moving.inferred).toBeGreaterThan(30);
  });
});
