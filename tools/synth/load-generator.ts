import type Database from 'better-sqlite3';

/**
 * Bulk synthetic data written by SQLite itself (one INSERT … SELECT over a recursive counter), for
 * benchmarks at the million-row scale where building rows in JS would dominate the run. Rows are
 * spread evenly over [fromMs, toMs) with realistic mixes of type, status, camera and repeat plates.
 * They bypass the outbox on purpose: benchmark data is never synced.
 */
export function generateInfractions(
  db: Database.Database,
  n: number,
  fromMs: number,
  toMs: number,
): void {
  const span = toMs - fromMs;
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ?),
       -- deterministic hashes of i: random() would be re-evaluated at every reference to r1/r2/r3
       r AS (SELECT i, (i * 2654435761) % 4294967291 AS r1, (i * 2246822519 + 3266489917) % 4294967279 AS r2,
                   (i * 668265263 + 374761393) % 4294967231 AS r3 FROM c)
       INSERT INTO infractions (id, type, category, camera_id, zone_id, rule_id, rule_version, calibration_version,
         occurred_at, track_id, class_label, measured_json, speed_excess, direction, confidence, box_json,
         plate_text, plate_raw, plate_confidence, prev_hash, hash, status, reason, decided_by, decided_at,
         version, synced_version, change_id, origin, created_at, updated_at)
       SELECT printf('%08x-%04x-4%03x-8%03x-%012x', i, r1 % 65536, r2 % 4096, r3 % 4096, r1 % 281474976710656),
         CASE r1 % 8 WHEN 0 THEN 'speed' WHEN 1 THEN 'speed' WHEN 2 THEN 'speed' WHEN 3 THEN 'wrong-way'
           WHEN 4 THEN 'red-light' WHEN 5 THEN 'lane-invasion' WHEN 6 THEN 'zone-intrusion' ELSE 'ppe' END,
         CASE WHEN r1 % 8 >= 6 THEN 'safety' ELSE 'traffic' END,
         'cam-' || (r2 % 16),
         CASE WHEN r1 % 8 IN (5, 6) THEN 'zone-' || (r2 % 16) || '-' || (r3 % 3) END,
         'rule', 1, 1,
         ? + (i * ?) / ?, r3 % 100000,
         CASE WHEN r1 % 8 >= 6 THEN 'person' ELSE 'car' END,
         CASE WHEN r1 % 8 < 3 THEN '{"speedKmh":' || (61 + r2 % 50) || ',"limitKmh":60}' ELSE '{}' END,
         CASE WHEN r1 % 8 < 3 THEN 1 + r2 % 50 END,
         CASE WHEN r1 % 8 = 3 THEN 'southbound' END,
         0.5 + (r3 % 500) / 1000.0,
         '{"x1":100,"y1":120,"x2":260,"y2":240}',
         CASE WHEN r1 % 8 < 6 THEN printf('%s%s%s-%03d', char(65 + r2 % 23), char(65 + (r2 / 23) % 23), char(65 + (r2 / 529) % 23), r3 % 1000) END,
         CASE WHEN r1 % 8 < 6 THEN 'RAW' END,
         CASE WHEN r1 % 8 < 6 THEN 0.9 END,
         '0', printf('%064x', i),
         CASE WHEN r3 % 20 < 8 THEN 'pending' WHEN r3 % 20 < 14 THEN 'validated' WHEN r3 % 20 < 18 THEN 'rejected'
           WHEN r3 % 20 = 18 THEN 'appealed' ELSE 'closed' END,
         CASE WHEN r3 % 20 BETWEEN 14 AND 17 THEN 'bench' END,
         CASE WHEN r3 % 20 >= 8 THEN 'op-' || (r1 % 12) END,
         CASE WHEN r3 % 20 >= 8 THEN ? + (i * ?) / ? + 3600000 END,
         1, 1, printf('%08x', i), 'bench', ?, ?
       FROM r`,
    ).run(n - 1, fromMs, span, n, fromMs, span, n, toMs, toMs);
  })();
}

/** Line-crossing events (line, direction) spread over [fromMs, toMs). */
export function generateLineEvents(
  db: Database.Database,
  n: number,
  fromMs: number,
  toMs: number,
): void {
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
       INSERT INTO events (ts, camera_id, kind, track_id, line_id, direction)
       SELECT ? + (i * ?) / ?, 'cam-' || (i % 16), 'line-cross', i, 'L' || (i % 4), CASE WHEN i % 3 = 0 THEN 'out' ELSE 'in' END FROM c`,
    ).run(n - 1, fromMs, toMs - fromMs, n);
  })();
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples: number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    max: s[s.length - 1] ?? NaN,
  };
}
