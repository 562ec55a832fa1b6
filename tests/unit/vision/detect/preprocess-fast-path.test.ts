import { describe, expect, it } from 'vitest';
import { hwcToChwFloat } from '../../../../inference/vision/detect/preprocess';
import { YoloV8Decoder } from '../../../../inference/vision/detect/decoders';
import { Candidates } from '../../../../inference/vision/detect/candidates';

/** The plain per-byte conversion the fast path must equal. */
function reference(rgb: Uint8Array, w: number, h: number, out: Float32Array, offset = 0): void {
  const plane = w * h;
  for (let i = 0; i < plane; i++)
    for (let c = 0; c < 3; c++) out[offset + c * plane + i] = rgb[i * 3 + c] / 255;
}

describe('HWC → CHW float', () => {
  it('gives the same tensor on the word-at-a-time path and the byte path', () => {
    for (const [w, h] of [
      [416, 416],
      [7, 5],
      [64, 48],
    ]) {
      const rgb = new Uint8Array(w * h * 3).map((_, i) => (i * 37 + 11) & 255);
      const got = new Float32Array(2 * 3 * w * h);
      const want = new Float32Array(2 * 3 * w * h);
      hwcToChwFloat(rgb, w, h, got, 3 * w * h);
      reference(rgb, w, h, want, 3 * w * h);
      let diff = 0;
      for (let i = 0; i < want.length; i++) diff = Math.max(diff, Math.abs(got[i] - want[i]));
      expect(diff).toBeLessThan(1e-7);
      // A frame that is a view at an odd offset takes the byte path.
      const shifted = new Uint8Array(rgb.length + 1);
      shifted.set(rgb, 1);
      const view = shifted.subarray(1);
      const got2 = new Float32Array(3 * w * h);
      hwcToChwFloat(view, w, h, got2);
      let diff2 = 0;
      for (let i = 0; i < got2.length; i++)
        diff2 = Math.max(diff2, Math.abs(got2[i] - want[3 * w * h + i]));
      expect(diff2).toBeLessThan(1e-7);
    }
  });
});

describe('YOLOv8 decoder', () => {
  it('keeps each anchor’s best class among the scores that pass the threshold', () => {
    const classes = 3;
    const n = 4;
    const rows = 4 + classes;
    const d = new Float32Array(rows * n);
    for (let i = 0; i < n; i++) {
      d[i] = 100 + i; // cx
      d[n + i] = 50; // cy
      d[2 * n + i] = 10; // w
      d[3 * n + i] = 20; // h
    }
    // anchor 0: best class 2 (0.9); anchor 1: nothing over 0.5; anchor 2: class 0 exactly at it;
    // anchor 3: class 1 0.6 beats class 0 0.55.
    const scores = [
      [0.1, 0.2, 0.9],
      [0.4, 0.3, 0.49],
      [0.5, 0.1, 0.2],
      [0.55, 0.6, 0.1],
    ];
    scores.forEach((row, i) => row.forEach((s, c) => (d[(4 + c) * n + i] = s)));
    const out = new Candidates();
    new YoloV8Decoder().decode({ data: d, dims: [1, rows, n] }, 0, 0.5, null, out);
    const got = Array.from({ length: out.count }, (_, k) => [
      out.classes[k],
      Math.round(out.scores[k] * 100) / 100,
    ]);
    expect(got).toEqual([
      [2, 0.9],
      [0, 0.5],
      [1, 0.6],
    ]);
  });
});
