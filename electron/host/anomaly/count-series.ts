import type Database from 'better-sqlite3';
import { HOUR_MS, type SeriesPoint } from '../../../inference/vision/anomaly/baseline';
import { countsPerInterval } from '../analytics/track-analytics';
import { RES_HOUR, SITE } from '../store/track-history';

/** One count series of the anomaly detector: a camera's line or zone, one class (or all). */
export interface SeriesKey {
  cameraId: string;
  /** `line:<id>`, `zone:<id>`, or `*` for everything the camera counted. */
  target: string;
  /** Class label, or `*` for all classes. */
  classLabel: string;
}

export const seriesKeyString = (k: SeriesKey): string =>
  `${k.cameraId}|${k.target}|${k.classLabel}`;

/**
 * Hourly count series from the track history's hourly roll-ups (line crossings per line × class,
 * zone entries per zone × class; read with `countsPerInterval`, never the raw rows), per camera ×
 * line/zone × class plus one total per camera. Hours the camera was streaming (it reported a
 * streaming status) but counted nothing are zeros; hours it was not watching are absent (not
 * learned from, never flagged). A series starts at its first count: a line drawn last week has
 * no history before it.
 */
export function hourlyCountSeries(
  db: Database.Database,
  from: number,
  until: number,
): Map<string, { key: SeriesKey; points: SeriesPoint[] }> {
  const watched = new Map<string, Set<number>>();
  const rows = db
    .prepare(
      `SELECT camera_id AS cameraId, ts / ${HOUR_MS} AS hour FROM metrics
       WHERE ts >= ? AND ts < ? AND state = 'streaming' GROUP BY camera_id, hour`,
    )
    .all(from, until) as { cameraId: string; hour: number }[];
  for (const r of rows) {
    let s = watched.get(r.cameraId);
    if (!s) watched.set(r.cameraId, (s = new Set()));
    s.add(Math.floor(r.hour));
  }
  // Whole hours, so countsPerInterval reads the hourly tier.
  const range = {
    from: Math.floor(from / HOUR_MS) * HOUR_MS,
    to: Math.ceil(until / HOUR_MS) * HOUR_MS,
    intervalMs: HOUR_MS,
  };
  const cameraIds = (
    db
      .prepare(
        `SELECT DISTINCT camera_id AS cameraId FROM track_rollup_class
         WHERE res = ? AND bucket >= ? AND bucket < ? AND camera_id <> ?`,
      )
      .all(RES_HOUR, range.from, range.to, SITE) as { cameraId: string }[]
  ).map((r) => r.cameraId);
  const counts: {
    cameraId: string;
    target: string;
    classLabel: string;
    hour: number;
    n: number;
  }[] = [];
  if (cameraIds.length)
    for (const source of ['line', 'zone'] as const)
      for (const r of countsPerInterval(db, { ...range, cameraIds, source }))
        counts.push({
          cameraId: r.cameraId,
          target: `${source}:${r.key}`,
          classLabel: r.classLabel,
          hour: Math.floor(r.bucket / HOUR_MS),
          n: r.count,
        });
  const byKey = new Map<string, { key: SeriesKey; hours: Map<number, number> }>();
  const add = (key: SeriesKey, hour: number, n: number) => {
    const k = seriesKeyString(key);
    let e = byKey.get(k);
    if (!e) byKey.set(k, (e = { key, hours: new Map() }));
    e.hours.set(hour, (e.hours.get(hour) ?? 0) + n);
  };
  for (const c of counts) {
    add({ cameraId: c.cameraId, target: c.target, classLabel: c.classLabel }, c.hour, c.n);
    add({ cameraId: c.cameraId, target: '*', classLabel: '*' }, c.hour, c.n);
  }
  const out = new Map<string, { key: SeriesKey; points: SeriesPoint[] }>();
  for (const [k, e] of byKey) {
    const first = Math.min(...e.hours.keys());
    const hours = new Set([...(watched.get(e.key.cameraId) ?? []), ...e.hours.keys()]);
    const points = [...hours]
      .filter((h) => h >= first)
      .sort((a, b) => a - b)
      .map((h) => ({ t: h * HOUR_MS, value: e.hours.get(h) ?? 0 }));
    out.set(k, { key: e.key, points });
  }
  return out;
}
