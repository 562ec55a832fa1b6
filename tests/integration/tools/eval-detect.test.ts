import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCoco } from '../../../inference/vision/eval/coco-eval';
import {
  checkCocoJson,
  resultsToDetections,
  type CocoResult,
} from '../../../inference/vision/eval/datasets';
import { repoRoot, sharedFixture } from '../../helpers/fixtures';

const model = sharedFixture('models/yolov8n-416-int8.onnx');
const coco128 = sharedFixture('fixtures/detect/coco128');
const vehicles = sharedFixture('fixtures/detect/vehicles-openimages');
const LIMIT = 16;

const run = (args: string[]) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'tools/cli.ts', 'eval-detect', ...args, '--json'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    ),
  );

describe.skipIf(!(model && coco128))('watcher eval-detect (YOLOv8n int8 on coco128)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evaldetect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores the COCO JSON (crowd regions ignored) and writes predictions that re-score identically', () => {
    const json = path.join(coco128!, 'annotations_coco', 'instances_train2017.json');
    const preds = path.join(dir, 'preds.json');
    const r = run([json, '--model', model!, '--limit', String(LIMIT), '--save-predictions', preds]);
    console.log(
      `coco128[:${LIMIT}] COCO JSON: mAP ${r.map50_95} mAP50 ${r.map50}, ${r.msPerImage.mean} ms/image`,
    );
    for (const k of ['map50_95', 'map50', 'perClass', 'images', 'msPerImage'])
      expect(r).toHaveProperty(k);
    expect(r.images).toBe(LIMIT);
    expect(r.map50).toBeGreaterThan(0.3);
    expect(r.map50_95).toBeGreaterThan(0.2);
    expect(r.map50).toBeGreaterThanOrEqual(r.map50_95);
    const person = r.perClass.find((c: { class: string }) => c.class === 'person');
    expect(person.groundTruths).toBeGreaterThan(0);
    expect(person.ap).toBeGreaterThan(0);

    // COCO results format, COCO's category ids; evaluating the file gives the reported figures.
    const results = JSON.parse(readFileSync(preds, 'utf8')) as CocoResult[];
    expect(Object.keys(results[0]).sort()).toEqual(['bbox', 'category_id', 'image_id', 'score']);
    expect(results.every((p) => p.category_id >= 1 && p.category_id <= 90)).toBe(true);
    const gt = checkCocoJson(JSON.parse(readFileSync(json, 'utf8')));
    const images = [...gt.images].sort((a, b) => a.id - b.id).slice(0, LIMIT);
    const ids = new Set(images.map((i) => i.id));
    const again = evaluateCoco({
      imageIds: [...ids],
      categories: gt.categories,
      groundTruths: gt.annotations
        .filter((a) => ids.has(a.image_id))
        .map((a) => ({
          id: a.id,
          imageId: a.image_id,
          categoryId: a.category_id,
          bbox: a.bbox,
          area: a.area,
          iscrowd: a.iscrowd ? 1 : 0,
        })),
      detections: resultsToDetections(results),
    });
    expect(again.map50_95).toBeCloseTo(r.map50_95, 4);
    expect(again.map50).toBeCloseTo(r.map50, 4);
  }, 300_000);

  it('scores the YOLO folder of the same images alike (same boxes, no crowd regions)', () => {
    const r = run([coco128!, '--model', model!, '--limit', String(LIMIT)]);
    expect(r.format).toBe('yolo');
    expect(r.images).toBe(LIMIT);
    expect(r.crowdRegions).toBe(0);
    expect(r.map50).toBeGreaterThan(0.3);
  }, 300_000);

  it.skipIf(!vehicles)(
    "maps model classes onto another dataset's with --classes-map",
    () => {
      const r = run([
        vehicles!,
        '--model',
        model!,
        '--limit',
        String(LIMIT),
        '--classes-map',
        'car=Car,bus=Bus,truck=Truck,motorcycle=Motorcycle',
      ]);
      expect(r.uncoveredDatasetClasses).toEqual(['Ambulance']);
      const car = r.perClass.find((c: { class: string }) => c.class === 'Car');
      expect(car.detections).toBeGreaterThan(0);
      expect(r.map50).toBeGreaterThan(0);
    },
    300_000,
  );

  it('refuses a classes map naming a class the model does not have', () => {
    expect(() =>
      run([coco128!, '--model', model!, '--limit', '1', '--classes-map', 'lorry=truck']),
    ).toThrow();
  }, 120_000);
});
