import type Database from 'better-sqlite3';
import {
  DWELL_BIN_EDGES_MS,
  HEAT_COLS,
  HEAT_ROWS,
  localDayStart,
  RES_5MIN,
  RES_DAY,
  RES_HOUR,
  SITE,
} from '../store/track-history';

/**
 * Analytics over the track history's roll-ups (never the raw rows): pure functions of the
 * database and a query, so the API, the reports, the benchmark and the anomaly baselines share
 * them. Times are epoch ms.
 */
export interface AnalyticsRange {
  from: number;
  to: number;
  cameraIds: readonly string[];
  classLabels?: readonly string[];
  /** Intervals start at `from` and follow each other every intervalMs (a multiple of 5 min). */
  intervalMs: number;
}

export type CountSource = 'line' | 'zone' | 'class';

export interface CountRow {
  /** Start of the interval (epoch ms). */
  bucket: number;
  cameraId: string;
  /** Line or zone id; '' for per-class track counts. */
  key: string;
  classLabel: string;
  /** Line crossings only. */
  direction: string | null;
  count: number;
}

/**
 * The roll-up tier a query reads: daily for one-day intervals between local midnights, hourly
 * when interval and range are whole hours, else 5 minutes.
 */
export function resolutionFor(q: Pick<AnalyticsRange, 'from' | 'to' | 'intervalMs'>): number {
  if (q.intervalMs === RES_DAY && localDayStart(q.from) === q.from && localDayStart(q.to) === q.to)
    return RES_DAY;
  if (q.intervalMs % RES_HOUR === 0 && q.from % RES_HOUR === 0 && q.to % RES_HOUR === 0)
    return RES_HOUR;
  return RES_5MIN;
}

/**
 * The cameraIds that mean "every camera" for a query: the site-wide roll-ups (one series, camera
 * id SITE) on the hourly and daily tiers, the cameras' own list on the 5-minute tier. Not for
 * zoneUtilisation, which always reads the 5-minute tier.
 */
export function everyCamera(
  q: Pick<AnalyticsRange, 'from' | 'to' | 'intervalMs'>,
  cameraIds: readonly string[],
): readonly string[] {
  return resolutionFor(q) === RES_5MIN ? cameraIds : [SITE];
}

function inList(n: number): string {
  return new Array(n).fill('?').join(', ');
}

/** SQL for the interval start of a roll-up bucket (params: from, interval). */
// `%` works on integers in SQLite (a bound JS number is a REAL, so `/` would not floor).
const BUCKET_SQL = '(bucket - ((bucket - ?) % ?))';

function baseWhere(
  q: AnalyticsRange,
  res: number,
  keyColumn: string | null,
  keys: readonly string[] | undefined,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [...q.cameraIds, res, q.from, q.to];
  let sql = `camera_id IN (${inList(q.cameraIds.length)}) AND res = ? AND bucket >= ? AND bucket < ?`;
  if (keyColumn && keys?.length) {
    sql += ` AND ${keyColumn} IN (${inList(keys.length)})`;
    params.push(...keys);
  }
  if (q.classLabels?.length) {
    sql += ` AND class_label IN (${inList(q.classLabels.length)})`;
    params.push(...q.classLabels);
  }
  return { sql, params };
}

function bucketParams(q: AnalyticsRange): number[] {
  // Daily buckets are the intervals themselves (their length varies on DST changes).
  if (resolutionFor(q) === RES_DAY) return [0, 1];
  return [q.from, q.intervalMs];
}

/**
 * Counts per interval × camera × line/zone × class (× direction for lines): line crossings,
 * zone entries, or tracks per class. The query the anomaly baselines are built from.
 */
