import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  ANALYZE_MAX_PIXELS,
  decodeBase64Strict,
  frameImageFromBase64,
  inspectFrameImage,
  pngSize,
} from '../../../../electron/host/models/frame-image';
import { BoundedQueue } from '../../../../electron/host/handlers/frame-handlers';
import { messages } from '../../../../electron/shared/i18n';

const solid = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 90, g: 120, b: 30 } } });

/** A PNG header (signature + IHDR) claiming `w`×`h`, with no pixels. */
function pngHeader(w: number, h: number): Uint8Array {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return new Uint8Array(b);
}

/** A JPEG start (SOI + SOF0) claiming `w`×`h`. */
function jpegHeader(w: number, h: number): Uint8Array {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    h >> 8,
    h & 255,
    w >> 8,
    w & 255,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
}

describe('frame image checks', () => {
  it('reads the size of real JPEG and PNG files', async () => {
    const jpeg = new Uint8Array(await solid(321, 123).jpeg().toBuffer());
    const png = new Uint8Array(await solid(64, 48).png().toBuffer());
    expect(inspectFrameImage(jpeg)).toMatchObject({ format: 'jpeg', width: 321, height: 123 });
    expect(inspectFrameImage(png)).toMatchObject({ format: 'png', width: 64, height: 48 });
    expect(pngSize(png)).toEqual({ width: 64, height: 48 });
    const b64 = Buffer.from(png).toString('base64');
    expect(frameImageFromBase64(b64).format).toBe('png');
    expect(frameImageFromBase64(`data:image/png;base64,${b64}`).width).toBe(64);
  });

  it('refuses other formats, unreadable headers and images over the pixel bound', async () => {
    const gif = new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
    expect(() => inspectFrameImage(gif)).toThrow(
      expect.objectContaining({ code: 'frames.image.unsupported' }),
    );
    const webp = new Uint8Array(await solid(8, 8).webp().toBuffer());
    expect(() => inspectFrameImage(webp)).toThrow(
      expect.objectContaining({ code: 'frames.image.unsupported' }),
    );
    // A JPEG signature and nothing readable after it.
    expect(() =>
      inspectFrameImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 2, 1, 2, 3, 4, 5, 6])),
    ).toThrow(expect.objectContaining({ code: 'frames.image.corrupt' }));
    expect(() => inspectFrameImage(pngHeader(0, 10))).toThrow(
      expect.objectContaining({ code: 'frames.image.corrupt' }),
    );
    // Small files claiming huge images are refused from their header, never decoded.
    expect(() => inspectFrameImage(pngHeader(100_000, 100_000))).toThrow(
      expect.objectContaining({
        code: 'frames.image.too_large',
        params: expect.objectContaining({ width: 100_000 }),
      }),
    );
    expect(() => inspectFrameImage(jpegHeader(8000, 6000))).toThrow(
      expect.objectContaining({ code: 'frames.image.too_large' }),
    );
    expect(inspectFrameImage(jpegHeader(7680, 4320)).width).toBe(7680);
    expect(7680 * 4320).toBeLessThan(ANALYZE_MAX_PIXELS);
  });

  it('refuses text that is not base64', () => {
    expect(() => decodeBase64Strict('not base64 at all!!')).toThrow(
      expect.objectContaining({ code: 'frames.image.bad_base64' }),
    );
    expect(() => decodeBase64Strict('AAAAA')).toThrow(
      expect.objectContaining({ code: 'frames.image.bad_base64' }),
    );
    expect(decodeBase64Strict('AQID\n')).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('every code has its texts', () => {
    for (const code of [
      'frames.image.bad_base64',
      'frames.image.unsupported',
      'frames.image.corrupt',
      'frames.image.too_large',
      'frames.busy',
    ])
      expect(messages[code as keyof typeof messages]).toBeDefined();
  });
});

describe('bounded analysis queue', () => {
  it('runs at most N at once, queues a few more in order, and refuses the rest with frames.busy', async () => {
    const q = new BoundedQueue(2, 2);
    const gates: Array<() => void> = [];
    const order: number[] = [];
    let peak = 0;
    let active = 0;
    const job = (i: number) => () =>
      new Promise<number>((resolve) => {
        active++;
        peak = Math.max(peak, active);
        order.push(i);
        gates.push(() => {
          active--;
          resolve(i);
        });
      });
    const runs = [0, 1, 2, 3].map((i) => q.run(job(i)));
    await expect(q.run(job(4))).rejects.toMatchObject({ code: 'frames.busy' });
    expect(q.load).toEqual({ running: 2, waiting: 2 });
    while (order.length < 4 || gates.length) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
    expect(q.load).toEqual({ running: 0, waiting: 0 });
    // A failing job frees its slot too.
    await expect(q.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(q.load).toEqual({ running: 0, waiting: 0 });
  });
});
