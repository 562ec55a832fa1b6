import { describe, expect, it } from 'vitest';
import {
  convexHull,
  homography,
  minAreaRect,
  offsetQuad,
  orderQuad,
  quadBounds,
  quadSize,
  scaleQuad,
  type Quad,
} from '../../../../inference/vision/plates/geometry';
import { iou, type Point } from '../../../../inference/vision/geometry/primitives';
import { applyHomography } from '../../../../inference/vision/calibration/homography';
import { dbPostprocess } from '../../../../inference/vision/plates/db-postprocess';
import {
  lumaStdDev,
  rotate180,
  warpQuad,
  type RgbImage,
} from '../../../../inference/vision/plates/image';

describe('geometry', () => {
  it('iou (the one box overlap, plates included)', () => {
    expect(iou({ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 0, y1: 0, x2: 10, y2: 10 })).toBe(1);
    expect(iou({ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 5, y1: 0, x2: 15, y2: 10 })).toBeCloseTo(
      1 / 3,
    );
    expect(iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 2, y1: 2, x2: 3, y2: 3 })).toBe(0);
  });

  it('minAreaRect of a rotated rectangle recovers its sides', () => {
    const a = (20 * Math.PI) / 180;
    const corners = [
      [0, 0],
      [100, 0],
      [100, 30],
      [0, 30],
    ].map(([x, y]): Point => [
      50 + x * Math.cos(a) - y * Math.sin(a),
      50 + x * Math.sin(a) + y * Math.cos(a),
    ]);
    const r = minAreaRect(convexHull(corners));
    const s = quadSize(r);
    expect(s.width).toBeCloseTo(100, 5);
    expect(s.height).toBeCloseTo(30, 5);
  });

  it('homography maps the four source corners onto the destination', () => {
    const src: Point[] = [
      [10, 12],
      [110, 5],
      [120, 60],
      [5, 50],
    ];
    const dst: Point[] = [
      [0, 0],
      [200, 0],
      [200, 50],
      [0, 50],
    ];
    const h = homography(src, dst)!;
    src.forEach((p, i) => {
      const q = applyHomography(h, p);
      expect(q[0]).toBeCloseTo(dst[i][0], 6);
      expect(q[1]).toBeCloseTo(dst[i][1], 6);
    });
    expect(
      homography(
        src.map((): Point => [1, 1]),
        dst,
      ),
    ).toBeUndefined();
  });

  it('offsetQuad grows a rectangle by d on every side, scaleQuad about its edges', () => {
    const q: Quad = orderQuad([
      [10, 10],
      [50, 10],
      [50, 30],
      [10, 30],
    ]);
    const o = offsetQuad(q, 2);
    expect(o[0][0]).toBeCloseTo(8);
    expect(o[0][1]).toBeCloseTo(8);
    expect(o[2][0]).toBeCloseTo(52);
    expect(o[2][1]).toBeCloseTo(32);
    const s = quadSize(scaleQuad(q, 1.5, 2));
    expect(s.width).toBeCloseTo(60);
    expect(s.height).toBeCloseTo(40);
  });
});

