import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { ReviewService } from '../../electron/host/store/review';
import { ControlRoomStore } from '../../electron/host/store/store';
import {
  mulberry32,
  syntheticInfraction,
  writeSyntheticEvidence,
} from '../synth/synthetic-infractions';
import { startEmbeddedPg } from '../postgres/embedded-postgres-server';
import { SyncEngine } from '../../electron/host/sync/sync-engine';

const usage = `watcher bench sync-faults [--seconds S] [--rate N/s] [--evidence-kb K] [--down-seconds S] [--json]`;

/**
 * Loss/duplication audit of the sync under server restarts: workstation A writes a steady stream of
 * infractions with evidence (and decisions on earlier ones) while the embedded PostgreSQL is
 * stopped and restarted twice mid-sync; workstation B pulls throughout. After both catch up, every
 * row and evidence file A wrote is looked for on the server and on B, byte for byte.
 */
export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        seconds: { type: 'string', default: '40' },
        rate: { type: 'string', default: '20' },
        'evidence-kb': { type: 'string', default: '64' },
        'down-seconds': { type: 'string', default: '3' },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const seconds = Number(args.seconds);
  const rate = Number(args.rate);
  const kb = Number(args['evidence-kb']);
  const down = Number(args['down-seconds']);
  if (![seconds, rate, kb, down].every((v) => v > 0)) {
    process.stderr.write(`all options must be positive numbers\n${usage}\n`);
    return 2;
  }
  const log = (line: string) => {
    if (!args.json) process.stdout.write(line + '\n');
  };

  const dir = mkdtempSync(path.join(tmpdir(), 'watcher-bench-faults-'));
  const server = await startEmbeddedPg();
  const secretBox = KeyFileSecretBox.open(path.join(dir, 'secret.key'));
  const rootA = path.join(dir, 'evidence-a');
  const rootB = path.join(dir, 'evidence-b');
  const a = ControlRoomStore.open({ file: path.join(dir, 'a.db'), secretBox, evidenceRoot: rootA });
  const b = ControlRoomStore.open({ file: path.join(dir, 'b.db'), secretBox, evidenceRoot: rootB });
  const opts = { pollMs: 500, backoffInitialMs: 200, backoffMaxMs: 2000, batchSize: 200 };
  const syncA = new SyncEngine(a, opts);
  const syncB = new SyncEngine(b, opts);
  try {
    await syncA.configure({ connectionString: server.url, tls: false, enabled: true }, 'bench');
    await syncB.configure({ connectionString: server.url, tls: false, enabled: true }, 'bench');

    const rng = mulberry32(42);
    const review = new ReviewService(a);
    const ids: string[] = [];
    let decisions = 0;
    const stops: Array<{ atSec: number; behindAtStop: number }> = [];
    const faultTimes = [seconds * 0.25, seconds * 0.6];
    const start = performance.now();
    let n = 0;
    let outage: Promise<void> | undefined;
    let burst = 0;
    const write = (count: number) => {
      for (let end = n + count; n < end; n++) {
        const ev = writeSyntheticEvidence(rootA, `f/${n}.mp4`, kb * 1024, 100_000 + n);
        const e = syntheticInfraction(rng, { occurredAt: Date.now(), evidence: [ev] });
        a.infractions.insert([e]);
        ids.push(e.id);
        // Every 5th infraction, decide an earlier one: decisions must survive the faults too.
        if (n % 5 === 4) {
          const id = ids[n - 3];
          review.decide(
            id,
            { action: n % 10 === 4 ? 'validate' : 'reject', reason: 'bench', expectedVersion: 1 },
            { name: 'op' },
          );
          decisions++;
        }
      }
    };
    while (performance.now() - start < seconds * 1000) {
      const elapsed = (performance.now() - start) / 1000;
      write(Math.floor(elapsed * rate) + burst - n);
      if (!outage && faultTimes.length && elapsed >= faultTimes[0]) {
        faultTimes.shift();
        // A burst first, and the stop once its first batch has committed: the server goes down
        // in the middle of pushing a backlog, not while the workstation is idle.
        const pushed = syncA.counters.pushedRows;
        burst += rate * 5;
        write(rate * 5);
        const deadline = performance.now() + 10_000;
        while (syncA.counters.pushedRows === pushed && performance.now() < deadline) {
          await new Promise((r) => setTimeout(r, 2));
        }
        stops.push({ atSec: elapsed, behindAtStop: syncA.status().behind });
        log(`t=${elapsed.toFixed(1)}s stopping PostgreSQL (A behind by ${syncA.status().behind})`);
        outage = (async () => {
          await server.stop();
          await new Promise((r) => setTimeout(r, down * 1000));
          await server.start();
          log(`t=${((performance.now() - start) / 1000).toFixed(1)}s PostgreSQL back`);
        })().finally(() => (outage = undefined));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await outage;
    log(`stream done: ${n} infractions, ${decisions} decisions; waiting for catch-up`);
    const t0 = performance.now();
    await syncA.waitUntilSynced(180_000);
    await syncB.waitUntilSynced(180_000);
    const catchUpSeconds = (performance.now() - t0) / 1000;

    const report = await count(server.url, a, b, rootA, rootB, ids);
    const result = {
      seconds,
      ratePerSec: rate,
      evidenceKb: kb,
      serverStops: stops.length,
      stops,
      syncFailuresA: syncA.counters.failures,
      syncFailuresB: syncB.counters.failures,
      catchUpSeconds,
      decisions,
      ...report,
    };
    const bad =
      Object.values(result.lost).some((v) => v !== 0) ||
      Object.values(result.duplicated).some((v) => v !== 0);
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      log(`written     ${JSON.stringify(result.written)}`);
      log(`synced      ${JSON.stringify(result.synced)}`);
      log(`lost        ${JSON.stringify(result.lost)}`);
      log(`duplicated  ${JSON.stringify(result.duplicated)}`);
      log(
        `server stops ${stops.length}, sync failures A ${result.syncFailuresA} / B ${result.syncFailuresB}, catch-up ${catchUpSeconds.toFixed(1)} s`,
      );
    }
    return bad ? 1 : 0;
  } finally {
    await syncA.stop();
    await syncB.stop();
    a.close();
    b.close();
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function count(
  url: string,
  a: ControlRoomStore,
  b: ControlRoomStore,
  rootA: string,
  rootB: string,
  ids: string[],
) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (text: string, params: unknown[] = []) =>
      Number((await c.query<{ n: string }>(text, params)).rows[0].n);
    const localA = a.db.prepare('SELECT id, status, version FROM infractions').all() as Array<{
      id: string;
      status: string;
      version: number;
    }>;
    const filesA = a.db
      .prepare('SELECT infraction_id, path, sha256 FROM evidence_files')
      .all() as Array<{ infraction_id: string; path: string; sha256: string }>;
    const auditA = (
      a.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE origin = ?').get(a.hostId) as {
        n: number;
      }
    ).n;

    const server = new Map(
      (
        await c.query<{ id: string; status: string; version: number }>(
          'SELECT id, status, version FROM watcher.infractions',
        )
      ).rows.map((r) => [r.id, r]),
    );
    const complete = new Set(
      (
        await c.query<{ sha256: string }>(
          'SELECT sha256 FROM watcher.evidence_blobs WHERE complete',
        )
      ).rows.map((r) => r.sha256),
    );
    const atB = new Map(
      (
        b.db.prepare('SELECT id, status, version FROM infractions').all() as Array<{
          id: string;
          status: string;
          version: number;
        }>
      ).map((r) => [r.id, r]),
    );
    const sha = (file: string) => {
      try {
        return createHash('sha256').update(readFileSync(file)).digest('hex');
      } catch {
        return undefined;
      }
    };
    let filesOnB = 0;
    for (const f of filesA)
      if (sha(path.join(rootB, f.path)) === f.sha256 && sha(path.join(rootA, f.path)) === f.sha256)
        filesOnB++;
    const decidedA = localA.filter((r) => r.status !== 'pending');
    const sameState = (m: Map<string, { status: string; version: number }>) =>
      decidedA.filter((r) => m.get(r.id)?.status === r.status && m.get(r.id)?.version === r.version)
        .length;
    const auditServer = await q('SELECT COUNT(*) AS n FROM watcher.audit WHERE origin = $1', [
      a.hostId,
    ]);
    const auditB = (
      b.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE origin = ?').get(a.hostId) as {
        n: number;
      }
    ).n;

    const written = {
      infractions: localA.length,
      evidenceFiles: filesA.length,
      decisions: decidedA.length,
      auditEntries: auditA,
    };
    const synced = {
      infractionsOnServer: localA.filter((r) => server.has(r.id)).length,
      evidenceFilesOnServer: filesA.filter((f) => complete.has(f.sha256)).length,
      decisionsOnServer: sameState(server),
      auditOnServer: auditServer,
      infractionsOnB: localA.filter((r) => atB.has(r.id)).length,
      evidenceFilesOnB: filesOnB,
      decisionsOnB: sameState(atB),
      auditOnB: auditB,
    };
    const lost = {
      infractions: written.infractions - synced.infractionsOnServer,
      evidenceFiles: written.evidenceFiles - synced.evidenceFilesOnServer,
      decisions: written.decisions - synced.decisionsOnServer,
      audit: written.auditEntries - synced.auditOnServer,
      infractionsAtB: written.infractions - synced.infractionsOnB,
      evidenceFilesAtB: written.evidenceFiles - synced.evidenceFilesOnB,
      decisionsAtB: written.decisions - synced.decisionsOnB,
    };
    const duplicated = {
      // The same infraction (by its content hash) stored under two ids, or twice.
      infractions: await q(
        "SELECT COUNT(*) - COUNT(DISTINCT data->>'hash') AS n FROM watcher.infractions",
      ),
      evidenceChunks: await q(
        `SELECT COALESCE(SUM(n - chunks), 0) AS n FROM (SELECT b.chunks, COUNT(c.idx) AS n FROM watcher.evidence_blobs b
         JOIN watcher.evidence_chunks c ON c.sha256 = b.sha256 GROUP BY b.sha256, b.chunks) x WHERE n > chunks`,
      ),
      audit: await q(
        'SELECT COUNT(*) - COUNT(DISTINCT (origin, origin_seq)) AS n FROM watcher.audit',
      ),
      infractionsAtB: (
        b.db.prepare('SELECT COUNT(*) - COUNT(DISTINCT hash) AS n FROM infractions').get() as {
          n: number;
        }
      ).n,
      auditAtB: (
        b.db
          .prepare(
            "SELECT COUNT(*) - COUNT(DISTINCT origin || ':' || origin_seq) AS n FROM audit_log",
          )
          .get() as { n: number }
      ).n,
    };
    void ids;
    return { written, synced, lost, duplicated };
  } finally {
    await c.end();
  }
}
