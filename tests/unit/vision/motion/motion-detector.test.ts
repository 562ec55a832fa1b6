import { describe, it, expect } from 'vitest';
import { MotionDetector } from '../../../../inference/vision/motion/motion-detector';

const W = 160;
const H = 90;

/** Textured static background (a gradient plus a checker) so differencing is not trivially clean. */
function background(): Uint8Array {
  const f = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      f[y * W + x] = 60 + ((x + y) % 40) + (((x >> 3) + (y >> 3)) % 2) * 20;
  return f;
}

function withRect(
  base: Uint8Array,
  x: number,
  y: number,
  w: number,
  h: number,
  v = 230,
): Uint8Array {
  const f = base.slice();
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) f[yy * W + xx] = v;
  return f;
}

describe('MotionDetector', () => {
  it('reports nothing for a static frame repeated', () => {
    const md = new MotionDetector({ width: W, height: H });
    const bg = background();
    for (let i = 0; i < 30; i++) expect(md.detect(bg)).toEqual([]);
    expect(md.motionRatio).toBe(0);
  });

  it('finds a moving rectangle with tight box edges', () => {
    const md = new MotionDetector({ width: W, height: H });
    const bg = background();
    for (let i = 0; i < 5; i++) md.detect(bg);
    let last = md.detect(bg);
    for (let i = 0; i < 10; i++) last = md.detect(withRect(bg, 20 + i * 6, 30, 24, 16));
    expect(last).toHaveLength(1);
    const b = last[0];
    const x = 20 + 9 * 6;
    expect(Math.abs(b.x1 - x)).toBeLessThanOrEqual(1);
    expect(Math.abs(b.x2 - (x + 24))).toBeLessThanOrEqual(1);
    expect(Math.abs(b.y1 - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(b.y2 - 46)).toBeLessThanOrEqual(1);
    expect(b.score).toBeGreaterThan(0.8);
    expect(md.motionRatio).toBeGreaterThan(0.02);
    expect(md.motionRatio).toBeLessThan(0.05);
  });

  it('separates two objects and ignores single-pixel noise', () => {
    const md = new MotionDetector({ width: W, height: H });
    const bg = background();
    for (let i = 0; i < 5; i++) md.detect(bg);
    let f = withRect(bg, 10, 10, 20, 12);
    f = withRect(f, 100, 60, 30, 20, 10);
    f[5 * W + 150] = 255; // isolated hot pixel
    f[80 * W + 5] = 0;
    const boxes = md.detect(f).sort((a, b) => a.x1 - b.x1);
    expect(boxes).toHaveLength(2);
    expect(boxes[0].x1).toBeLessThanOrEqual(11);
    expect(boxes[1].x1).toBeGreaterThanOrEqual(99);
  });

  it('re-learns the background on a global lighting change instead of reporting the whole frame', () => {
    const md = new MotionDetector({ width: W, height: H });
    const bg = background();
    for (let i = 0; i < 5; i++) md.detect(bg);
    const bright = bg.map((v) => Math.min(255, v + 80));
    expect(md.detect(bright)).toEqual([]);
    expect(md.detect(bright)).toEqual([]);
    expect(md.motionRatio).toBe(0);
  });

  it('absorbs an object that stops moving', () => {
    const md = new MotionDetector({ width: W, height: H, absorbAfterFrames: 20 });
    const bg = background();
    for (let i = 0; i < 5; i++) md.detect(bg);
    const parked = withRect(bg, 50, 40, 20, 10);
    expect(md.detect(parked)).toHaveLength(1);
    for (let i = 0; i < 25; i++) md.detect(parked);
    expect(md.detect(parked)).toEqual([]);
  });

  it('rejects a frame of the wrong size with a clear error', () => {
    const md = new MotionDetector({ width: W, height: H });
    expect(() => md.detect(new Uint8Array(10))).toThrow(/expected 14400 grey bytes/);
    expect(() => new MotionDetector({ width: 0, height: 10 })).toThrow(RangeError);
  });
});
