import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../store/helpers';
import { BatchWriter } from '../../../../electron/host/store/batch-writer';
import {
  bucketSeries,
  queryMetricsHistory,
} from '../../../../electron/host/metrics/metrics-history';
import { createMetricsHandlers } from '../../../../electron/host/handlers/metrics-handlers';
import { isCodedError } from '../../../../electron/shared/coded-error';
import { METRICS_RANGE_SPECS } from '../../../../electron/shared/api/methods/metrics';

let t: TestStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const NOW = Date.UTC(2026, 0, 15, 12);

function writeRows(
  store: TestStore['store'],
  rows: {
    ts: number;
    cameraId?: string;
    fps: number;
    inferenceMs?: number;
    dropped: number;
    reconnects: number;
  }[],
): void {
  const writer = new BatchWriter(store);
  for (const r of rows)
    writer.metric({
      ts: r.ts,
      cameraId: r.cameraId ?? 'demo',
      state: 'streaming',
      fps: r.fps,
      inferenceMs: r.inferenceMs,
      dropped: r.dropped,
      data: { reconnects: r.reconnects },
    });
  writer.flush();
}

describe('metrics history', () => {
  it('buckets status rows per camera: fps avg/min, inference, drops and reconnects per bucket', () => {
    t = openTestStore();
    const { bucketMs } = METRICS_RANGE_SPECS['1h'];
    const b0 = Math.floor((NOW - 10 * bucketMs) / bucketMs) * bucketMs;
    writeRows(t.store, [
      { ts: b0 + 1, fps: 10, inferenceMs: 20, dropped: 0, reconnects: 0 },
      { ts: b0 + 2, fps: 14, inferenceMs: 40, dropped: 4, reconnects: 0 },
      // next bucket: counters go on
      { ts: b0 + bucketMs + 1, fps: 12, inferenceMs: 30, dropped: 6, reconnects: 1 },
      // two buckets later: the pipeline restarted (counters from zero again)
      { ts: b0 + 3 * bucketMs + 1, fps: 8, dropped: 1, reconnects: 0 },
      { ts: b0 + 3 * bucketMs + 2, fps: 9, dropped: 3, reconnects: 0 },
      // another camera; and a row outside the range that must not appear
      { ts: b0 + 5, cameraId: 'gate', fps: 5, dropped: 0, reconnects: 0 },
      { ts: NOW - 2 * 3_600_000, fps: 99, dropped: 0, reconnects: 0 },
    ]);
    const h = queryMetricsHistory(t.store.db, '1h', NOW);
    expect(h.bucketMs).toBe(bucketMs);
    expect(h.cameras.map((c) => c.cameraId)).toEqual(['demo', 'gate']);
    const demo = h.cameras[0].points;
    expect(demo.map((p) => p.t)).toEqual([b0, b0 + bucketMs, b0 + 3 * bucketMs]);
    expect(demo[0]).toMatchObject({
      fpsAvg: 12,
      fpsMin: 10,
      inferenceMsAvg: 30,
      inferenceMsMax: 40,
      dropped: 4,
      reconnects: 0,
      samples: 2,
    });
    expect(demo[1]).toMatchObject({ fpsAvg: 12, dropped: 2, reconnects: 1, samples: 1 });
    expect(demo[2].inferenceMsAvg).toBeUndefined();
    expect(demo[2]).toMatchObject({ fpsMin: 8, dropped: 2, reconnects: 0 });
    expect(queryMetricsHistory(t.store.db, '1h', NOW, 'gate').cameras).toHaveLength(1);
    // The 7-day range puts all of them (in range) into far fewer buckets.
    const week = queryMetricsHistory(t.store.db, '7d', NOW);
    expect(week.cameras[0].points.length).toBeLessThanOrEqual(2);
  });

  it('bucketSeries: a restart between buckets counts from the restarted value', () => {
    const row = (bucket: number, min: number, max: number) => ({
      cameraId: 'c',
      bucket,
      samples: 1,
      fpsAvg: 1,
      fpsMin: 1,
      inferAvg: null,
      inferMax: null,
      droppedMin: min,
      droppedMax: max,
      reconnectsMin: null,
      reconnectsMax: null,
    });
    const [c] = bucketSeries([row(0, 0, 10), row(1, 12, 15), row(2, 2, 5)]);
    expect(c.points.map((p) => p.dropped)).toEqual([10, 5, 3]);
    expect(c.points.every((p) => p.reconnects === 0)).toBe(true);
  });

  it('a host without a store answers with a code', async () => {
    const h = createMetricsHandlers({});
    let err: unknown;
    try {
      await h['metrics.history']({ range: '1h' }, { connectionId: 'x', transport: 'ipc' } as never);
    } catch (e) {
      err = e;
    }
    expect(isCodedError(err) && err.code).toBe('metrics.history.noStore');
  });
});
