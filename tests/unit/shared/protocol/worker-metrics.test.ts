import { describe, expect, it } from 'vitest';
import {
  HistogramAccumulator,
  LATENCY_BUCKETS_SECONDS,
  addHistogram,
  bucketIndex,
  emptyHistogram,
  workerMetricsSnapshotSchema,
} from '../../../../electron/shared/protocol/worker-metrics';
import { workerToHostSchema } from '../../../../electron/shared/protocol/worker-protocol';

describe('worker metrics snapshot', () => {
  it('folds observations into buckets and starts afresh after each take', () => {
    const acc = new HistogramAccumulator<{ cameraId: string; stage: 'decode' | 'track' }>();
    acc.observe({ cameraId: 'a', stage: 'decode' }, 0.0004);
    acc.observe({ cameraId: 'a', stage: 'decode' }, 0.02);
    acc.observe({ cameraId: 'a', stage: 'decode' }, 99);
    acc.observe({ cameraId: 'b', stage: 'track' }, 0.001);
    acc.observe({ cameraId: 'b', stage: 'track' }, Number.NaN);
    const first = acc.take();
    expect(first).toHaveLength(2);
    const a = first.find((e) => e.key.cameraId === 'a')!.h;
    expect(a.count).toBe(3);
    expect(a.sum).toBeCloseTo(99.0204);
    expect(a.counts[0]).toBe(1);
    expect(a.counts[bucketIndex(0.02)]).toBe(1);
    expect(a.counts[LATENCY_BUCKETS_SECONDS.length]).toBe(1);
    expect(a.counts.reduce((x, y) => x + y, 0)).toBe(a.count);
    expect(acc.take()).toEqual([]);
  });

  it('bucket bounds are inclusive and the last bucket is +Inf', () => {
    expect(bucketIndex(LATENCY_BUCKETS_SECONDS[0])).toBe(0);
    expect(bucketIndex(LATENCY_BUCKETS_SECONDS[3] + 1e-9)).toBe(4);
    expect(bucketIndex(1e9)).toBe(LATENCY_BUCKETS_SECONDS.length);
  });

  it('adds deltas into totals', () => {
    const total = emptyHistogram();
    const d = emptyHistogram();
    d.counts[2] = 3;
    d.sum = 0.006;
    d.count = 3;
    addHistogram(total, d);
    addHistogram(total, d);
    expect(total.counts[2]).toBe(6);
    expect(total.count).toBe(6);
    expect(total.sum).toBeCloseTo(0.012);
  });

  it('is validated as a worker message; malformed snapshots are refused', () => {
    const snapshot = {
      cpuSeconds: 1.5,
      rssBytes: 1e8,
      stages: [{ cameraId: 'demo', stage: 'decode', h: emptyHistogram() }],
      inference: [{ model: 'motion', provider: 'motion', h: emptyHistogram() }],
      inferenceQueue: [{ cameraId: 'demo', frames: 0 }],
    };
    expect(workerToHostSchema.safeParse({ type: 'metrics', snapshot }).success).toBe(true);
    const badStage = { ...snapshot, stages: [{ ...snapshot.stages[0], stage: 'trackId-17' }] };
    expect(workerMetricsSnapshotSchema.safeParse(badStage).success).toBe(false);
    const badCounts = {
      ...snapshot,
      stages: [{ ...snapshot.stages[0], h: { counts: [1], sum: 0, count: 1 } }],
    };
    expect(workerMetricsSnapshotSchema.safeParse(badCounts).success).toBe(false);
  });
});
