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
  if (plane % 4 === 0 && rgb.byteOffset % 4 === 0 && rgb.length >= plane * 3) {
    // Four pixels (12 bytes) per step read as three 32-bit words: a third of the loads and bounds
    // checks of the byte loop, on the one per-pixel pass JS does per frame (measured by
    // `watcher bench pipeline`). Little-endian: byte 0 is the low byte.
    const u = new Uint32Array(rgb.buffer, rgb.byteOffset, (plane * 3) >> 2);
    for (let q = 0, i = 0; i < plane; q += 3, i += 4) {
      const w0 = u[q];
      const w1 = u[q + 1];
      const w2 = u[q + 2];
      out[r + i] = (w0 & 255) * k;
      out[g + i] = ((w0 >>> 8) & 255) * k;
      out[b + i] = ((w0 >>> 16) & 255) * k;
      out[r + i + 1] = (w0 >>> 24) * k;
      out[g + i + 1] = (w1 & 255) * k;
      out[b + i + 1] = ((w1 >>> 8) & 255) * k;
      out[r + i + 2] = ((w1 >>> 16) & 255) * k;
      out[g + i + 2] = (w1 >>> 24) * k;
      out[b + i + 2] = (w2 & 255) * k;
      out[r + i + 3] = ((w2 >>> 8) & 255) * k;
      out[g + i + 3] = ((w2 >>> 16) & 255) * k;
      out[b + i + 3] = (w2 >>> 24) * k;
    }
    return;
  }
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[r + i] = rgb[p] * k;
    out[g + i] = rgb[p + 1] * k;
    out[b + i] = rgb[p + 2] * k;
  }
}

/** What `hwcToTensor` needs of a model's normalisation metadata (see model-registry.ts). */
export interface TensorNormalisation {
  channelOrder: 'rgb' | 'bgr';
  scale: 'unit' | 'raw';
  mean?: readonly [number, number, number];
  std?: readonly [number, number, number];
  tensorLayout?: 'nchw' | 'nhwc';
}

/** True when `n` is exactly what `hwcToChwFloat` does (RGB, 0..1, no mean/std, NCHW). */
export function isPlainUnitRgb(n: TensorNormalisation): boolean {
  return (
    n.channelOrder === 'rgb' &&
    n.scale === 'unit' &&
    !n.mean &&
    !n.std &&
    (n.tensorLayout ?? 'nchw') === 'nchw'
  );
}

/**
 * HWC uint8 RGB → float32 tensor as the model's metadata says: channel order, 0..1 or 0..255,
 * then (x − mean) / std per tensor channel, planar (NCHW) or channels-last (NHWC).
 */
export function hwcToTensor(
  rgb: Uint8Array,
  width: number,
  height: number,
  out: Float32Array,
  offset: number,
  n: TensorNormalisation,
): void {
  if (isPlainUnitRgb(n)) return hwcToChwFloat(rgb, width, height, out, offset);
  const plane = width * height;
  const k = n.scale === 'unit' ? 1 / 255 : 1;
  const m = n.mean ?? [0, 0, 0];
  const sd = n.std ?? [1, 1, 1];
  // Tensor channel t reads source channel src[t].
  const src = n.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const mul = [k / sd[0], k / sd[1], k / sd[2]];
  const add = [-m[0] / sd[0], -m[1] / sd[1], -m[2] / sd[2]];
  if ((n.tensorLayout ?? 'nchw') === 'nhwc') {
    for (let i = 0, p = 0; i < plane; i++, p += 3) {
      const o = offset + p;
      out[o] = rgb[p + src[0]] * mul[0] + add[0];
      out[o + 1] = rgb[p + src[1]] * mul[1] + add[1];
      out[o + 2] = rgb[p + src[2]] * mul[2] + add[2];
    }
    return;
  }
  for (let t = 0; t < 3; t++) {
    const base = offset + t * plane;
    const c = src[t];
    const a = mul[t];
    const b = add[t];
    for (let i = 0, p = c; i < plane; i++, p += 3) out[base + i] = rgb[p] * a + b;
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
