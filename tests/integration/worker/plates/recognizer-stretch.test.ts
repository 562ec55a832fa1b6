import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TextRecognizer,
  defaultPaddleModelPaths,
} from '../../../../inference/worker/plates/paddle-ocr';
import type { RgbImage } from '../../../../inference/vision/plates/image';

/** A text-like pattern of dark strokes on a light band, `width`×48 px (the recogniser's height). */
function strokes(width: number): RgbImage {
  const height = 48;
  const data = new Uint8Array(width * height * 3).fill(220);
  for (let y = 8; y < 40; y++)
    for (let x = 0; x < width; x++)
      if (x % 23 < 5 || (y > 22 && y < 27 && x % 46 < 20))
        data.fill(30, 3 * (y * width + x), 3 * (y * width + x) + 3);
  return { width, height, data };
}

let rec: TextRecognizer;
beforeAll(async () => {
  const p = defaultPaddleModelPaths();
  rec = await TextRecognizer.create(p.recognition, p.dictionary, 1);
});
afterAll(async () => {
  await rec?.release();
});

describe('TextRecognizer stretch limit (stretchUpTo)', () => {
  const pad = { minWidth: 160, trailing: 64 };
  it('reads a line already wider than the limit as it is, not stretched', async () => {
    const wide = strokes(300);
    const [capped] = await rec.recognize([wide], [1.25], 640, { ...pad, stretchUpTo: 240 });
    const [asIs] = await rec.recognize([wide], [1], 640, pad);
    expect(capped).toEqual(asIs);
  });
  it('stretches a condensed line in full while it stays under the limit', async () => {
    const narrow = strokes(120);
    const [capped] = await rec.recognize([narrow], [1.25], 640, { ...pad, stretchUpTo: 240 });
    const [free] = await rec.recognize([narrow], [1.25], 640, pad);
    expect(capped).toEqual(free);
  });
});
