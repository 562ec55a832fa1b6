import { describe, expect, it } from 'vitest';
import { letterbox } from '../../../../inference/vision/detect/letterbox';
import { refitLetterboxed } from '../../../../inference/vision/detect/refit';

describe('refit a letterboxed frame to another model input', () => {
  it('moves the picture from a centred 8×8 canvas to a top-left 4×4 one with the new pad', () => {
    // Source 8×4 → centred in 8×8: rows 2..5 hold the picture (value 200), pad 114 elsewhere.
    const lb = letterbox(8, 4, 8, 8);
    expect([lb.padX, lb.padY, lb.scaledWidth, lb.scaledHeight]).toEqual([0, 2, 8, 4]);
    const src = new Uint8Array(8 * 8 * 3).fill(114);
    for (let y = 2; y < 6; y++) src.fill(200, y * 24, y * 24 + 24);
    const out = refitLetterboxed(src, lb, 4, 4, 'top-left', 0);
    expect(out.letterbox).toMatchObject({ padX: 0, padY: 0, scaledWidth: 4, scaledHeight: 2 });
    const px = (x: number, y: number) => out.rgb[(y * 4 + x) * 3];
    for (let x = 0; x < 4; x++) {
      expect(px(x, 0)).toBe(200);
      expect(px(x, 1)).toBe(200);
      expect(px(x, 2)).toBe(0);
      expect(px(x, 3)).toBe(0);
    }
  });
  it('top-left and stretch geometry', () => {
    expect(letterbox(640, 480, 416, 416, 'top-left')).toMatchObject({
      padX: 0,
      padY: 0,
      scaledHeight: 312,
    });
    expect(letterbox(640, 480, 224, 224, 'stretch')).toMatchObject({
      scaledWidth: 224,
      scaledHeight: 224,
      padY: 0,
    });
  });
});
