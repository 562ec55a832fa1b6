import { describe, expect, it } from 'vitest';
import {
  boxIous,
  evaluateCoco,
  IOU_THRESHOLDS,
  RECALL_THRESHOLDS,
  type CocoBox,
  type EvalDetection,
  type EvalGroundTruth,
} from '../../../../inference/vision/eval';

const CAT = [{ id: 1, name: 'car' }];
let nextId = 1;
const gt = (bbox: CocoBox, extra: Partial<EvalGroundTruth> = {}): EvalGroundTruth => ({
  id: nextId++,
  imageId: 1,
  categoryId: 1,
  bbox,
  ...extra,
});
const dt = (bbox: CocoBox, score: number, extra: Partial<EvalDetection> = {}): EvalDetection => ({
  imageId: 1,
  categoryId: 1,
  bbox,
  score,
  ...extra,
});
const run = (
  groundTruths: EvalGroundTruth[],
  detections: EvalDetection[],
  imageIds = [1],
  categories = CAT,
) => evaluateCoco({ imageIds, categories, groundTruths, detections });

describe('COCO parameters (pycocotools defaults)', () => {
  it('has IoU thresholds .50:.05:.95 and 101 recall points, .75 found exactly', () => {
    expect(IOU_THRESHOLDS).toHaveLength(10);
    expect(IOU_THRESHOLDS[0]).toBe(0.5);
    expect(IOU_THRESHOLDS[9]).toBe(0.95);
    expect(IOU_THRESHOLDS.indexOf(0.75)).toBe(5);
    expect(RECALL_THRESHOLDS).toHaveLength(101);
    expect(RECALL_THRESHOLDS[100]).toBe(1);
  });
});

describe('boxIous', () => {
  it('is intersection over union, and over the detection area for crowd regions', () => {
    const [row] = boxIous(
      [[0, 0, 10, 10]],
      [
        [5, 0, 10, 10],
        [0, 0, 100, 100],
      ],
      [false, true],
    );
    expect(row[0]).toBeCloseTo(50 / 150, 12);
    // Detection wholly inside the crowd region: 100 / 100.
    expect(row[1]).toBe(1);
  });
  it('is 0 for touching boxes', () => {
    expect(boxIous([[0, 0, 10, 10]], [[10, 0, 10, 10]], [false])[0][0]).toBe(0);
  });
});

