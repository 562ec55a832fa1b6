import type Database from 'better-sqlite3';
import { HOUR_MS, type SeriesPoint } from '../../../inference/vision/anomaly/baseline';

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
 * Hourly count series from the stored line crossings and zone entries, per camera × line/zone ×
 * class plus one total per camera. Hours the camera was streaming (it reported a streaming
 * status) but counted nothing are zeros; hours it was not watching are absent (not learned
 * from, never flagged). A series starts at its first count: a line drawn last week has no
 * history before it.
 *
 * WIRING POINT (track history roll-ups): a roll-up of the same shape (hour, camera, target,
 * class, n) replaces the GROUP BY over raw events.
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
    s.add(r.hour);
  }
  const counts = db
    .prepare(
      `SELECT camera_id AS cameraId,
              CASE WHEN line_id IS NOT NULL THEN 'line:' || line_id ELSE 'zone:' || zone_id END AS target,
              COALESCE(class_label, '?') AS classLabel, ts / ${HOUR_MS} AS hour, COUNT(*) AS n
       FROM events
       WHERE ts >= ? AND ts < ? AND kind IN ('line-crossing', 'zone-entry')
         AND (line_id IS NOT NULL OR zone_id IS NOT NULL)
       GROUP BY camera_id, target, classLabel, hour`,
    )
    .all(from, until) as {
    cameraId: string;
    target: string;
    classLabel: string;
    hour: number;
    n: number;
  }[];
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
