import { describe, it, expect } from 'vitest';
import sharp from 'sharp';
import { annotate, cropBox } from '../../../../inference/worker/evidence/evidence-writer';
import type { SceneInfraction } from '../../../../inference/vision/rules/rule-engine';

const jpeg = () =>
  sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 90, g: 90, b: 90 } } })
    .jpeg()
    .toBuffer();

const inf = {
  box: { x1: 200, y1: 100, x2: 300, y2: 200 },
  annotation: {
    label: '#7 95 km/h > 80 <&>',
    zone: [
      [0, 0],
      [600, 0],
      [600, 300],
    ],
  },
} as unknown as SceneInfraction;

describe('snapshot drawing and crop', () => {
  it('draws the box in red where it is, scaled from the box space to the picture', async () => {
    const out = await annotate(await jpeg(), inf, { width: 640, height: 360 });
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([320, 180]);
    // Left edge of the box at x = 100 (200 / 2), middle of its height (y = 75).
    const px = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    const [r, g, b] = px(100, 75);
    expect(r).toBeGreaterThan(150);
    expect(r).toBeGreaterThan(2 * g);
    expect(r).toBeGreaterThan(2 * b);
    // Far from any drawing the frame is untouched.
    expect(Math.abs(px(40, 170)[0] - 90)).toBeLessThan(12);
  });
  it('crops the box with a margin in picture pixels, and refuses an empty crop', async () => {
    const crop = await cropBox(await jpeg(), inf.box, { width: 640, height: 360 });
    const meta = await sharp(crop!).metadata();
    // Box 100..150 in picture pixels, 7.5 px margin each side, rounded outwards: 92..158.
    expect(meta.width).toBe(66);
    expect(meta.height).toBe(66);
    expect(await cropBox(await jpeg(), { x1: 400, y1: 10, x2: 450, y2: 20 })).toBeNull();
  });
});
