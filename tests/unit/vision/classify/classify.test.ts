import { describe, expect, it } from 'vitest';
import {
  centerCropPlan,
  findLabel,
  isProbability,
  parseLabelList,
  parseTriple,
  resolveClassifier,
  roundHalfEven,
  softmax,
  toNormalizedChw,
  top1Agreement,
  topK,
  topKAccuracy,
  IMAGENET_MEAN,
} from '../../../../inference/vision/classify';

describe('classifier input from the model', () => {
  const model = (meta: Record<string, string> = {}) => ({
    inputs: [{ name: 'input', dims: ['N', 3, 224, 224] }],
    outputs: [{ name: 'output', dims: ['N', 1000] }],
    metadata: meta,
  });
  it('defaults to ImageNet preprocessing and reads the shape', () => {
    const r = resolveClassifier(model());
    expect(r.ok && r.spec).toMatchObject({
      inputName: 'input',
      outputName: 'output',
      inputWidth: 224,
      inputHeight: 224,
      dynamicBatch: true,
      numClasses: 1000,
      mean: [...IMAGENET_MEAN],
      cropFraction: 0.875,
      channels: 'rgb',
    });
  });
  it('takes mean, std and crop from metadata', () => {
    const r = resolveClassifier(
      model({ mean: '[0.5, 0.5, 0.5]', std: '0.25,0.25,0.25', crop_pct: '0.95' }),
    );
    expect(r.ok && [r.spec.mean, r.spec.std, r.spec.cropFraction]).toEqual([
      [0.5, 0.5, 0.5],
      [0.25, 0.25, 0.25],
      0.95,
    ]);
  });
  it('refuses a detector-shaped output', () => {
    const r = resolveClassifier({ ...model(), outputs: [{ name: 'o', dims: [1, 84, 3549] }] });
    expect(r.ok).toBe(false);
  });
  it('parses triples', () => {
    expect(parseTriple('1, 2, 3')).toEqual([1, 2, 3]);
    expect(parseTriple('1,2')).toBeUndefined();
  });
});

describe('resize + centre crop (torchvision Resize(256), CenterCrop(224))', () => {
  it('rounds halves to even as Python does', () => {
    expect([0.5, 1.5, 2.5, 58.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 58, 2, 3]);
  });
  it('landscape 640×480: 341×256, crop at (58,16)', () => {
    expect(centerCropPlan(640, 480, 224, 224)).toEqual({
      resizedWidth: 341,
      resizedHeight: 256,
      left: 58,
      top: 16,
      width: 224,
      height: 224,
    });
  });
  it('portrait 481×640: 256×340, crop at (16,58)', () => {
    const p = centerCropPlan(481, 640, 224, 224);
    expect([p.resizedWidth, p.resizedHeight, p.left, p.top]).toEqual([256, 340, 16, 58]);
  });
  it('fraction 1 stretches to the input', () => {
    expect(centerCropPlan(640, 480, 224, 224, 1)).toMatchObject({ resizedWidth: 224, left: 0 });
  });
});

describe('normalisation', () => {
  it('writes (x/255 − mean)/std per RGB plane, or BGR when asked', () => {
    const rgb = Uint8Array.from([255, 0, 128, 0, 255, 64]); // 2×1 pixels
    const out = new Float32Array(6);
    const spec = {
      mean: [0.5, 0.5, 0.5] as [number, number, number],
      std: [0.5, 0.25, 1] as [number, number, number],
      channels: 'rgb' as const,
      scale: 1 / 255,
    };
    toNormalizedChw(rgb, 2, 1, spec, out);
    expect(Array.from(out, (v) => Math.round(v * 1000) / 1000)).toEqual([
      1, -1, -2, 2, 0.002, -0.249,
    ]);
    toNormalizedChw(rgb, 2, 1, { ...spec, channels: 'bgr' }, out);
    expect(out[0]).toBeCloseTo((128 / 255 - 0.5) / 0.5, 5);
  });
});

describe('softmax and top-k', () => {
  it('softmax sums to 1 and survives large logits', () => {
    const p = softmax([1000, 1001, 1002]);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(p[2]).toBeCloseTo(Math.exp(2) / (1 + Math.exp(1) + Math.exp(2)), 12);
    expect(isProbability(p)).toBe(true);
    expect(isProbability([2, -1])).toBe(false);
  });
  it('top-k is best first, ties by lower index', () => {
    expect(topK([0.1, 0.5, 0.2, 0.5, 0.05], 3).map((s) => s.index)).toEqual([1, 3, 2]);
    expect(topK([3], 5)).toEqual([{ index: 0, score: 3 }]);
  });
});

describe('labels and accuracy', () => {
  it('reads label lists, with or without synsets', () => {
    expect(parseLabelList('n01440764 tench\n\ngoldfish\n')).toEqual(['tench', 'goldfish']);
  });
  it('finds labels by name, loosely, or by index', () => {
    const labels = ['tench', 'great_white_shark', 'goldfish'];
    expect(findLabel(labels, 'goldfish')).toBe(2);
    expect(findLabel(labels, 'Great White Shark')).toBe(1);
    expect(findLabel(labels, '0')).toBe(0);
    expect(findLabel(labels, 'zebra')).toBe(-1);
  });
  it('counts top-1 and top-5 hits; unknown labels are misses', () => {
    const ranked = [
      [1, 2, 3, 4, 5],
      [2, 1, 0, 4, 5],
      [9, 8, 7, 6, 0],
      [1, 0, 0, 0, 0],
    ];
    const acc = topKAccuracy(ranked, [1, 1, 0, -1], String, ['a', 'a', 'b', 'c']);
    expect([acc.top1, acc.top5]).toEqual([0.25, 0.75]);
    expect(acc.perClass.find((c) => c.label === 'a')).toEqual({
      label: 'a',
      images: 2,
      top1: 0.5,
      top5: 1,
    });
    expect(top1Agreement([1, 2, 3], [1, 0, 3])).toBeCloseTo(2 / 3, 12);
  });
});
