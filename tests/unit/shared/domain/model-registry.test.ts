import { describe, expect, it } from 'vitest';
import {
  decisionF1,
  f1,
  matchBoxes,
  parseModelRef,
  formatModelRef,
  percentile,
  promotionGate,
  ShadowSampler,
} from '../../../../electron/shared/domain/model-registry';

const sha = 'a'.repeat(64);

describe('model references', () => {
  it('parses versions, group aliases and plain installed ids', () => {
    expect(parseModelRef(`registry:${sha}`)).toEqual({ kind: 'version', sha256: sha });
    expect(parseModelRef('registry:gate-north/challenger')).toEqual({
      kind: 'alias',
      group: 'gate-north',
      alias: 'challenger',
    });
    expect(parseModelRef('registry:gate-north')).toEqual({
      kind: 'alias',
      group: 'gate-north',
      alias: 'champion',
    });
    expect(parseModelRef('yolov8n-416-int8')).toEqual({
      kind: 'installed',
      id: 'yolov8n-416-int8',
    });
    expect(parseModelRef('registry:g/boss').kind).toBe('installed');
    for (const r of [`registry:${sha}`, 'registry:g/champion', 'plain'])
      expect(formatModelRef(parseModelRef(r))).toBe(r);
  });
});

describe('agreement and latency', () => {
  const box = (x: number, label = 'car') => ({ x1: x, y1: 0, x2: x + 10, y2: 10, label });
  it('matches one to one at IoU 0.5, per class', () => {
    expect(matchBoxes([box(0), box(50)], [box(1), box(50, 'truck'), box(200)])).toEqual({
      tp: 1,
      fp: 2,
      fn: 1,
    });
    // IoU of a 10-wide box shifted by 4: 6/14 < 0.5
    expect(matchBoxes([box(0)], [box(4)]).tp).toBe(0);
    expect(matchBoxes([box(0)], [box(3)]).tp).toBe(1);
    expect(f1({ tp: 0, fp: 0, fn: 0 })).toBe(1);
    expect(f1({ tp: 2, fp: 1, fn: 1 })).toBeCloseTo(4 / 6);
  });
  it('p95 by nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile([3], 95)).toBe(3);
    expect(percentile([], 95)).toBeUndefined();
  });
  it('F1 against operators decisions', () => {
    const d = decisionF1([
      { decision: 'validated', challengerDetected: true },
      { decision: 'validated', challengerDetected: false },
      { decision: 'rejected', challengerDetected: false },
      { decision: 'rejected', challengerDetected: true },
    ]);
    // champion: tp 2, fp 2 → 4/6; challenger: tp 1, fn 1, fp 1 → 2/4
    expect(d.champion).toBeCloseTo(4 / 6);
    expect(d.challenger).toBeCloseTo(0.5);
    expect(d.events).toBe(4);
  });
});

describe('promotion gate', () => {
  it('blocks at one F1 point worse or 20 % slower p95, not below', () => {
    expect(promotionGate({ f1: 0.9 }, { f1: 0.891 }).blocked).toBe(false);
    expect(promotionGate({ f1: 0.9 }, { f1: 0.89 })).toMatchObject({
      blocked: true,
      reasons: ['f1'],
    });
    expect(promotionGate({ p95Ms: 10 }, { p95Ms: 11.9 }).blocked).toBe(false);
    expect(promotionGate({ p95Ms: 10 }, { p95Ms: 12 })).toMatchObject({
      blocked: true,
      reasons: ['latency'],
    });
    expect(promotionGate({ f1: 0.8, p95Ms: 10 }, { f1: 0.5, p95Ms: 30 }).reasons).toEqual([
      'f1',
      'latency',
    ]);
    expect(promotionGate({}, { f1: 0.1, p95Ms: 100 }).blocked).toBe(false);
  });
});

describe('shadow sampler', () => {
  it('samples at most once per interval and never while the challenger is busy', () => {
    const s = new ShadowSampler(1000);
    expect(s.take(0)).toBe(true);
    expect(s.take(2000)).toBe(false); // busy
    s.done();
    expect(s.take(500)).toBe(false); // too soon
    expect(s.take(1000)).toBe(true);
    s.done();
    expect(s.take(1999)).toBe(false);
  });
});
