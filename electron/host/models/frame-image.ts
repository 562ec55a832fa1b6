import { CodedError } from '../../shared/coded-error';
import { jpegSize } from '../../../inference/worker/camera/jpeg-splitter';

/**
 * Checks on an image posted for analysis, before any decoder sees it: valid base64, a JPEG or PNG
 * by its signature, and dimensions from its header within bounds (a small file that claims to be
 * huge is refused here, not decoded). The pixels are decoded later, in a probe process.
 */

/** Largest image analysed, in pixels (about 40 megapixels: 8K is 33). */
export const ANALYZE_MAX_PIXELS = 40_000_000;

export type FrameImageFormat = 'jpeg' | 'png';

export interface FrameImage {
  bytes: Uint8Array;
  format: FrameImageFormat;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Base64 (standard or URL-safe alphabet, padding optional, whitespace tolerated) → bytes. */
export function decodeBase64Strict(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  const body = compact.replace(/^data:image\/(?:jpeg|jpg|png);base64,/i, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body) || body.length % 4 === 1)
    throw new CodedError('frames.image.bad_base64', 'the image is not valid base64');
  return new Uint8Array(
    Buffer.from(body, body.includes('-') || body.includes('_') ? 'base64url' : 'base64'),
  );
}

/** Width and height from a PNG's IHDR chunk, or undefined when it is not a well-formed PNG header. */
export function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 33 || !PNG_SIGNATURE.every((v, i) => b[i] === v)) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR')
    return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The image's format by its signature, or undefined for anything but JPEG and PNG. */
export function frameImageFormat(b: Uint8Array): FrameImageFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'png';
  return undefined;
}

/**
 * Bytes → a JPEG or PNG with its header dimensions, or a CodedError: `frames.image.unsupported`
 * (another format), `frames.image.corrupt` (no readable size), `frames.image.too_large` (over
 * `maxPixels`).
 */
export function inspectFrameImage(
  bytes: Uint8Array,
  maxPixels: number = ANALYZE_MAX_PIXELS,
): FrameImage {
  const format = frameImageFormat(bytes);
  if (!format)
    throw new CodedError('frames.image.unsupported', 'the image must be a JPEG or a PNG');
  const size = format === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size || !(size.width > 0 && size.height > 0))
    throw new CodedError(
      'frames.image.corrupt',
      `the ${format.toUpperCase()} header is unreadable`,
    );
  const pixels = size.width * size.height;
  if (pixels > maxPixels)
    throw new CodedError(
      'frames.image.too_large',
      `the image is ${size.width}×${size.height} (${(pixels / 1e6).toFixed(1)} MP); at most ${Math.round(maxPixels / 1e6)} MP`,
      { width: size.width, height: size.height, maxMegapixels: Math.round(maxPixels / 1e6) },
    );
  return { bytes, format, width: size.width, height: size.height };
}

/** `decodeBase64Strict` then `inspectFrameImage`. */
export function frameImageFromBase64(text: string, maxPixels?: number): FrameImage {
  return inspectFrameImage(decodeBase64Strict(text), maxPixels);
}
