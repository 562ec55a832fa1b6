import type Database from 'better-sqlite3';
import type { FinishedTrack } from '../../shared/domain/track-history';
import type { StoreCore } from './store-core';
import { TrackEmbeddingRepo } from './track-embeddings';

/** Roll-up resolutions (ms): 5-minute buckets, and hourly ones for long ranges. */
export const RES_5MIN = 300_000;
export const RES_HOUR = 3_600_000;
/** Daily roll-ups: buckets start at the host's local midnight (a 23 or 25 h day on DST changes). */
export const RES_DAY = 86_400_000;
export const RESOLUTIONS = [RES_5MIN, RES_HOUR, RES_DAY] as const;
/**
 * The camera id of the site-wide roll-ups (every camera together, hourly and daily tiers), so
 * queries over all cameras read one series instead of one per camera.
 */
export const SITE = '*';
const DAY = 86_400_000;

/** The host's local midnight at or before ts. */
export function localDayStart(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Start of the roll-up bucket of resolution `res` holding ts. */
export function bucketStart(ts: number, res: number): number {
  return res === RES_DAY ? localDayStart(ts) : Math.floor(ts / res) * res;
}

function nextBucket(bs: number, res: number): number {
  // Past the next midnight whatever a DST change did to the day's length.
  return res === RES_DAY ? localDayStart(bs + DAY + 3 * RES_HOUR) : bs + res;
}

/** Upper edges (ms) of the dwell histogram bins; the last bin is open. */
export const DWELL_BIN_EDGES_MS = [5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 900_000];
export const DWELL_BINS = DWELL_BIN_EDGES_MS.length + 1;

/** Heat grid of a camera (cells across × down the frame). */
export const HEAT_COLS = 32;
export const HEAT_ROWS = 18;

export function dwellBin(ms: number): number {
  let i = 0;
  while (i < DWELL_BIN_EDGES_MS.length && ms >= DWELL_BIN_EDGES_MS[i]) i++;
  return i;
}

/** The path packed as uint16 pairs (0..65535 for 0..1). */
export function packPath(path: FinishedTrack['path']): Buffer {
  const a = new Uint16Array(path.length * 2);
  path.forEach(([x, y], i) => {
    a[i * 2] = Math.round(x * 65535);
    a[i * 2 + 1] = Math.round(y * 65535);
  });
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function unpackPath(b: Buffer): Array<[number, number]> {
  const a = new Uint16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push([a[i] / 65535, a[i + 1] / 65535]);
  return out;
}

/** Heat cells a path passes through (each counted once per track). */
export function pathCells(path: FinishedTrack['path']): Set<number> {
  const cells = new Set<number>();
  const cell = (x: number, y: number): number =>
    Math.min(HEAT_ROWS - 1, Math.floor(y * HEAT_ROWS)) * HEAT_COLS +
    Math.min(HEAT_COLS - 1, Math.floor(x * HEAT_COLS));
  if (path.length === 1) cells.add(cell(path[0][0], path[0][1]));
  for (let i = 1; i < path.length; i++) {
    const [x0, y0] = path[i - 1];
    const [x1, y1] = path[i];
    const steps = Math.max(
      1,
      Math.ceil(Math.max(Math.abs(x1 - x0) * HEAT_COLS, Math.abs(y1 - y0) * HEAT_ROWS) * 2),
    );
    for (let s = 0; s <= steps; s++)
      cells.add(cell(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps));
  }
  return cells;
}

export interface StoredTrack extends FinishedTrack {
  id: number;
}

interface ZoneAgg {
  cameraId: string;
  zoneId: string;
  res: number;
  bucket: number;
  classLabel: string;
  entries: number;
  dwellSum: number;
  dwellMax: number;
  hist: number[];
  occupied: number;
}

/**
 * The track history: one row per finished track and its roll-ups, kept up to date by the same
 * transaction that inserts the rows (aggregated per batch first, so a batch of thousands of
 * tracks costs a few hundred roll-up upserts). Analytics read the roll-ups, never the raw rows.
 */
export class TrackHistoryRepo {
  private readonly insertRow: Database.Statement;
  private readonly upLine: Database.Statement;
  private readonly upZone: Database.Statement;
  private readonly upClass: Database.Statement;
  private readonly getHeat: Database.Statement;
  private readonly putHeat: Database.Statement;
  /** Appearance embeddings, stored apart and referenced from the row. */
  readonly embeddings: TrackEmbeddingRepo;

  constructor(private readonly core: StoreCore) {
    const db = core.db;
    this.embeddings = new TrackEmbeddingRepo(db);
    this.insertRow = db.prepare(
      `INSERT INTO track_history (camera_id, track_id, class_label, labels_json, first_seen, last_seen,
         frames, path, zones_json, lines_json, speed_min, speed_mean, speed_max, best_json, embedding_ref)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upLine = db.prepare(
      `INSERT INTO track_rollup_line (camera_id, line_id, res, bucket, class_label, direction, count)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET count = count + excluded.count`,
    );
    this.upZone = db.prepare(
      `INSERT INTO track_rollup_zone (camera_id, zone_id, res, bucket, class_label, entries,
         dwell_sum_ms, dwell_max_ms, d0, d1, d2, d3, d4, d5, d6, d7, occupied_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET entries = entries + excluded.entries,
         dwell_sum_ms = dwell_sum_ms + excluded.dwell_sum_ms,
         dwell_max_ms = max(dwell_max_ms, excluded.dwell_max_ms),
         d0 = d0 + excluded.d0, d1 = d1 + excluded.d1, d2 = d2 + excluded.d2, d3 = d3 + excluded.d3,
         d4 = d4 + excluded.d4, d5 = d5 + excluded.d5, d6 = d6 + excluded.d6, d7 = d7 + excluded.d7,
         occupied_ms = occupied_ms + excluded.occupied_ms`,
    );
    this.upClass = db.prepare(
      `INSERT INTO track_rollup_class (camera_id, res, bucket, class_label, tracks, speed_sum, speed_n)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET tracks = tracks + excluded.tracks,
         speed_sum = speed_sum + excluded.speed_sum, speed_n = speed_n + excluded.speed_n`,
    );
    this.getHeat = db.prepare(
      'SELECT cells FROM track_heat WHERE camera_id = ? AND class_label = ? AND day = ?',
    );
    this.putHeat = db.prepare(
      `INSERT INTO track_heat (camera_id, class_label, day, cells) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET cells = excluded.cells`,
    );
  }

  /**
   * Writes a batch of finished tracks and their roll-ups in one transaction; queues the batch for
   * the shared server. Returns the rows written.
   */
  insert(tracks: readonly FinishedTrack[]): number {
    if (tracks.length === 0) return 0;
    return this.core.tx(() => {
      const lines = new Map<string, [string, string, number, number, string, string, number]>();
      const zones = new Map<string, ZoneAgg>();
      const classes = new Map<string, [string, number, number, string, number, number, number]>();
      const heat = new Map<
        string,
        { cameraId: string; classLabel: string; day: number; cells: number[] }
      >();
      let firstId = 0;
      let lastId = 0;
      for (const t of tracks) {
        const embeddingRef = t.appearance
          ? this.embeddings.insert({ ...t, appearance: t.appearance })
          : t.embeddingRef;
        const r = this.insertRow.run(
          t.cameraId,
          t.trackId,
          t.classLabel,
          t.labels?.length ? JSON.stringify(t.labels) : null,
          Math.round(t.firstSeen),
          Math.round(t.lastSeen),
          t.frames,
          packPath(t.path),
          t.zones.length ? JSON.stringify(t.zones) : null,
          t.lines.length ? JSON.stringify(t.lines) : null,
          t.speed?.min ?? null,
          t.speed?.mean ?? null,
          t.speed?.max ?? null,
          t.bestCrop ? JSON.stringify(t.bestCrop) : null,
          embeddingRef ?? null,
        );
        const id = Number(r.lastInsertRowid);
        if (!firstId) firstId = id;
        lastId = id;
        for (const res of RESOLUTIONS)
          for (const cameraId of res === RES_5MIN ? [t.cameraId] : [t.cameraId, SITE]) {
            // Tracks per class: hourly and daily only (5-minute views read the raw rows' index).
            if (res !== RES_5MIN) {
              const b = bucketStart(t.firstSeen, res);
              const ck = `${cameraId}\u0000${res}\u0000${b}\u0000${t.classLabel}`;
              const c = classes.get(ck) ?? [cameraId, res, b, t.classLabel, 0, 0, 0];
              c[4]++;
              if (t.speed) {
                c[5] += t.speed.mean;
                c[6]++;
              }
              classes.set(ck, c);
            }
            for (const l of t.lines) {
              const lb = bucketStart(l.ts, res);
              const k = `${cameraId}\u0000${l.lineId}\u0000${res}\u0000${lb}\u0000${t.classLabel}\u0000${l.direction}`;
              const row = lines.get(k) ?? [
                cameraId,
                l.lineId,
                res,
                lb,
                t.classLabel,
                l.direction,
                0,
              ];
              row[6]++;
              lines.set(k, row);
            }
            for (const v of t.zones) {
              const zone = (bucket: number): ZoneAgg => {
                const k = `${cameraId}\u0000${v.zoneId}\u0000${res}\u0000${bucket}\u0000${t.classLabel}`;
                let z = zones.get(k);
                if (!z)
                  zones.set(
                    k,
                    (z = {
                      cameraId,
                      zoneId: v.zoneId,
                      res,
                      bucket,
                      classLabel: t.classLabel,
                      entries: 0,
                      dwellSum: 0,
                      dwellMax: 0,
                      hist: new Array<number>(DWELL_BINS).fill(0),
                      occupied: 0,
                    }),
                  );
                return z;
              };
              const start = zone(bucketStart(v.enterTs, res));
              start.entries++;
              start.dwellSum += v.dwellMs;
              start.dwellMax = Math.max(start.dwellMax, v.dwellMs);
              start.hist[dwellBin(v.dwellMs)]++;
              // Object-time inside, split over the buckets the visit overlaps (bounded to 7 days).
              const end = Math.min(v.exitTs, v.enterTs + 7 * DAY);
              for (let bs = bucketStart(v.enterTs, res); bs < end;) {
                const next = nextBucket(bs, res);
                const overlap = Math.min(end, next) - Math.max(v.enterTs, bs);
                if (overlap > 0) zone(bs).occupied += overlap;
                bs = next;
              }
            }
          }
        if (t.path.length) {
          const day = Math.floor(t.firstSeen / DAY) * DAY;
          const hk = `${t.cameraId}\u0000${t.classLabel}\u0000${day}`;
          let h = heat.get(hk);
          if (!h)
            heat.set(hk, (h = { cameraId: t.cameraId, classLabel: t.classLabel, day, cells: [] }));
          for (const c of pathCells(t.path)) h.cells.push(c);
        }
      }
      for (const row of lines.values()) this.upLine.run(...row);
      for (const z of zones.values())
        this.upZone.run(
          z.cameraId,
          z.zoneId,
          z.res,
          z.bucket,
          z.classLabel,
          z.entries,
          Math.round(z.dwellSum),
          Math.round(z.dwellMax),
          ...z.hist,
          Math.round(z.occupied),
        );
      for (const row of classes.values()) this.upClass.run(...row);
      for (const h of heat.values()) {
        const cur = this.getHeat.get(h.cameraId, h.classLabel, h.day) as
          { cells: Buffer } | undefined;
        const grid = new Uint32Array(HEAT_COLS * HEAT_ROWS);
        if (cur)
          grid.set(
            new Uint32Array(
              cur.cells.buffer.slice(
                cur.cells.byteOffset,
                cur.cells.byteOffset + cur.cells.byteLength,
              ),
            ),
          );
        for (const c of h.cells) grid[c]++;
        this.putHeat.run(h.cameraId, h.classLabel, h.day, Buffer.from(grid.buffer));
      }
      this.core.enqueue('track_batch', `${firstId}-${lastId}`);
      return tracks.length;
    });
  }

  /** Rows with ids in [fromId, toId], oldest first (the sync push reads its batches with it). */
  range(fromId: number, toId: number, limit = 5000): StoredTrack[] {
    const rows = this.core.db
      .prepare('SELECT * FROM track_history WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?')
      .all(fromId, toId, limit) as TrackRow[];
    return rows.map(fromRow);
  }

  /** The tracks of a camera in a time range, newest first (bounded). */
  list(q: {
    cameraId: string;
    from: number;
    to: number;
    classLabel?: string;
    limit?: number;
  }): StoredTrack[] {
    const rows = this.core.db
      .prepare(
        `SELECT * FROM track_history WHERE camera_id = ? AND first_seen >= ? AND first_seen < ?
         ${q.classLabel ? 'AND class_label = ?' : ''} ORDER BY first_seen DESC LIMIT ?`,
      )
      .all(
        ...[q.cameraId, q.from, q.to, ...(q.classLabel ? [q.classLabel] : []), q.limit ?? 500],
      ) as TrackRow[];
    return rows.map(fromRow);
  }

  get count(): number {
    return (this.core.db.prepare('SELECT count(*) AS n FROM track_history').get() as { n: number })
      .n;
  }

  /**
   * Retention, one bounded step: raw rows first seen before `rawBefore` and roll-ups (and heat)
   * older than `rollupBefore`. Roll-ups are kept longer than raw rows: they are what analytics and
   * baselines read. Returns the rows deleted.
   */
  prune(
    rawBefore: number,
    rollupBefore: number,
    limit = 5000,
  ): { raw: number; rollups: number; more: boolean } {
    const db = this.core.db;
    const raw = db
      .prepare(
        'DELETE FROM track_history WHERE id IN (SELECT id FROM track_history WHERE first_seen < ? ORDER BY first_seen LIMIT ?)',
      )
      .run(rawBefore, limit).changes;
    this.embeddings.prune(rawBefore, limit);
    let rollups = 0;
    // Roll-ups are small next to the raw rows; their old buckets go in one statement each.
    for (const table of ['track_rollup_line', 'track_rollup_zone', 'track_rollup_class'])
      rollups += db.prepare(`DELETE FROM ${table} WHERE bucket < ?`).run(rollupBefore).changes;
    rollups += db.prepare('DELETE FROM track_heat WHERE day < ?').run(rollupBefore).changes;
    return { raw, rollups, more: raw >= limit };
  }
}

interface TrackRow {
  id: number;
  camera_id: string;
  track_id: number;
  class_label: string;
  labels_json: string | null;
  first_seen: number;
  last_seen: number;
  frames: number;
  path: Buffer;
  zones_json: string | null;
  lines_json: string | null;
  speed_min: number | null;
  speed_mean: number | null;
  speed_max: number | null;
  best_json: string | null;
  embedding_ref: string | null;
}

function fromRow(r: TrackRow): StoredTrack {
  return {
    id: r.id,
    cameraId: r.camera_id,
    trackId: r.track_id,
    classLabel: r.class_label,
    ...(r.labels_json ? { labels: JSON.parse(r.labels_json) as string[] } : {}),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    frames: r.frames,
    path: unpackPath(r.path).map(([x, y]) => [
      Math.round(x * 1e4) / 1e4,
      Math.round(y * 1e4) / 1e4,
    ]),
    zones: r.zones_json ? (JSON.parse(r.zones_json) as FinishedTrack['zones']) : [],
    lines: r.lines_json ? (JSON.parse(r.lines_json) as FinishedTrack['lines']) : [],
    ...(r.speed_mean !== null
      ? {
          speed: {
            min: r.speed_min ?? r.speed_mean,
            mean: r.speed_mean,
            max: r.speed_max ?? r.speed_mean,
          },
        }
      : {}),
    ...(r.best_json ? { bestCrop: JSON.parse(r.best_json) as FinishedTrack['bestCrop'] } : {}),
    ...(r.embedding_ref ? { embeddingRef: r.embedding_ref } : {}),
  };
}