export function countsPerInterval(
  db: Database.Database,
  q: AnalyticsRange & { source: CountSource; keys?: readonly string[] },
): CountRow[] {
  if (q.cameraIds.length === 0) return [];
  const res = resolutionFor(q);
  if (q.source === 'line') {
    const w = baseWhere(q, res, 'line_id', q.keys);
    return db
      .prepare(
        `SELECT ${BUCKET_SQL} AS bucket, camera_id AS cameraId, line_id AS key, class_label AS classLabel,
           direction, sum(count) AS count
         FROM track_rollup_line WHERE ${w.sql} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1`,
      )
      .all(...bucketParams(q), ...w.params) as CountRow[];
  }
  if (q.source === 'zone') {
    const w = baseWhere(q, res, 'zone_id', q.keys);
    return db
      .prepare(
        `SELECT ${BUCKET_SQL} AS bucket, camera_id AS cameraId, zone_id AS key, class_label AS classLabel,
           NULL AS direction, sum(entries) AS count
         FROM track_rollup_zone WHERE ${w.sql} GROUP BY 1, 2, 3, 4 HAVING sum(entries) > 0 ORDER BY 1`,
      )
      .all(...bucketParams(q), ...w.params) as CountRow[];
  }
  if (res === RES_5MIN) {
    // No 5-minute tier for tracks per class: short ranges read the raw rows' (camera, class, time) index.
    const params: unknown[] = [...q.cameraIds];
    let sql = `camera_id IN (${inList(q.cameraIds.length)})`;
    if (q.classLabels?.length) {
      sql += ` AND class_label IN (${inList(q.classLabels.length)})`;
      params.push(...q.classLabels);
    }
    return db
      .prepare(
        `SELECT (first_seen - ((first_seen - ?) % ?)) AS bucket, camera_id AS cameraId, '' AS key,
           class_label AS classLabel, NULL AS direction, count(*) AS count
         FROM track_history WHERE ${sql} AND first_seen >= ? AND first_seen < ?
         GROUP BY 1, 2, 4 ORDER BY 1`,
      )
      .all(...bucketParams(q), ...params, q.from, q.to) as CountRow[];
  }
  const w = baseWhere(q, res, null, undefined);
  return db
    .prepare(
      `SELECT ${BUCKET_SQL} AS bucket, camera_id AS cameraId, '' AS key, class_label AS classLabel,
         NULL AS direction, sum(tracks) AS count
       FROM track_rollup_class WHERE ${w.sql} GROUP BY 1, 2, 4 ORDER BY 1`,
    )
    .all(...bucketParams(q), ...w.params) as CountRow[];
}

export interface OccupancyPoint {
  bucket: number;
  zoneId: string;
  classLabel: string;
  /** Mean number of objects inside over the interval. */
  mean: number;
}

/** How many were inside each zone over time (mean per interval, per class). */
export function zoneOccupancy(
  db: Database.Database,
  q: AnalyticsRange & { zoneIds?: readonly string[] },
): OccupancyPoint[] {
  if (q.cameraIds.length === 0) return [];
  const res = resolutionFor(q);
  const w = baseWhere(q, res, 'zone_id', q.zoneIds);
  return db
    .prepare(
      `SELECT ${BUCKET_SQL} AS bucket, zone_id AS zoneId, class_label AS classLabel,
         sum(occupied_ms) * 1.0 / ? AS mean
       FROM track_rollup_zone WHERE ${w.sql} GROUP BY 1, 2, 3 ORDER BY 1`,
    )
    .all(...bucketParams(q), q.intervalMs, ...w.params) as OccupancyPoint[];
}

export interface DwellDistribution {
  /** Upper edges of the bins (ms); the last bin is open-ended. */
  edgesMs: number[];
  byClass: Array<{
    classLabel: string;
    bins: number[];
    visits: number;
    meanMs: number;
    maxMs: number;
  }>;
}

