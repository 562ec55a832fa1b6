import { applyHomography } from '../calibration/homography';
import type { Point } from '../geometry/primitives';
import { homography, type Quad } from './geometry';

/** Packed 8-bit RGB pixels, row-major, no padding. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Perspective-rectifies the region inside `quad` into a `width`×`height` image (bilinear). This is
 * what straightens a tilted or obliquely seen plate before recognition. Pixels outside the source
 * are replicated from its border so no black wedge confuses the recogniser.
 */
export function warpQuad(src: RgbImage, quad: Quad, width: number, height: number): RgbImage {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const out = new Uint8Array(w * h * 3);
  const dst: Point[] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  // Map destination pixel centres back into the source.
  const inv = homography(dst, quad);
  if (!inv) return { width: w, height: h, data: out };
  const sw = src.width;
  const sh = src.height;
  const s = src.data;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = applyHomography(inv, [x + 0.5, y + 0.5]);
      const fx = Math.min(Math.max(p[0] - 0.5, 0), sw - 1);
      const fy = Math.min(Math.max(p[1] - 0.5, 0), sh - 1);
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(x0 + 1, sw - 1);
      const y1 = Math.min(y0 + 1, sh - 1);
      const ax = fx - x0;
      const ay = fy - y0;
      const i00 = (y0 * sw + x0) * 3;
      const i01 = (y0 * sw + x1) * 3;
      const i10 = (y1 * sw + x0) * 3;
      const i11 = (y1 * sw + x1) * 3;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = s[i00 + c] + (s[i01 + c] - s[i00 + c]) * ax;
        const bot = s[i10 + c] + (s[i11 + c] - s[i10 + c]) * ax;
        out[o + c] = Math.round(top + (bot - top) * ay);
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** The image turned by 180° (a plate read upside down becomes upright). */
export function rotate180(img: RgbImage): RgbImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const j = (n - 1 - i) * 3;
    out[i * 3] = img.data[j];
    out[i * 3 + 1] = img.data[j + 1];
    out[i * 3 + 2] = img.data[j + 2];
  }
  return { width: img.width, height: img.height, data: out };
}

/**
 * Standard deviation of luma: near zero for a flat image, which holds no text to read. Estimated on
 * at most `maxSamples` pixels spread over the whole image: a read of a large vehicle crop (a
 * megapixel) would otherwise spend some 4 ms of its frame budget on this one check, and a sample
 * of tens of thousands of pixels tells a flat image from a textured one just as well.
 */
export function lumaStdDev(img: RgbImage, maxSamples = 65_536): number {
  const n = img.width * img.height;
  if (n === 0) return 0;
  // A regular grid over the whole image: every part of it counts alike.
  const step = n <= maxSamples ? 1 : Math.ceil(Math.sqrt(n / maxSamples));
  let sum = 0;
  let sq = 0;
  let count = 0;
  for (let y = 0; y < img.height; y += step) {
    for (let x = 0; x < img.width; x += step) {
      const i = (y * img.width + x) * 3;
      const l = 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2];
      sum += l;
      sq += l * l;
      count++;
    }
  }
  const mean = sum / count;
  return Math.sqrt(Math.max(0, sq / count - mean * mean));
}

/**
 * Whether a text line is dark on light (the minority Otsu class is the darker one). Plates of
 * every supported country print dark characters on a light ground; camera overlays (timestamps,
 * names) are mostly light on dark.
 */
export function isDarkOnLight(img: RgbImage): boolean {
  const n = img.width * img.height;
  const hist = new Float64Array(256);
  for (let i = 0; i < n; i++) {
    hist[
      Math.round(
        0.299 * img.data[i * 3] + 0.587 * img.data[i * 3 + 1] + 0.114 * img.data[i * 3 + 2],
      )
    ]++;
  }
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v];
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  let dark = 0;
  for (let v = 0; v <= threshold; v++) dark += hist[v];
  return dark < n - dark;
}
