import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { BatchWriter } from '../../electron/host/store/batch-writer';
import { generateInfractions, generateLineEvents, summarize } from '../synth/load-generator';
import { ReportService } from '../../electron/host/store/reports';
import { buildQueueQuery, ReviewService } from '../../electron/host/store/review';
import { ControlRoomStore } from '../../electron/host/store/store';
import {
  mulberry32,
  syntheticInfraction,
  writeSyntheticEvidence,
} from '../synth/synthetic-infractions';
import { startEmbeddedPg, type EmbeddedPgServer } from '../postgres/embedded-postgres-server';
import { SyncEngine } from '../../electron/host/sync/sync-engine';

const DAY = 86_400_000;
const usage = `watcher bench store [--infractions N] [--events-seconds S] [--sync-rows N] [--evidence-files N]
  [--evidence-kb K] [--lag-seconds S] [--rate-per-min R] [--skip-sync] [--json]`;

/**
 * Store and sync figures: sustained event inserts with the review queue queried concurrently from
 * another thread, queue-page and daily-report latency at 1 M infractions, sync throughput to an
 * embedded PostgreSQL, and end-to-end sync lag between two workstations under a steady stream.
 */
export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        infractions: { type: 'string', default: '1000000' },
        'events-seconds': { type: 'string', default: '10' },
        'sync-rows': { type: 'string', default: '20000' },
        'evidence-files': { type: 'string', default: '200' },
        'evidence-kb': { type: 'string', default: '512' },
        'lag-seconds': { type: 'string', default: '60' },
        'rate-per-min': { type: 'string', default: '50' },
        'skip-sync': { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const num = (k: keyof typeof args) => Number(args[k]);
  for (const k of [
    'infractions',
    'events-seconds',
    'sync-rows',
    'evidence-files',
    'evidence-kb',
    'lag-seconds',
    'rate-per-min',
  ] as const) {
    if (!(num(k) > 0)) {
      process.stderr.write(`--${k} must be a positive number\n${usage}\n`);
      return 2;
    }
  }
  const say = (line: string) => {
    if (!args.json) process.stdout.write(line + '\n');
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'watcher-bench-store-'));
  const secretBox = KeyFileSecretBox.open(path.join(dir, 'secret.key'));
  const result = {} as Figures;
  try {
    say('== event inserts with the review queue queried concurrently');
    result.eventInsert = await benchEventInsert(dir, secretBox, num('events-seconds'));
    say(JSON.stringify(result.eventInsert));

    say(`== review queue and daily report at ${num('infractions')} infractions`);
    result.queries = benchQueries(dir, secretBox, num('infractions'));
    say(JSON.stringify(result.queries));

    if (!args['skip-sync']) {
      say('== sync to embedded PostgreSQL');
      const pg = await startEmbeddedPg();
      try {
        result.syncThroughput = await benchSyncThroughput(
          dir,
          secretBox,
          pg,
          num('sync-rows'),
          num('evidence-files'),
          num('evidence-kb'),
        );
        say(JSON.stringify(result.syncThroughput));
        say(
          `== sync lag A -> PostgreSQL -> B at ${num('rate-per-min')} infractions/min for ${num('lag-seconds')} s`,
        );
        result.syncLag = await benchLag(
          dir,
          secretBox,
          pg,
          num('lag-seconds'),
          num('rate-per-min'),
        );
        say(JSON.stringify(result.syncLag));
      } finally {
        await pg.dispose();
      }
    }
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
    else printSummary(result);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Figures {
  eventInsert: Awaited<ReturnType<typeof benchEventInsert>>;
  queries: ReturnType<typeof benchQueries>;
  syncThroughput?: Awaited<ReturnType<typeof benchSyncThroughput>>;
  syncLag?: Awaited<ReturnType<typeof benchLag>>;
}

function printSummary(r: Figures): void {
  const f = (n: number, d = 1) => n.toFixed(d);
  const lines = [
    '',
    'summary',
    `  event inserts           ${f(r.eventInsert.rowsPerSec, 0)} rows/s (target >= 20000) while queue p95 ${f(r.eventInsert.concurrentQueueMs.p95, 2)} ms`,
    `  review queue page       p50 ${f(r.queries.queuePageMs.p50, 2)} ms, p95 ${f(r.queries.queuePageMs.p95, 2)} ms at ${r.queries.infractions} infractions (target < 50)`,
    `  daily report            p50 ${f(r.queries.dailyReportMs.p50, 1)} ms, p95 ${f(r.queries.dailyReportMs.p95, 1)} ms (target < 200)`,
  ];
  if (r.syncThroughput && r.syncLag) {
    lines.push(
      `  sync rows               ${f(r.syncThroughput.rowsPerSec, 0)} rows/s (${r.syncThroughput.rows} infractions)`,
      `  sync evidence           ${f(r.syncThroughput.evidenceMBps, 1)} MB/s (${r.syncThroughput.evidenceFiles} files, ${f(r.syncThroughput.evidenceMB, 0)} MB)`,
      `  sync lag A->B           p50 ${f(r.syncLag.lagMs.p50, 0)} ms, p95 ${f(r.syncLag.lagMs.p95, 0)} ms, max ${f(r.syncLag.lagMs.max, 0)} ms over ${r.syncLag.lagMs.n} infractions (target p95 < 2000)`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

function openStore(
  dir: string,
  name: string,
  secretBox: KeyFileSecretBox,
  evidenceRoot?: string,
): ControlRoomStore {
  return ControlRoomStore.open({ file: path.join(dir, `${name}.db`), secretBox, evidenceRoot });
}

// A reader on its own connection in another thread, as the UI's review page would be.
const QUEUE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { readonly: true });
db.pragma('busy_timeout = 5000');
const stmt = db.prepare(workerData.sql);
const lat = [];
let stop = false;
parentPort.on('message', () => { stop = true; });
function tick() {
  if (stop) { db.close(); parentPort.postMessage(lat); return; }
  const t0 = performance.now();
  stmt.all(...workerData.params);
  lat.push(performance.now() - t0);
  setTimeout(tick, 20);
}
tick();
`;

async function benchEventInsert(dir: string, secretBox: KeyFileSecretBox, seconds: number) {
  const store = openStore(dir, 'events', secretBox);
  const now = Date.now();
  generateInfractions(store.db, 100_000, now - 30 * DAY, now);
  const q = buildQueueQuery({ status: ['pending'], limit: 50 });
  const worker = new Worker(QUEUE_WORKER, {
    eval: true,
    workerData: {
      sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: path.join(dir, 'events.db'),
      sql: q.sql,
      params: q.params,
    },
  });
  const writer = new BatchWriter(store, { maxBatch: 1_000_000, maxQueue: 10_000_000 });
  const rng = mulberry32(1);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let rows = 0;
  let trackId = 0;
  // The producer pushes a camera-second of detections at a time; the writer commits each batch.
  while (performance.now() < end) {
    for (let i = 0; i < 5000; i++) {
      const x = rng() * 600;
      writer.event({
        ts: Date.now(),
        cameraId: `cam-${i % 16}`,
        kind: 'detection',
        trackId: trackId++ % 5000,
        classLabel: 'car',
        confidence: 0.5 + rng() * 0.5,
        box: { x1: x, y1: x / 2, x2: x + 80, y2: x / 2 + 60 },
      });
    }
    rows += writer.flush();
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const lat = await new Promise<number[]>((resolve) => {
    worker.once('message', resolve);
    worker.postMessage('stop');
  });
  await worker.terminate();
  store.close();
  return { rows, seconds: elapsed, rowsPerSec: rows / elapsed, concurrentQueueMs: summarize(lat) };
}

function benchQueries(dir: string, secretBox: KeyFileSecretBox, n: number) {
  const store = openStore(dir, 'million', secretBox);
  const to = Date.UTC(2026, 2, 1);
  const from = to - 60 * DAY;
  const t0 = performance.now();
  generateInfractions(store.db, n, from, to);
  generateLineEvents(store.db, Math.round(n / 2), from, to);
  const genSeconds = (performance.now() - t0) / 1000;
  store.db.exec('ANALYZE');
  const review = new ReviewService(store);
  const reports = new ReportService(store);
  const time = (fn: () => unknown) => {
    const s = performance.now();
    fn();
    return performance.now() - s;
  };
  const filters = [
    { status: ['pending' as const] },
    { status: ['pending' as const], cameraId: 'cam-3' },
    { status: ['pending' as const], type: ['speed' as const] },
    { type: ['wrong-way' as const], from: from + 10 * DAY, to: from + 11 * DAY },
    { zoneId: 'zone-5-1' },
    { plate: 'EHA-050' },
    { plate: 'EH*' },
    {},
  ];
  const queue: number[] = [];
  const byFilter: Record<string, ReturnType<typeof summarize>> = {};
  for (const f of filters) {
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      let cursor: string | undefined;
      // First page, then pages 2-3 through the keyset cursor.
      for (let page = 0; page < 3; page++) {
        let next: string | undefined;
        samples.push(
          time(() => {
            next = review.list({ ...f, limit: 50, cursor }).nextCursor;
          }),
        );
        cursor = next;
        if (!cursor) break;
      }
    }
    byFilter[JSON.stringify(f)] = summarize(samples);
    queue.push(...samples);
  }
  const report: number[] = [];
  for (let d = 0; d < 30; d++) {
    const date = new Date(from + (d * 2 + 0.5) * DAY).toISOString().slice(0, 10);
    report.push(time(() => reports.daily({ date, tzOffsetMinutes: -300 })));
  }
  const sample = reports.daily({
    date: new Date(from + 30 * DAY).toISOString().slice(0, 10),
    tzOffsetMinutes: -300,
  });
  store.close();
  return {
    infractions: n,
    generateSeconds: genSeconds,
    queuePageMs: summarize(queue),
    queueByFilterMs: byFilter,
    dailyReportMs: summarize(report),
    infractionsPerDay: sample.total,
  };
}

function syncEngine(store: ControlRoomStore) {
  return new SyncEngine(store, { pollMs: 1000, backoffInitialMs: 200, backoffMaxMs: 2000 });
}

async function benchSyncThroughput(
  dir: string,
  secretBox: KeyFileSecretBox,
  pg: EmbeddedPgServer,
  rows: number,
  files: number,
  kb: number,
) {
  const root = path.join(dir, 'evidence-a');
  const store = openStore(dir, 'sync-a', secretBox, root);
  const rng = mulberry32(2);
  const now = Date.now();
  store.infractions.insert(
    Array.from({ length: rows }, (_, i) =>
      syntheticInfraction(rng, { occurredAt: now - i * 1000 }),
    ),
  );
  const sync = syncEngine(store);
  let t0 = performance.now();
  await sync.configure({ connectionString: pg.url, tls: false, enabled: true }, 'bench');
  await sync.waitUntilSynced(240_000);
  const rowSeconds = (performance.now() - t0) / 1000;

  const events = Array.from({ length: files }, (_, i) =>
    syntheticInfraction(rng, {
      occurredAt: now + i,
      evidence: [writeSyntheticEvidence(root, `tp/${i}.mp4`, kb * 1024, 1000 + i)],
    }),
  );
  const before = { ...sync.counters };
  t0 = performance.now();
  store.infractions.insert(events);
  await sync.waitUntilSynced(240_000);
  const evSeconds = (performance.now() - t0) / 1000;
  const bytes = sync.counters.uploadedBytes - before.uploadedBytes;
  await sync.stop();
  store.close();
  return {
    rows,
    rowSeconds,
    rowsPerSec: rows / rowSeconds,
    evidenceFiles: files,
    evidenceMB: bytes / 1e6,
    evidenceSeconds: evSeconds,
    evidenceMBps: bytes / 1e6 / evSeconds,
  };
}

async function benchLag(
  dir: string,
  secretBox: KeyFileSecretBox,
  pg: EmbeddedPgServer,
  seconds: number,
  perMin: number,
) {
  const rootA = path.join(dir, 'lag-a');
  const a = openStore(dir, 'lag-a', secretBox, rootA);
  const b = openStore(dir, 'lag-b', secretBox, path.join(dir, 'lag-b'));
  const syncA = syncEngine(a);
  const syncB = syncEngine(b);
  await syncA.configure({ connectionString: pg.url, tls: false, enabled: true }, 'bench');
  await syncB.configure({ connectionString: pg.url, tls: false, enabled: true }, 'bench');
  await syncA.waitUntilSynced(240_000);
  await syncB.waitUntilSynced(240_000);
  const rng = mulberry32(3);
  const sent = new Map<string, number>();
  const lags: number[] = [];
  const seen = b.db.prepare(
    `SELECT i.id FROM infractions i WHERE i.id = ? AND NOT EXISTS
       (SELECT 1 FROM evidence_files e WHERE e.infraction_id = i.id AND e.present = 0)`,
  );
  const interval = 60_000 / perMin;
  const start = performance.now();
  let next = start;
  let i = 0;
  while (performance.now() < start + seconds * 1000 || sent.size > 0) {
    const t = performance.now();
    if (t >= next && t < start + seconds * 1000) {
      // A clip and a snapshot per infraction, as the rules engine writes them.
      const clip = writeSyntheticEvidence(rootA, `lag/${i}/clip.mp4`, 512 * 1024, 5000 + i, 'clip');
      const snap = writeSyntheticEvidence(
        rootA,
        `lag/${i}/snap.jpg`,
        64 * 1024,
        9000 + i,
        'snapshot',
      );
      const e = syntheticInfraction(rng, { occurredAt: Date.now(), evidence: [clip, snap] });
      a.infractions.insert([e]);
      sent.set(e.id, performance.now());
      i++;
      next += interval;
    }
    for (const [id, at] of sent) {
      if (seen.get(id)) {
        lags.push(performance.now() - at);
        sent.delete(id);
      }
    }
    if (performance.now() > start + seconds * 1000 + 60_000) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await syncA.stop();
  await syncB.stop();
  a.close();
  b.close();
  return { infractions: i, perMin, seconds, notArrived: sent.size, lagMs: summarize(lags) };
}
