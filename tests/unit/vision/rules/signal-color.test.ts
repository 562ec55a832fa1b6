import { describe, it, expect } from 'vitest';
import { classifySignal, type RgbImage } from '../../../../inference/vision/rules/signal-color';

/** A 3-lamp vertical head (30×90) on a grey background; the lit lamp in `color`, others dim. */
function head(
  lit: 0 | 1 | 2,
  color: [number, number, number],
  gain = 1,
  cast: [number, number, number] = [1, 1, 1],
): RgbImage {
  const w = 60;
  const h = 120;
  const data = new Uint8Array(w * h * 3);
  const put = (x: number, y: number, c: [number, number, number]) => {
    const i = (y * w + x) * 3;
    for (let k = 0; k < 3; k++)
      data[i + k] = Math.max(0, Math.min(255, Math.round(c[k] * gain * cast[k])));
  };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) put(x, y, [90, 95, 100]);
  for (let y = 15; y < 105; y++) for (let x = 15; x < 45; x++) put(x, y, [25, 25, 25]);
  for (let k = 0; k < 3; k++) {
    const cy = 30 + k * 30;
    for (let y = cy - 10; y <= cy + 10; y++)
      for (let x = 20; x <= 40; x++)
        if ((x - 30) ** 2 + (y - cy) ** 2 <= 100) put(x, y, k === lit ? color : [45, 45, 45]);
  }
  return { data, width: w, height: h, channels: 3 };
}
const region = { x: 15, y: 15, width: 30, height: 90 };

describe('classifySignal', () => {
  it('reads red, amber and green by hue', () => {
    expect(classifySignal(head(0, [240, 40, 30]), region)).toMatchObject({
      state: 'red',
      basis: 'hue',
    });
    expect(classifySignal(head(1, [250, 170, 20]), region)).toMatchObject({
      state: 'amber',
      basis: 'hue',
    });
    expect(classifySignal(head(2, [40, 230, 120]), region)).toMatchObject({
      state: 'green',
      basis: 'hue',
    });
  });
  it('is robust to exposure and a colour cast', () => {
    expect(classifySignal(head(0, [240, 40, 30], 0.45), region).state).toBe('red');
    expect(classifySignal(head(2, [40, 230, 120], 0.5, [1.2, 1, 0.8]), region).state).toBe('green');
    expect(classifySignal(head(1, [250, 170, 20], 0.6, [0.9, 1, 1.2]), region).state).toBe('amber');
  });
  it('falls back to lamp position when the lamp is washed out to white', () => {
    expect(classifySignal(head(0, [255, 250, 245]), region)).toMatchObject({
      state: 'red',
      basis: 'position',
    });
    expect(classifySignal(head(2, [255, 255, 255]), region)).toMatchObject({
      state: 'green',
      basis: 'position',
    });
  });
  it('says unknown when no lamp is lit or the region is outside the image', () => {
    expect(classifySignal(head(0, [45, 45, 45]), region).state).toBe('unknown');
    expect(
      classifySignal(head(0, [240, 40, 30]), { x: 500, y: 500, width: 10, height: 10 }).state,
    ).toBe('unknown');
  });
});

describe('SceneAnalyzer.readSignals', () => {
  it('classifies the configured regions, scaled to the frame size', async () => {
    const { SceneAnalyzer } = await import('../../../../inference/vision/scene/scene-analyzer');
    const { ruleSetSchema } = await import('../../../../electron/shared/config/rules');
    // Rule set drawn on a 120×240 image: the head's region is at twice the test image's scale.
    const rules = ruleSetSchema.parse({
      imageSize: { width: 120, height: 240 },
      signals: [
        { id: 'main', region: { x: 30, y: 30, width: 60, height: 180 } },
        { id: 'feed', source: 'external' },
      ],
    });
    const a = new SceneAnalyzer({ cameraId: 'c', rules });
    expect(a.readSignals(head(2, [40, 230, 120]))).toEqual({ main: 'green' });
    expect(a.readSignals(head(0, [240, 40, 30]))).toEqual({ main: 'red' });
  });
});
