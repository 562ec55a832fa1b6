import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { letterbox, letterboxPoint } from '../../../../inference/vision/detect/letterbox';
import { letterboxFilter } from '../../../../inference/worker/camera/pipeline-args';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';

/**
 * ffmpeg's scale+pad must put the picture exactly where `letterbox()` says, or every box would be
 * shifted when mapped back to source pixels.
 */
describe('ffmpeg letterbox matches the TypeScript geometry', () => {
  const cases: Array<[number, number, number, number]> = [
    [768, 432, 416, 416],
    [640, 424, 416, 416],
    [1280, 720, 640, 640],
    [480, 640, 320, 256],
    // Odd scaled height (139) and odd padding: floor on both sides like ffmpeg.
    [1000, 334, 416, 416],
  ];
  it.each(cases)('%ix%i into %ix%i', (sw, sh, dw, dh) => {
    const lb = letterbox(sw, sh, dw, dh);
    // White source with a black block; the pad is grey 114.
    const bx = Math.round(sw * 0.25);
    const by = Math.round(sh * 0.4);
    const raw = execFileSync(ffmpegBinary().path, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `color=c=white:s=${sw}x${sh}:d=0.1,drawbox=x=${bx}:y=${by}:w=${Math.round(sw / 5)}:h=${Math.round(sh / 5)}:color=black:t=fill`,
      '-frames:v',
      '1',
      '-vf',
      letterboxFilter(dw, dh, 'gray'),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ]);
    expect(raw.length).toBe(dw * dh);
    // Picture bounds: pixels that are not pad grey.
    let minX = dw,
      minY = dh,
      maxX = -1,
      maxY = -1;
    let bMinX = dw,
      bMinY = dh;
    for (let y = 0; y < dh; y++) {
      for (let x = 0; x < dw; x++) {
        const v = raw[y * dw + x];
        if (Math.abs(v - 114) > 20) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
        if (v < 60) {
          bMinX = Math.min(bMinX, x);
          bMinY = Math.min(bMinY, y);
        }
      }
    }
    expect([minX, minY, maxX + 1, maxY + 1]).toEqual([
      lb.padX,
      lb.padY,
      lb.padX + lb.scaledWidth,
      lb.padY + lb.scaledHeight,
    ]);
    const [ex, ey] = letterboxPoint(bx, by, lb);
    expect(Math.abs(bMinX - ex)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(bMinY - ey)).toBeLessThanOrEqual(1.5);
  });
});
