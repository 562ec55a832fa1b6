import sharp from 'sharp';
import type { RgbImage } from '../../vision/plates/image';

/** Decodes JPEG/PNG/WebP (EXIF orientation applied) to packed RGB. Throws on corrupt or unknown data. */
export async function decodeImage(buf: Buffer | Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(buf, { failOn: 'error' })
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

export async function resizeImage(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  if (w === img.width && h === img.height) return img;
  const data = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(w, h, { fit: 'fill', kernel: w < img.width ? 'lanczos3' : 'cubic' })
    .raw()
    .toBuffer();
  return { width: w, height: h, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Axis-aligned crop, clamped to the image; undefined when nothing of it is inside. */
export function cropImage(
  img: RgbImage,
  x: number,
  y: number,
  w: number,
  h: number,
): RgbImage | undefined {
  const x1 = Math.max(0, Math.floor(x));
  const y1 = Math.max(0, Math.floor(y));
  const x2 = Math.min(img.width, Math.ceil(x + w));
  const y2 = Math.min(img.height, Math.ceil(y + h));
  if (x2 <= x1 || y2 <= y1) return undefined;
  const cw = x2 - x1;
  const ch = y2 - y1;
  const out = new Uint8Array(cw * ch * 3);
  for (let row = 0; row < ch; row++) {
    const s = ((y1 + row) * img.width + x1) * 3;
    out.set(img.data.subarray(s, s + cw * 3), row * cw * 3);
  }
  return { width: cw, height: ch, data: out };
}

export async function encodeJpeg(img: RgbImage, quality = 90): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

/**
 * Packs an RGB image as a float32 NCHW tensor in BGR channel order (PaddleOCR models were trained on
 * OpenCV's BGR images): value = (pixel / 255 − mean[c]) / std[c].
 */
export function toBgrTensor(
  img: RgbImage,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
  out?: Float32Array,
  outWidth = img.width,
): Float32Array {
  const plane = img.height * outWidth;
  const t = out ?? new Float32Array(3 * plane);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      const o = y * outWidth + x;
      // BGR: channel 0 is blue.
      t[o] = (img.data[i + 2] / 255 - mean[0]) / std[0];
      t[plane + o] = (img.data[i + 1] / 255 - mean[1]) / std[1];
      t[2 * plane + o] = (img.data[i] / 255 - mean[2]) / std[2];
    }
  }
  return t;
}
