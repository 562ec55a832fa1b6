/**
 * HWC uint8 RGB (what ffmpeg writes, already letterboxed at the model size) → CHW float32 0..1 at
 * `offset` in `out` (a batch slot). The only per-pixel work JS does before inference.
 */
export function hwcToChwFloat(
  rgb: Uint8Array,
  width: number,
  height: number,
  out: Float32Array,
  offset = 0,
): void {
  const plane = width * height;
  const r = offset;
  const g = offset + plane;
  const b = offset + 2 * plane;
  const k = 1 / 255;
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[r + i] = rgb[p] * k;
    out[g + i] = rgb[p + 1] * k;
    out[b + i] = rgb[p + 2] * k;
  }
}

/**
 * Small grey picture from the letterboxed RGB input, sampling every `step`-th pixel of the
 * picture area (padding excluded): what the motion gate looks at.
 */
export function rgbToGraySubsampled(
  rgb: Uint8Array,
  width: number,
  area: { x: number; y: number; w: number; h: number },
  step: number,
  out: Uint8Array,
): void {
  const ow = Math.floor(area.w / step);
  const oh = Math.floor(area.h / step);
  let k = 0;
  for (let y = 0; y < oh; y++) {
    const row = (area.y + y * step) * width + area.x;
    for (let x = 0; x < ow; x++) {
      const p = (row + x * step) * 3;
      // Integer BT.601 luma.
      out[k++] = (rgb[p] * 77 + rgb[p + 1] * 150 + rgb[p + 2] * 29) >> 8;
    }
  }
}
