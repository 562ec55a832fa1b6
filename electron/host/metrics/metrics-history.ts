import type Database from 'better-sqlite3';
import {
  METRICS_RANGE_SPECS,
  type MetricsHistory,
  type MetricsPoint,
  type MetricsRange,
} from '../../shared/api/methods/metrics';

/** One bucket of one camera as SQLite aggregates it. */
export interface MetricsBucketRow {
  cameraId: string;
  bucket: number;
  samples: number;
  fpsAvg: number | null;
  fpsMin: number | null;
  inferAvg: number | null;
  inferMax: number | null;
  droppedMin: number | null;
  droppedMax: number | null;
  reconnectsMin: number | null;
  reconnectsMax: number | null;
}

/**
 * The camera status rows (`metrics` table, written by the batch writer for every status report)
 * bucketed over a range. The table's (camera_id, ts) index serves the range scan; SQLite
 * aggregates, so a 7-day range never loads its rows into memory.
 */
export function queryMetricsHistory(
  db: Database.Database,
  range: MetricsRange,
  now: number,
  cameraId?: string,
): MetricsHistory {
  const { rangeMs, bucketMs } = METRICS_RANGE_SPECS[range];
  const to = now;
  const from = Math.floor((now - rangeMs) / bucketMs) * bucketMs;
  const rows = db
    .prepare(
      `SELECT camera_id AS cameraId, ts - ts % @bucketMs AS bucket, COUNT(*) AS samples,
              AVG(fps) AS fpsAvg, MIN(fps) AS fpsMin,
              AVG(inference_ms) AS inferAvg, MAX(inference_ms) AS inferMax,
              MIN(dropped) AS droppedMin, MAX(dropped) AS droppedMax,
              MIN(json_extract(data_json, '$.reconnects')) AS reconnectsMin,
              MAX(json_extract(data_json, '$.reconnects')) AS reconnectsMax
         FROM metrics
        WHERE ts >= @from AND ts <= @to ${cameraId === undefined ? '' : 'AND camera_id = @cameraId'}
        GROUP BY camera_id, bucket
        ORDER BY camera_id, bucket`,
    )
    .all({
      bucketMs,
      from,
      to,
      ...(cameraId === undefined ? {} : { cameraId }),
    }) as MetricsBucketRow[];
  return { range, from, to, bucketMs, cameras: bucketSeries(rows) };
}

/**
 * Per camera points from bucket aggregates. Dropped frames and reconnects are cumulative counters
 * of the camera's pipeline (they start again from zero when it restarts): a bucket's increase is
 * its highest value minus the previous bucket's highest, or minus its own lowest when the counter
 * restarted in between.
 */
export function bucketSeries(rows: MetricsBucketRow[]): MetricsHistory['cameras'] {
  const byCamera = new Map<string, MetricsPoint[]>();
  const prev = new Map<string, { dropped?: number; reconnects?: number }>();
  for (const r of rows) {
    let points = byCamera.get(r.cameraId);
    if (!points) byCamera.set(r.cameraId, (points = []));
    const p = prev.get(r.cameraId) ?? {};
    const point: MetricsPoint = {
      t: r.bucket,
      fpsAvg: round(r.fpsAvg ?? 0),
      fpsMin: round(r.fpsMin ?? 0),
      dropped: increase(p.dropped, r.droppedMin, r.droppedMax),
      reconnects: increase(p.reconnects, r.reconnectsMin, r.reconnectsMax),
      samples: r.samples,
    };
    if (r.inferAvg !== null) point.inferenceMsAvg = round(r.inferAvg);
    if (r.inferMax !== null) point.inferenceMsMax = round(r.inferMax);
    points.push(point);
    prev.set(r.cameraId, {
      dropped: r.droppedMax ?? p.dropped,
      reconnects: r.reconnectsMax ?? p.reconnects,
    });
  }
  return [...byCamera].map(([cameraId, points]) => ({ cameraId, points }));
}

function increase(prevMax: number | undefined, min: number | null, max: number | null): number {
  if (min === null || max === null) return 0;
  const base = prevMax !== undefined && prevMax <= min ? prevMax : min;
  return Math.max(0, max - base);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
