import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageClassifier } from '../../../../inference/worker/classifier/image-classifier';
import { loadClassificationDataset } from '../../../../inference/worker/eval/classification-dataset';
import { evaluateClassifier } from '../../../../inference/worker/eval/evaluate-classifier';
import { sharedFixture } from '../../../helpers/fixtures';
import { writeCocoCrops } from './crops';

const model = sharedFixture('models/mobilenetv2-7-wint8.onnx');
const labels = sharedFixture('models/imagenet_classes.txt');
const coco128 = sharedFixture('fixtures/detect/coco128/annotations_coco')
  ? sharedFixture('fixtures/detect/coco128')
  : undefined;
const ready = Boolean(model && labels && coco128);

/**
 * MobileNetV2 (ImageNet) on crops of coco128's human-labelled boxes of classes ImageNet shares by
 * name (zebra, pizza, umbrella, …). The truth comes from COCO's annotations, not from a model. It
 * proves the classifier chain end to end: labels file read in order, resize + centre crop, RGB
 * /255 and ImageNet mean/std, softmax, top-k, label matching and the top-1/top-5 counts. A wrong
 * channel order or missing normalisation scores clearly worse on the same crops, so the check is
 * not just "the model is robust".
 */
describe.skipIf(!ready)('eval-classify on coco128 crops (MobileNetV2)', () => {
  let dir: string;
  const open = (override = {}) =>
    ImageClassifier.open(model!, {
      modelsDir: dir,
      inference: { provider: 'cpu', intraOpThreads: 1, interOpThreads: 0 },
      labelsFile: labels,
      override,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'watcher-crops-'));
    expect(await writeCocoCrops(coco128!, path.join(dir, 'crops'))).toBeGreaterThanOrEqual(20);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores top-1 / top-5 and beats wrong preprocessing', async () => {
    const items = await loadClassificationDataset(path.join(dir, 'crops'));
    const c = await open();
    const ev = await evaluateClassifier(c, items);
    await c.close();
    console.log(
      `[eval-classify] ${items.length} crops: top-1 ${ev.accuracy.top1.toFixed(3)}, top-5 ${ev.accuracy.top5.toFixed(3)}`,
    );
    expect(ev.unknownLabels).toEqual([]);
    expect(ev.accuracy.images).toBe(items.length);
    expect(ev.accuracy.top1).toBeGreaterThanOrEqual(0.25);
    expect(ev.accuracy.top5).toBeGreaterThanOrEqual(0.45);
    expect(ev.accuracy.top5).toBeGreaterThanOrEqual(ev.accuracy.top1);
    // Unmistakable crops: every zebra is a zebra.
    expect(ev.accuracy.perClass.find((p) => p.label === 'zebra')?.top1).toBe(1);
    const zebra = ev.predictions.find((p) => p.label === 'zebra')!;
    expect(zebra.top[0].score).toBeGreaterThan(0.9);

    for (const wrong of [{ channels: 'bgr' }, { mean: [0, 0, 0], std: [1, 1, 1] }]) {
      const w = await open(wrong);
      const bad = await evaluateClassifier(w, items);
      await w.close();
      expect(bad.accuracy.top1).toBeLessThan(ev.accuracy.top1);
    }
  }, 300_000);

  it('reads a labels.csv as well as class folders', async () => {
    const { writeFileSync, readdirSync } = await import('node:fs');
    const cls = readdirSync(path.join(dir, 'crops'))[0];
    const file = readdirSync(path.join(dir, 'crops', cls))[0];
    writeFileSync(path.join(dir, 'labels.csv'), `file,label\ncrops/${cls}/${file},${cls}\n`);
    const items = await loadClassificationDataset(path.join(dir, 'labels.csv'));
    expect(items).toEqual([{ file: path.join(dir, 'crops', cls, file), label: cls }]);
  });
});