describe('evaluateCoco: hand-computed cases', () => {
  it('a perfect detection scores 1 everywhere', () => {
    const r = run([gt([10, 10, 50, 50])], [dt([10, 10, 50, 50], 0.9)]);
    expect(r.map50_95).toBeCloseTo(1, 12);
    expect(r.map50).toBeCloseTo(1, 12);
    expect(r.perClass[0].recall).toBeCloseTo(1, 12);
  });

  it('IoU 0.72 matches at 5 of the 10 thresholds: AP 0.5, AP50 1', () => {
    // gt 10×10, detection 10×7.2 inside it: IoU = 72/100.
    const r = run([gt([0, 0, 10, 10])], [dt([0, 0, 10, 7.2], 0.9)]);
    expect(r.map50).toBeCloseTo(1, 12);
    expect(r.map50_95).toBeCloseTo(0.5, 12);
    expect(r.map75).toBe(0);
    expect(r.perClass[0].recall).toBeCloseTo(0.5, 12);
  });

  it('a false positive ranked above the true positive halves the precision: AP 0.5', () => {
    const r = run([gt([0, 0, 10, 10])], [dt([50, 50, 10, 10], 0.9), dt([0, 0, 10, 10], 0.8)]);
    expect(r.map50_95).toBeCloseTo(0.5, 12);
  });

  it('a false positive ranked below the true positive costs nothing', () => {
    const r = run([gt([0, 0, 10, 10])], [dt([0, 0, 10, 10], 0.9), dt([50, 50, 10, 10], 0.8)]);
    expect(r.map50_95).toBeCloseTo(1, 12);
  });

  it('101-point interpolation: half the objects found at precision 1 gives 51/101', () => {
    const r = run([gt([0, 0, 10, 10]), gt([50, 50, 10, 10])], [dt([0, 0, 10, 10], 0.9)]);
    expect(r.map50_95).toBeCloseTo(51 / 101, 12);
    expect(r.perClass[0].recall).toBe(0.5);
  });

  it('matches greedily by score, not by best IoU', () => {
    // A (score .9) has IoU .62 with the one object, B (score .8) IoU .9.
    // t ∈ {.50,.55,.60}: A takes it, B is a FP ranked below: AP 1.
    // t ∈ {.65….90}: A misses (FP first), B matches: AP 0.5.   t = .95: AP 0.
    const g = gt([0, 0, 100, 100]);
    const a = dt([0, 0, 100, 62], 0.9);
    const b = dt([0, 0, 100, 90], 0.8);
    const r = run([g], [a, b]);
    expect(r.map50_95).toBeCloseTo((3 * 1 + 6 * 0.5 + 0) / 10, 12);
  });

  it('detections on a crowd region are ignored, not false positives', () => {
    const crowd = gt([200, 200, 100, 100], { iscrowd: 1 });
    const g = gt([0, 0, 10, 10]);
    // Two detections inside the crowd region, scored above the true positive.
    const r = run(
      [g, crowd],
      [dt([210, 210, 20, 20], 0.95), dt([250, 250, 20, 20], 0.93), dt([0, 0, 10, 10], 0.9)],
    );
    expect(r.map50_95).toBeCloseTo(1, 12);
    expect(r.perClass[0].groundTruths).toBeCloseTo(1, 12);
    // Without the crowd flag the region is an object to find: the first detection is a FP there.
    const r2 = run(
      [g, { ...crowd, iscrowd: 0 }],
      [dt([210, 210, 20, 20], 0.95), dt([0, 0, 10, 10], 0.9)],
    );
    expect(r2.map50_95).toBeLessThan(1);
  });

  it('a category whose only ground truth is a crowd region is left out (-1), not 0', () => {
    const cats = [...CAT, { id: 2, name: 'bus' }];
    const r = run(
      [gt([0, 0, 10, 10]), gt([0, 0, 50, 50], { categoryId: 2, iscrowd: 1 })],
      [dt([0, 0, 10, 10], 0.9), dt([0, 0, 50, 50], 0.5, { categoryId: 2 })],
      [1],
      cats,
    );
    expect(r.perClass[1].ap).toBe(-1);
    expect(r.map50_95).toBeCloseTo(1, 12);
  });

  it('a class with ground truth and no detections counts as 0 in the mean', () => {
    const cats = [...CAT, { id: 2, name: 'bus' }];
    const r = run(
      [gt([0, 0, 10, 10]), gt([0, 0, 50, 50], { categoryId: 2 })],
      [dt([0, 0, 10, 10], 0.9)],
      [1],
      cats,
    );
    expect(r.perClass[1].ap).toBe(0);
    expect(r.map50_95).toBeCloseTo(0.5, 12);
  });

  it('keeps at most 100 detections per image and category (maxDets)', () => {
    const fps = Array.from({ length: 100 }, (_, i) => dt([1000 + i * 20, 0, 10, 10], 0.9));
    const r = run([gt([0, 0, 10, 10])], [...fps, dt([0, 0, 10, 10], 0.5)]);
    expect(r.map50_95).toBe(0);
    // Spread over two images the same detections are within the limit.
    const r2 = run(
      [gt([0, 0, 10, 10], { imageId: 2 })],
      [...fps, dt([0, 0, 10, 10], 0.5, { imageId: 2 })],
      [1, 2],
    );
    expect(r2.map50_95).toBeCloseTo(1 / 101, 12);
  });

  it('area ranges: a small object counts for APs, not APl (-1 there)', () => {
    const r = run([gt([0, 0, 20, 20])], [dt([0, 0, 20, 20], 0.9)]);
    expect(r.stats[3]).toBeCloseTo(1, 12); // small
    expect(r.stats[4]).toBe(-1); // medium
    expect(r.stats[5]).toBe(-1); // large
    // The GT's own area decides (COCO JSON: the segmentation area), not its box.
    const r2 = run([gt([0, 0, 20, 20], { area: 5000 })], [dt([0, 0, 20, 20], 0.9)]);
    expect(r2.stats[4]).toBeCloseTo(1, 12);
    expect(r2.stats[3]).toBe(-1);
  });

  it('an unmatched detection outside the area range is ignored for that range', () => {
    // One large object found; a small FP ranked first hurts AP(all) but not AP(large).
    const r = run(
      [gt([0, 0, 200, 200])],
      [dt([500, 500, 10, 10], 0.95), dt([0, 0, 200, 200], 0.9)],
    );
    expect(r.stats[0]).toBeCloseTo(0.5, 12);
    expect(r.stats[5]).toBeCloseTo(1, 12);
  });

  it('ties in score keep input order across images (stable sort)', () => {
    // Image 1's FP and image 2's TP have the same score: image 1 comes first, so FP first.
    const r = run(
      [gt([0, 0, 10, 10], { imageId: 2 })],
      [dt([0, 0, 10, 10], 0.5, { imageId: 1 }), dt([0, 0, 10, 10], 0.5, { imageId: 2 })],
      [1, 2],
    );
    expect(r.map50_95).toBeCloseTo(0.5, 12);
  });

  it('leaves out detections of categories or images not in the ground truth', () => {
    const r = run(
      [gt([0, 0, 10, 10])],
      [
        dt([50, 50, 10, 10], 0.99, { categoryId: 9 }),
        dt([50, 50, 10, 10], 0.99, { imageId: 7 }),
        dt([0, 0, 10, 10], 0.5),
      ],
    );
    expect(r.map50_95).toBeCloseTo(1, 12);
  });

  it('AR1 uses the top detection per image only', () => {
    const r = run(
      [gt([0, 0, 10, 10]), gt([50, 50, 10, 10])],
      [dt([0, 0, 10, 10], 0.9), dt([50, 50, 10, 10], 0.8)],
    );
    expect(r.stats[6]).toBeCloseTo(0.5, 12); // AR@1
    expect(r.stats[8]).toBeCloseTo(1, 12); // AR@100
  });
});
