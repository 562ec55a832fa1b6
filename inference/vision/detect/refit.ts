import { letterbox, type Letterbox, type LetterboxAnchor } from './letterbox';

/**
 * Re-fits a frame already letterboxed for one model (`src`, HWC RGB at `lb.dstWidth` ×
 * `lb.dstHeight`) to another model's input: same source picture, the other model's size, anchor
 * and pad value, bilinear. What shadow mode feeds the challenger from the champion's frame, so
 * ffmpeg decodes once. Returns the new pixels and their letterbox (for mapping boxes back).
 */
export function refitLetterboxed(
  src: Uint8Array,
  lb: Letterbox,
  dstWidth: number,
  dstHeight: number,
  anchor: LetterboxAnchor,
  padValue: number,
): { rgb: Uint8Array; letterbox: Letterbox } {
  const out = letterbox(lb.srcWidth, lb.srcHeight, dstWidth, dstHeight, anchor);
  const rgb = new Uint8Array(dstWidth * dstHeight * 3).fill(padValue);
  const sw = lb.dstWidth;
  // Destination picture pixel → source pixel → champion canvas pixel.
  const kx = lb.scaledWidth / out.scaledWidth;
  const ky = lb.scaledHeight / out.scaledHeight;
  const maxX = lb.padX + lb.scaledWidth - 1;
  const maxY = lb.padY + lb.scaledHeight - 1;
  for (let y = 0; y < out.scaledHeight; y++) {
    const fy = Math.min(maxY, Math.max(lb.padY, lb.padY + (y + 0.5) * ky - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(maxY, y0 + 1);
    const wy = fy - y0;
    const row = ((out.padY + y) * dstWidth + out.padX) * 3;
    for (let x = 0; x < out.scaledWidth; x++) {
      const fx = Math.min(maxX, Math.max(lb.padX, lb.padX + (x + 0.5) * kx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(maxX, x0 + 1);
      const wx = fx - x0;
      const a = (y0 * sw + x0) * 3;
      const b = (y0 * sw + x1) * 3;
      const c = (y1 * sw + x0) * 3;
      const d = (y1 * sw + x1) * 3;
      const o = row + x * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = src[a + ch] + (src[b + ch] - src[a + ch]) * wx;
        const bot = src[c + ch] + (src[d + ch] - src[c + ch]) * wx;
        rgb[o + ch] = Math.round(top + (bot - top) * wy);
      }
    }
  }
  return { rgb, letterbox: out };
}