/** Dwell-time distribution of the visits of zones (histogram per class). */
export function dwellDistribution(
  db: Database.Database,
  q: AnalyticsRange & { zoneIds?: readonly string[] },
): DwellDistribution {
  const out: DwellDistribution = { edgesMs: [...DWELL_BIN_EDGES_MS], byClass: [] };
  if (q.cameraIds.length === 0) return out;
  const res = resolutionFor(q);
  const w = baseWhere(q, res, 'zone_id', q.zoneIds);
  const rows = db
    .prepare(
      `SELECT class_label AS classLabel, sum(d0) AS d0, sum(d1) AS d1, sum(d2) AS d2, sum(d3) AS d3,
         sum(d4) AS d4, sum(d5) AS d5, sum(d6) AS d6, sum(d7) AS d7, sum(entries) AS visits,
         sum(dwell_sum_ms) AS dwellSum, max(dwell_max_ms) AS maxMs
       FROM track_rollup_zone WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
    )
    .all(...w.params) as Array<Record<string, number> & { classLabel: string }>;
  for (const r of rows)
    out.byClass.push({
      classLabel: r.classLabel,
      bins: [r.d0, r.d1, r.d2, r.d3, r.d4, r.d5, r.d6, r.d7],
      visits: r.visits,
      meanMs: r.visits ? r.dwellSum / r.visits : 0,
      maxMs: r.maxMs ?? 0,
    });
  return out;
}

export interface QueuePoint {
  bucket: number;
  /** Mean number waiting in the zone. */
  meanLength: number;
  /** Mean and longest wait of the visits that started in the interval (ms). */
  meanWaitMs: number;
  maxWaitMs: number;
  arrivals: number;
}

/** Queue length in a zone over time: mean number inside, waits and arrivals per interval. */
export function queueLength(
  db: Database.Database,
  q: AnalyticsRange & { zoneIds: readonly string[] },
): QueuePoint[] {
  if (q.cameraIds.length === 0) return [];
  const res = resolutionFor(q);
  const w = baseWhere(q, res, 'zone_id', q.zoneIds);
  return db
    .prepare(
      `SELECT ${BUCKET_SQL} AS bucket, sum(occupied_ms) * 1.0 / ? AS meanLength,
         CASE WHEN sum(entries) > 0 THEN sum(dwell_sum_ms) * 1.0 / sum(entries) ELSE 0 END AS meanWaitMs,
         max(dwell_max_ms) AS maxWaitMs, sum(entries) AS arrivals
       FROM track_rollup_zone WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
    )
    .all(...bucketParams(q), q.intervalMs, ...w.params) as QueuePoint[];
}

export interface UtilisationPoint {
  bucket: number;
  zoneId: string;
  /** Share of the interval the zone was occupied (0..1). */
  share: number;
}

/**
 * Zone utilisation ("efficiency"): the share of time a zone held at least one object. From the
 * 5-minute roll-ups: per 5-minute bucket the object-time inside, capped at the bucket's length.
 * Exact while at most one object at a time uses the zone (a machine, a workstation); with several
 * at once inside a 5-minute bucket it can overstate up to that bucket's full length.
 */
export function zoneUtilisation(
  db: Database.Database,
  q: AnalyticsRange & { zoneIds?: readonly string[] },
): UtilisationPoint[] {
  if (q.cameraIds.length === 0) return [];
  const w = baseWhere(q, RES_5MIN, 'zone_id', q.zoneIds);
  return (
    db
      .prepare(
        `SELECT ${BUCKET_SQL} AS bucket, zoneId, sum(min(occ, ${RES_5MIN})) * 1.0 / ? AS share
       FROM (SELECT bucket, zone_id AS zoneId, sum(occupied_ms) AS occ
             FROM track_rollup_zone WHERE ${w.sql} GROUP BY bucket, zone_id)
       GROUP BY 1, 2 ORDER BY 1`,
      )
      // Always the 5-minute tier, so intervals start at `from` (never the daily tier's own buckets).
      .all(q.from, q.intervalMs, q.intervalMs, ...w.params) as UtilisationPoint[]
  );
}

export interface InOutPoint {
  bucket: number;
  in: number;
  out: number;
  /** Running in − out since the start of the range. */
  inside: number;
}

