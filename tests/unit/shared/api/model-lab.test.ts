import { describe, expect, it } from 'vitest';
import {
  accuracyLatencyPoints,
  compareProgressPercent,
  compareSourceSchema,
  parseChannelTriple,
  shadowSeriesByHour,
} from '../../../../electron/shared/api/methods/model-lab';
import type { ModelCompareResult } from '../../../../electron/shared/api/methods/model-compare';

const model = (id: string, p50: number, agreementF1: number | null) => ({
  id,
  kind: 'detect' as const,
  provider: 'cpu',
  latencyMs: { mean: p50, p50, p95: p50 * 1.2, p99: p50 * 1.5 },
  fps: 1000 / p50,
  agreementF1,
  consensusShare: 0.5,
});

describe('compare on a source: pure helpers', () => {
  it('plots every model but the reference by p50 latency and agreement', () => {
    const r = {
      images: 1,
      models: [model('ref', 20, 1), model('fast', 12, 0.8), model('cls', 5, null)],
      agreementMatrix: [],
      perImage: [],
      scoreThreshold: 0.25,
      totalMs: 10,
    } satisfies ModelCompareResult;
    expect(accuracyLatencyPoints(r)).toEqual([{ id: 'fast', latencyMs: 12, accuracy: 0.8 }]);
  });

  it('counts progress over all models, each weighing the same', () => {
    const p = { runId: 'run-123', phase: 'running' as const, done: 2, total: 4 };
    expect(compareProgressPercent({ ...p, modelIndex: 0 }, 2)).toBe(25);
    expect(compareProgressPercent({ ...p, modelIndex: 1, done: 4 }, 2)).toBe(100);
    expect(compareProgressPercent({ ...p, phase: 'sampling' }, 2)).toBe(0);
    expect(compareProgressPercent({ ...p, phase: 'done' }, 2)).toBe(100);
  });

  it('a video source is an absolute local path, never a protocol', () => {
    expect(compareSourceSchema.safeParse({ kind: 'video', path: '/v/a.mp4' }).success).toBe(true);
    for (const path of ['concat:/a|/b', 'http://x/a.mp4', 'a.mp4', '/v/a\n.mp4'])
      expect(compareSourceSchema.safeParse({ kind: 'video', path }).success, path).toBe(false);
  });

  it('merges shadow buckets of several cameras per hour, agreement weighted by frames', () => {
    const h = 3_600_000;
    const series = shadowSeriesByHour([
      { bucketStart: 2 * h, frames: 10, agreementF1: 0.5, latencyP95Ms: 30 },
      { bucketStart: h, frames: 30, agreementF1: 1, latencyP95Ms: 20, championLatencyP95Ms: 25 },
      { bucketStart: h, frames: 10, agreementF1: 0.6, latencyP95Ms: 40 },
    ]);
    expect(series).toEqual([
      { bucketStart: h, frames: 40, agreementPct: 90, challengerP95Ms: 40, championP95Ms: 25 },
      { bucketStart: 2 * h, frames: 10, agreementPct: 50, challengerP95Ms: 30 },
    ]);
  });
});

describe('import normalisation fields', () => {
  it('reads three channel values separated by commas, spaces or semicolons', () => {
    expect(parseChannelTriple('0.485, 0.456, 0.406')).toEqual([0.485, 0.456, 0.406]);
    expect(parseChannelTriple('103.53 116.28;123.675')).toEqual([103.53, 116.28, 123.675]);
    for (const bad of ['', '1,2', '1,2,3,4', '1,x,3'])
      expect(parseChannelTriple(bad), bad).toBeUndefined();
  });
});
