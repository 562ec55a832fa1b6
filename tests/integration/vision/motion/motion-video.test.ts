import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import {
  MotionDetector,
  type MotionBox,
} from '../../../../inference/vision/motion/motion-detector';
import { decodeRawFrames } from '../../../../tools/synth/ffmpeg-frames';
import { fixtures } from '../../../helpers/fixtures';

const ffmpeg = ffmpegInstaller.path;
const W = 192;
const H = 108;

async function run(file: string, seconds: number): Promise<MotionBox[][]> {
  const md = new MotionDetector({ width: W, height: H });
  const out: MotionBox[][] = [];
  for await (const gray of decodeRawFrames(ffmpeg, file, {
    width: W,
    height: H,
    maxSeconds: seconds,
  })) {
    out.push(md.detect(gray));
  }
  return out;
}

describe('motion detector on decoded video', () => {
  const car = fixtures.video('car-detection.mp4');
  it.skipIf(!car)('finds the moving car in car-detection.mp4', async () => {
    const frames = await run(car!, 10);
    expect(frames.length).toBeGreaterThan(120);
    // The lot is still for the first ~4.5 s (static frames): nothing may be reported there.
    for (let i = 0; i < 50; i++) expect(frames[i]).toEqual([]);
    // Then a car drives in from the bottom edge and through the frame for ~5 s.
    const withCar = frames
      .slice(55)
      .filter((b) => b.some((x) => (x.x2 - x.x1) * (x.y2 - x.y1) > 200));
    expect(withCar.length).toBeGreaterThan(45);
  });

  it('follows a box moving across a generated clip and sees nothing once it has gone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'motion-'));
    try {
      const clip = path.join(dir, 'moving.mp4');
      execFileSync(ffmpeg, [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        `color=c=0x505050:s=${W}x${H}:r=10:d=5`,
        '-f',
        'lavfi',
        '-i',
        'color=c=white:s=24x16:r=10:d=5',
        '-filter_complex',
        "[0][1]overlay=x='if(lt(t,3),10+t*50,1000)':y=40:shortest=1",
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
        clip,
      ]);
      const frames = await run(clip, 5);
      // Frame i shows the box at x = 10 + 5i (t = i/10 s). The background was learnt with the box
      // in it, so a ghost shows where it stood until the static-blob check absorbs it.
      for (let i = 15; i < 28; i++) {
        expect(frames[i]).toHaveLength(1);
        const b = frames[i][0];
        expect(Math.abs(b.x1 - (10 + 5 * i))).toBeLessThanOrEqual(3);
        expect(Math.abs(b.y2 - 56)).toBeLessThanOrEqual(2);
      }
      for (let i = 35; i < frames.length; i++) expect(frames[i]).toEqual([]);
      // A static frame repeated: the tail of the clip is still and yields nothing.
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