/** People in / out of an area through its counting lines; `inDirection` is the way in. */
export function peopleInOut(
  db: Database.Database,
  q: AnalyticsRange & {
    lineIds?: readonly string[];
    inDirection?: 'left-to-right' | 'right-to-left';
  },
): InOutPoint[] {
  const inDir = q.inDirection ?? 'left-to-right';
  const rows = countsPerInterval(db, {
    ...q,
    classLabels: q.classLabels?.length ? q.classLabels : ['person'],
    source: 'line',
    ...(q.lineIds ? { keys: q.lineIds } : {}),
  });
  const byBucket = new Map<number, InOutPoint>();
  for (const r of rows) {
    let p = byBucket.get(r.bucket);
    if (!p) byBucket.set(r.bucket, (p = { bucket: r.bucket, in: 0, out: 0, inside: 0 }));
    if (r.direction === inDir) p.in += r.count;
    else p.out += r.count;
  }
  const out = [...byBucket.values()].sort((a, b) => a.bucket - b.bucket);
  let inside = 0;
  for (const p of out) {
    inside += p.in - p.out;
    p.inside = inside;
  }
  return out;
}

export interface Heatmap {
  cols: number;
  rows: number;
  /** Tracks through each cell (row-major), over the range. */
  cells: number[];
  max: number;
}

/** Density of trajectories over a camera's frame, whole UTC days overlapping the range. */
export function heatmap(
  db: Database.Database,
  q: { cameraId: string; from: number; to: number; classLabels?: readonly string[] },
): Heatmap {
  const day = 86_400_000;
  const params: unknown[] = [q.cameraId, Math.floor(q.from / day) * day, q.to];
  let sql = 'SELECT cells FROM track_heat WHERE camera_id = ? AND day >= ? AND day < ?';
  if (q.classLabels?.length) {
    sql += ` AND class_label IN (${inList(q.classLabels.length)})`;
    params.push(...q.classLabels);
  }
  const acc = new Float64Array(HEAT_COLS * HEAT_ROWS);
  for (const r of db.prepare(sql).iterate(...params) as Iterable<{ cells: Buffer }>) {
    const a = new Uint32Array(r.cells.buffer, r.cells.byteOffset, r.cells.byteLength / 4);
    for (let i = 0; i < a.length && i < acc.length; i++) acc[i] += a[i];
  }
  let max = 0;
  for (const v of acc) if (v > max) max = v;
  return { cols: HEAT_COLS, rows: HEAT_ROWS, cells: Array.from(acc), max };
}

export interface PeriodComparison {
  /** Totals per class in each period. */
  totals: Array<{ classLabel: string; a: number; b: number }>;
  /** Both periods' series on the same offsets from their starts. */
  series: Array<{ offsetMs: number; a: number; b: number }>;
}

/** Compares two periods of the same length: totals per class and the two series side by side. */
export function comparePeriods(
  db: Database.Database,
  q: Omit<AnalyticsRange, 'from' | 'to'> & {
    a: { from: number; to: number };
    b: { from: number; to: number };
    source: CountSource;
    keys?: readonly string[];
  },
): PeriodComparison {
  const totals = new Map<string, { classLabel: string; a: number; b: number }>();
  const series = new Map<number, { offsetMs: number; a: number; b: number }>();
  for (const side of ['a', 'b'] as const) {
    const p = q[side];
    const rows = countsPerInterval(db, { ...q, from: p.from, to: p.to });
    for (const r of rows) {
      let t = totals.get(r.classLabel);
      if (!t) totals.set(r.classLabel, (t = { classLabel: r.classLabel, a: 0, b: 0 }));
      t[side] += r.count;
      const off = Math.max(0, r.bucket - p.from);
      let s = series.get(off);
      if (!s) series.set(off, (s = { offsetMs: off, a: 0, b: 0 }));
      s[side] += r.count;
    }
  }
  return {
    totals: [...totals.values()].sort((x, y) => x.classLabel.localeCompare(y.classLabel)),
    series: [...series.values()].sort((x, y) => x.offsetMs - y.offsetMs),
  };
}
