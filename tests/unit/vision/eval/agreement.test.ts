import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../../electron/shared/domain/detection';
import {
  detectionAgreement,
  frameConsensus,
  iouCorners,
  matchFrame,
  percentileOf,
  top1Consensus,
} from '../../../../inference/vision/eval';

const d = (
  label: string,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  score = 0.9,
): Detection => ({
  x1,
  y1,
  x2,
  y2,
  score,
  label,
  classId: 0,
});

describe('agreement between two models', () => {
  it('IoU of corner boxes', () => {
    expect(iouCorners(d('a', 0, 0, 10, 10), d('a', 5, 0, 15, 10))).toBeCloseTo(50 / 150, 12);
    expect(iouCorners(d('a', 0, 0, 10, 10), d('a', 10, 0, 20, 10))).toBe(0);
  });

  it('counts TP/FP/FN per class at IoU 0.5, only within a class', () => {
    const ref = [d('car', 0, 0, 10, 10), d('car', 100, 100, 110, 110), d('person', 50, 50, 60, 60)];
    const pred = [
      d('car', 1, 0, 11, 10),
      d('truck', 100, 100, 110, 110),
      d('person', 50, 50, 60, 60),
    ];
    const m = matchFrame(ref, pred);
    expect(m.get('car')).toEqual({ tp: 1, fp: 0, fn: 1 });
    expect(m.get('truck')).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(m.get('person')).toEqual({ tp: 1, fp: 0, fn: 0 });
    const a = detectionAgreement([[ref, pred]]);
    // car 2/3, truck 0, person 1 → mean 5/9; pooled TP 2, FP 1, FN 1 → 4/6.
    expect(a.f1).toBeCloseTo((2 / 3 + 0 + 1) / 3, 12);
    expect(a.microF1).toBeCloseTo(2 / 3, 12);
  });

  it('is symmetric, 1 for identical outputs and for two empty ones', () => {
    const ref = [d('car', 0, 0, 10, 10), d('car', 30, 0, 40, 10)];
    const pred = [d('car', 0, 0, 10, 10)];
    expect(detectionAgreement([[ref, pred]]).f1).toBeCloseTo(
      detectionAgreement([[pred, ref]]).f1,
      12,
    );
    expect(detectionAgreement([[ref, ref]]).f1).toBe(1);
    expect(detectionAgreement([[[], []]]).f1).toBe(1);
  });

  it('one reference box matches at most one prediction (the best scored)', () => {
    const m = matchFrame(
      [d('car', 0, 0, 10, 10)],
      [d('car', 0, 0, 10, 10, 0.5), d('car', 0, 0, 10, 9, 0.9)],
    );
    expect(m.get('car')).toEqual({ tp: 1, fp: 1, fn: 0 });
  });
});

describe('consensus', () => {
  it('keeps objects a majority of models found, with their voters', () => {
    const c = frameConsensus([
      [d('car', 0, 0, 10, 10), d('dog', 50, 50, 60, 60)],
      [d('car', 1, 1, 11, 11)],
      [d('car', 0, 0, 10, 10), d('cat', 80, 80, 90, 90)],
    ]);
    expect(c).toHaveLength(1);
    expect(c[0].label).toBe('car');
    expect(c[0].models).toEqual([0, 1, 2]);
    expect(c[0].box.x1).toBeCloseTo(1 / 3, 12);
  });
  it('a model votes once per object', () => {
    const c = frameConsensus([[d('car', 0, 0, 10, 10), d('car', 0, 0, 10, 10, 0.5)], []]);
    // Two models: majority is 2 votes; the second duplicate starts its own group.
    expect(c).toHaveLength(0);
  });
  it('top-1 majority, ties to the earlier model', () => {
    expect(top1Consensus(['zebra', 'horse', 'zebra'])).toEqual({ label: 'zebra', votes: 2 });
    expect(top1Consensus(['a', 'b'])).toEqual({ label: 'a', votes: 1 });
  });
  it('nearest-rank percentiles', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentileOf(v, 50), percentileOf(v, 95), percentileOf(v, 99)]).toEqual([50, 95, 99]);
    expect(percentileOf([], 50)).toBe(0);
  });
});