describe('dbPostprocess', () => {
  it('finds one box per blob, scaled to image pixels, and drops faint or tiny blobs', () => {
    const W = 64;
    const H = 32;
    const map = new Float32Array(W * H);
    const fill = (x1: number, y1: number, x2: number, y2: number, v: number) => {
      for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) map[y * W + x] = v;
    };
    fill(10, 10, 40, 18, 0.9); // a text line
    fill(50, 5, 60, 9, 0.4); // faint: under the box threshold
    fill(2, 28, 4, 30, 0.95); // tiny
    const regions = dbPostprocess(map, W, H, 2, 2);
    expect(regions).toHaveLength(1);
    const [r] = regions;
    expect(r.score).toBeCloseTo(0.9, 5);
    const s = quadSize(r.quad);
    // 30×8 map pixels, unclipped by area·1.5/perimeter ≈ 4.7 on every side, then ×2.
    expect(s.width).toBeGreaterThan(60);
    expect(s.width).toBeLessThan(90);
    expect(s.height).toBeGreaterThan(16);
    expect(s.height).toBeLessThan(40);
  });

  it('also gives the minimum-area rectangle, which holds the whole blob where the hull quad cuts a corner', () => {
    const W = 64;
    const H = 32;
    const map = new Float32Array(W * H);
    const fill = (x1: number, y1: number, x2: number, y2: number) => {
      for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) map[y * W + x] = 0.9;
    };
    // A text line whose last glyph hangs lower ("…7551" with a descender-like foot on the right).
    fill(10, 10, 40, 18);
    fill(36, 18, 40, 22);
    const [r] = dbPostprocess(map, W, H, 1, 1);
    expect(r.rect).toBeDefined();
    const rb = quadBounds(r.rect!);
    // Every blob pixel lies inside the (axis-aligned here) rectangle.
    expect(rb.x1).toBeLessThanOrEqual(10);
    expect(rb.y1).toBeLessThanOrEqual(10);
    expect(rb.x2).toBeGreaterThanOrEqual(40);
    expect(rb.y2).toBeGreaterThanOrEqual(22);
    // The hull quad is a different (perspective) shape.
    expect(
      r.quad.some((p, i) => Math.hypot(p[0] - r.rect![i][0], p[1] - r.rect![i][1]) > 0.5),
    ).toBe(true);
  });
});

describe('image warping', () => {
  const img: RgbImage = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3) };
  for (let i = 0; i < 8; i++) img.data.fill(i * 30, i * 3, i * 3 + 3);

  it('warpQuad over the whole image at the same size reproduces it', () => {
    const q: Quad = [
      [0, 0],
      [4, 0],
      [4, 2],
      [0, 2],
    ];
    expect(Array.from(warpQuad(img, q, 4, 2).data)).toEqual(Array.from(img.data));
  });
});

describe('rotate180', () => {
  it('reverses the pixel order and is its own inverse', () => {
    const img: RgbImage = { width: 3, height: 2, data: new Uint8Array(18) };
    for (let i = 0; i < 6; i++) img.data.fill(i * 40, i * 3, i * 3 + 3);
    const r = rotate180(img);
    expect(r.data[0]).toBe(5 * 40);
    expect(Array.from(rotate180(r).data)).toEqual(Array.from(img.data));
  });
});

describe('isDarkOnLight', () => {
  it('tells dark characters on a light plate from light overlay text on a dark ground', async () => {
    const { isDarkOnLight } = await import('../../../../inference/vision/plates/image');
    const make = (ground: number, ink: number): RgbImage => {
      const w = 40;
      const h = 10;
      const data = new Uint8Array(w * h * 3).fill(ground);
      // Thin vertical strokes: a minority of the pixels, like characters.
      for (let y = 2; y < 8; y++)
        for (const x of [5, 6, 15, 16, 25, 26])
          data.fill(ink, (y * w + x) * 3, (y * w + x) * 3 + 3);
      return { width: w, height: h, data };
    };
    expect(isDarkOnLight(make(220, 30))).toBe(true);
    expect(isDarkOnLight(make(30, 230))).toBe(false);
  });
});

describe('lumaStdDev', () => {
  const image = (width: number, height: number, at: (x: number, y: number) => number): RgbImage => {
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data.fill(at(x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
    return { width, height, data };
  };
  it('is zero on a flat image and the exact deviation on a small one', () => {
    expect(lumaStdDev(image(50, 40, () => 128))).toBeCloseTo(0, 3);
    // Half black, half white: mean 127.5, deviation 127.5.
    expect(lumaStdDev(image(50, 40, (x) => (x < 25 ? 0 : 255)))).toBeCloseTo(127.5, 3);
  });
  it('estimates a megapixel image from a grid sample within a few percent', () => {
    const stripes = (x: number, y: number) => (((x >> 3) + (y >> 4)) % 2 === 0 ? 40 : 200);
    const big = image(1215, 850, stripes);
    const exact = lumaStdDev(big, Infinity);
    expect(Math.abs(lumaStdDev(big) - exact) / exact).toBeLessThan(0.05);
    // A flat megapixel stays flat.
    expect(lumaStdDev(image(1215, 850, () => 90))).toBeCloseTo(0, 3);
  });
});
