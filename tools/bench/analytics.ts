import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../electron/host/store/store';
import { TrackHistoryRepo } from '../../electron/host/store/track-history';
import {
  comparePeriods,
  countsPerInterval,
  dwellDistribution,
  everyCamera,
  heatmap,
  peopleInOut,
  queueLength,
  zoneOccupancy,
  zoneUtilisation,
} from '../../electron/host/analytics/track-analytics';
import { mulberry32 } from '../synth/synthetic-infractions';
import {
  SYNTH_LINES,
  SYNTH_ZONES,
  syntheticCameraIds,
  syntheticTracks,
} from '../synth/synthetic-tracks';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN5 = 300_000;
const usage = `watcher bench analytics [--tracks 10000000] [--days 180] [--cameras 16] [--batch 20000]
  [--runs 30] [--db FILE] [--insert-seconds S] [--json]
  --db keeps the database; a second run continues the same deterministic history where the first
  stopped. --insert-seconds stops inserting after S seconds and queries what was built (the tracks
  keep the density of the full run, so windows of a few days read what they would at full size).`;

/**
 * Track-history figures: insert rate of finished tracks with their roll-ups (batches in one
 * transaction each), then the p50/p95 of every analytics query over the resulting history.
 */
export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        tracks: { type: 'string', default: '10000000' },
        days: { type: 'string', default: '180' },
        cameras: { type: 'string', default: '16' },
        batch: { type: 'string', default: '20000' },
        runs: { type: 'string', default: '30' },
        db: { type: 'string' },
        'insert-seconds': { type: 'string' },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const num = (k: 'tracks' | 'days' | 'cameras' | 'batch' | 'runs'): number => Number(args[k]);
  for (const k of ['tracks', 'days', 'cameras', 'batch', 'runs'] as const)
    if (!(Number.isInteger(num(k)) && num(k) > 0)) {
      process.stderr.write(`--${k} must be a positive integer\n${usage}\n`);
      return 2;
    }
  const say = (line: string): void => {
    if (!args.json) process.stdout.write(line + '\n');
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'watcher-bench-analytics-'));
  const file = args.db ?? path.join(dir, 'analytics.db');
  const reuse = !!args.db && existsSync(file);
  const insertSeconds = args['insert-seconds'] ? Number(args['insert-seconds']) : Infinity;
  if (!(insertSeconds > 0)) {
    process.stderr.write(`--insert-seconds must be positive\n${usage}\n`);
    return 2;
  }
  const store = ControlRoomStore.open({
    file,
    secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
  });
  store.db.pragma('cache_size = -262144');
  const repo = new TrackHistoryRepo(store);
  const end = Date.UTC(2026, 5, 1);
  const start = end - num('days') * DAY;
  const cameras = syntheticCameraIds(num('cameras'));
  try {
    const insert = {
      tracks: 0,
      alreadyThere: 0,
      seconds: 0,
      tracksPerSec: 0,
      batches: 0,
      stoppedEarly: false,
      curve: [] as Array<{ at: number; tracksPerSec: number }>,
    };
    insert.alreadyThere = reuse ? repo.count : 0;
    if (insert.alreadyThere < num('tracks')) {
      say(
        `== inserting ${num('tracks')} tracks over ${num('days')} days, ${cameras.length} cameras, batches of ${num('batch')}` +
          (insert.alreadyThere ? ` (continuing after ${insert.alreadyThere})` : ''),
      );
      let skipped = 0;
      const t0 = performance.now();
      let windowStart = t0;
      let windowTracks = 0;
      for (const batch of syntheticTracks(
        { cameras: cameras.length, start, spanMs: end - start, total: num('tracks') },
        num('batch'),
      )) {
        if (skipped < insert.alreadyThere) {
          skipped += batch.length;
          continue;
        }
        const b0 = performance.now();
        insert.tracks += repo.insert(batch);
        insert.seconds += (performance.now() - b0) / 1000;
        insert.batches++;
        windowTracks += batch.length;
        const now = performance.now();
        if (now - windowStart > 10_000) {
          const rate = windowTracks / ((now - windowStart) / 1000);
          insert.curve.push({
            at: insert.alreadyThere + insert.tracks,
            tracksPerSec: Math.round(rate),
          });
          say(`  ${insert.alreadyThere + insert.tracks} tracks, ${Math.round(rate)} tracks/s now`);
          windowStart = now;
          windowTracks = 0;
        }
        if ((now - t0) / 1000 > insertSeconds) {
          insert.stoppedEarly = true;
          break;
        }
      }
      insert.tracksPerSec = Math.round(insert.tracks / Math.max(insert.seconds, 1e-9));
      say(
        `  ${insert.tracks} tracks inserted in ${insert.seconds.toFixed(1)} s of insert time: ${insert.tracksPerSec} tracks/s` +
          (insert.stoppedEarly ? ' (stopped by --insert-seconds)' : ''),
      );
      store.db.pragma('wal_checkpoint(TRUNCATE)');
    } else say(`== reusing ${file} with ${insert.alreadyThere} tracks`);
    // The history actually built: queries pick their windows inside it.
    const span = store.db
      .prepare('SELECT min(first_seen) AS lo, max(first_seen) AS hi FROM track_history')
      .get() as { lo: number; hi: number };
    const builtDays = Math.max(1, Math.floor((span.hi - start) / DAY));
    const rows = (t: string): number =>
      (store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const sizes = {
      trackRows: rows('track_history'),
      lineRollups: rows('track_rollup_line'),
      zoneRollups: rows('track_rollup_zone'),
      classRollups: rows('track_rollup_class'),
      heatRows: rows('track_heat'),
      dbMB: Math.round(
        ((store.db.pragma('page_count', { simple: true }) as number) *
          (store.db.pragma('page_size', { simple: true }) as number)) /
          1e6,
      ),
    };
    say(`== sizes ${JSON.stringify(sizes)}`);

    const rnd = mulberry32(7);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
    const days = Math.min(num('days'), builtDays);
    const histEnd = start + days * DAY;
    const dayStart = (): number => start + Math.floor(rnd() * Math.max(1, days - 1)) * DAY;
    const weekStart = (): number => start + Math.floor(rnd() * Math.max(1, days - 14)) * DAY;
    const monthStart = (): number => start + Math.floor(rnd() * Math.max(1, days - 30)) * DAY;
    const db = store.db;
    const queries: Record<string, () => unknown> = {
      'counts per class per line, 5 min, 1 day, 1 camera': () => {
        const from = dayStart();
        return countsPerInterval(db, {
          source: 'line',
          from,
          to: from + DAY,
          cameraIds: [pick(cameras)],
          intervalMs: MIN5,
        });
      },
      'counts per class per line+direction, 1 h, 7 days, all cameras': () => {
        const from = weekStart();
        return countsPerInterval(db, {
          source: 'line',
          from,
          to: from + 7 * DAY,
          cameraIds: everyCamera({ from, to: from + 7 * DAY, intervalMs: HOUR }, cameras),
          intervalMs: HOUR,
        });
      },
      'counts per class per zone, 1 day, 90 days, all cameras': () => {
        const from = start;
        return countsPerInterval(db, {
          source: 'zone',
          from,
          to: from + Math.min(90, days) * DAY,
          cameraIds: everyCamera({ from, to: from + DAY, intervalMs: DAY }, cameras),
          intervalMs: DAY,
        });
      },
      'tracks per class, 5 min, 1 day, 1 camera (raw index)': () => {
        const from = dayStart();
        return countsPerInterval(db, {
          source: 'class',
          from,
          to: from + DAY,
          cameraIds: [pick(cameras)],
          intervalMs: MIN5,
        });
      },
      'tracks per class, 1 day, whole history, all cameras': () =>
        countsPerInterval(db, {
          source: 'class',
          from: start,
          to: histEnd,
          cameraIds: everyCamera({ from: start, to: histEnd, intervalMs: DAY }, cameras),
          intervalMs: DAY,
        }),
      'occupancy of a zone, 15 min, 1 day': () => {
        const from = dayStart();
        return zoneOccupancy(db, {
          from,
          to: from + DAY,
          cameraIds: [pick(cameras)],
          zoneIds: [pick(SYNTH_ZONES)],
          intervalMs: 3 * MIN5,
        });
      },
      'dwell distribution, 30 days, 1 camera': () => {
        const from = monthStart();
        return dwellDistribution(db, {
          from,
          to: from + 30 * DAY,
          cameraIds: [pick(cameras)],
          intervalMs: HOUR,
        });
      },
      'queue length, 5 min, 1 day': () => {
        const from = dayStart();
        return queueLength(db, {
          from,
          to: from + DAY,
          cameraIds: [pick(cameras)],
          zoneIds: ['zone-queue'],
          intervalMs: MIN5,
        });
      },
      'zone utilisation, 1 h, 7 days, 1 camera': () => {
        const from = weekStart();
        return zoneUtilisation(db, {
          from,
          to: from + 7 * DAY,
          cameraIds: [pick(cameras)],
          intervalMs: HOUR,
        });
      },
      'people in/out, 1 h, 7 days, 1 camera': () => {
        const from = weekStart();
        return peopleInOut(db, {
          from,
          to: from + 7 * DAY,
          cameraIds: [pick(cameras)],
          lineIds: [pick(SYNTH_LINES)],
          intervalMs: HOUR,
        });
      },
      'heatmap, 30 days, 1 camera': () => {
        const from = monthStart();
        return heatmap(db, { cameraId: pick(cameras), from, to: from + 30 * DAY });
      },
      'period comparison, week vs previous week, 1 h, all cameras': () => {
        const from = weekStart() + 7 * DAY;
        return comparePeriods(db, {
          source: 'line',
          cameraIds: everyCamera({ from, to: from + 7 * DAY, intervalMs: HOUR }, cameras),
          intervalMs: HOUR,
          a: { from, to: from + 7 * DAY },
          b: { from: from - 7 * DAY, to: from },
        });
      },
    };
    const latency: Record<string, { p50: number; p95: number; max: number; runs: number }> = {};
    say(`== queries (${num('runs')} runs each, random camera and window)`);
    for (const [name, fn] of Object.entries(queries)) {
      fn(); // warm the statement cache
      const ms: number[] = [];
      for (let i = 0; i < num('runs'); i++) {
        const t0 = performance.now();
        fn();
        ms.push(performance.now() - t0);
      }
      ms.sort((a, b) => a - b);
      const q = (p: number): number =>
        Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] * 10) / 10;
      latency[name] = { p50: q(0.5), p95: q(0.95), max: q(1), runs: ms.length };
      say(
        `  ${name.padEnd(64)} p50 ${String(latency[name].p50).padStart(7)} ms  p95 ${String(latency[name].p95).padStart(7)} ms`,
      );
    }
    const worst = Math.max(...Object.values(latency).map((l) => l.p95));
    const result = {
      insert,
      sizes,
      latency,
      worstP95Ms: worst,
      targetP95Ms: 500,
      loadavg: loadavg(),
    };
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
    else
      say(
        `worst p95 ${worst} ms (target <= 500); load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
    return 0;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
