import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPg } from '../postgres/embedded-postgres-server';
import {
  doubles,
  FleetCluster,
  fleetDemoCameras,
  leaseRows,
  NodeApi,
  streamingByNode,
} from './fleet-cluster';

const usage = `watcher bench fleet [--nodes 3] [--cameras 12] [--lease-seconds 10] [--kills 3] [--json]`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADMIN = { username: 'fleetadmin', password: 'Fleet-bench-2026!', displayName: 'Fleet bench' };

/**
 * Fleet failover benchmark on one machine: an embedded PostgreSQL and N real `watcher serve
 * --role node` processes (built bundle) sharing synthetic demo cameras through leases; a third of
 * them raise wrong-way infractions. Each node is killed in turn (SIGKILL of its process group, as
 * a machine loss) and restarted. Sampled every ~100 ms: which node streams which camera.
 *
 *  reassignSeconds  kill → every camera of the victim streaming again elsewhere (p50 / max)
 *  doubleAnalysed   camera-seconds during which a camera streamed on two nodes at once (must be 0)
 *  lostInfractions  infractions announced live by a victim before its kill that never reached
 *                   PostgreSQL once it came back (must be 0)
 *  lease load       steady-state transactions/s and rows/s of the lease rounds on the server
 *                   (from pg_stat_user_tables of watcher.nodes and watcher.camera_leases)
 */
export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        nodes: { type: 'string', default: '3' },
        cameras: { type: 'string', default: '12' },
        'lease-seconds': { type: 'string', default: '10' },
        kills: { type: 'string', default: '3' },
        'load-seconds': { type: 'string', default: '20' },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const nodes = Number(values.nodes);
  const cameraCount = Number(values.cameras);
  const leaseSeconds = Number(values['lease-seconds']);
  const kills = Number(values.kills);
  const loadSeconds = Number(values['load-seconds']);
  if (![nodes, cameraCount, leaseSeconds, kills, loadSeconds].every((n) => n > 0) || nodes < 2) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (!existsSync(path.join(repoRoot, 'out', 'main', 'cli.js'))) {
    process.stderr.write('watcher bench fleet: build first (npx electron-vite build)\n');
    return 2;
  }
  const log = (s: string) => values.json || process.stderr.write(`${s}\n`);
  const cameras = fleetDemoCameras(cameraCount);
  const server = await startEmbeddedPg({ fast: true });
  const cluster = new FleetCluster({
    pgUrl: server.url,
    nodes,
    cameras,
    leaseSeconds,
    maxCameras: cameraCount,
    rulesOn: cameras.filter((_, i) => i % 3 === 0).map((c) => c.id),
  });
  const apis: (NodeApi | undefined)[] = [];
  /** Infractions announced live, by the node that raised them. */
  const announced = new Map<string, { node: number; at: number }>();
  let sampling = true;
  let doubleCameraMs = 0;
  let samples = 0;
  const pgClient = new pg.Client({ connectionString: server.url });
  try {
    await pgClient.connect();
    const open = async (i: number) => {
      const n = cluster.nodes[i]!;
      const api = await NodeApi.open(n.origin, n.token, (topic, payload) => {
        if (topic === 'infraction.created')
          announced.set((payload as { id: string }).id, { node: i, at: Date.now() });
      });
      apis[i] = api;
      return api;
    };
    const signIn = async (i: number) => {
      const api = apis[i]!;
      const deadline = Date.now() + 120_000;
      for (;;) {
        const r = await api.call('auth.login', {
          username: ADMIN.username,
          password: ADMIN.password,
        });
        if (r.ok) {
          api.session = r.result.token as string;
          // The connection takes the session of its latest call: from now on it gets review events.
          await api.call('auth.me');
          return;
        }
        if (Date.now() > deadline) throw new Error(`cannot sign in on node ${i + 1}`);
        await new Promise((res) => setTimeout(res, 250));
      }
    };
    for (let i = 0; i < nodes; i++) {
      await cluster.start(i);
      await open(i);
    }
    const first = await apis[0]!.call('auth.createFirstAdmin', ADMIN);
    if (!first.ok) throw new Error(`createFirstAdmin: ${JSON.stringify(first.error)}`);
    for (let i = 0; i < nodes; i++) await signIn(i);

    const sampler = (async () => {
      let last = Date.now();
      while (sampling) {
        const s = await streamingByNode(apis);
        const now = Date.now();
        doubleCameraMs += doubles(s).length * (now - last);
        last = now;
        samples++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const allOnce = async (live: number[], balanced: boolean) => {
      const s = await streamingByNode(apis);
      if (!cameras.every((c) => live.filter((i) => s[i]!.has(c.id)).length === 1)) return false;
      if (!balanced) return true;
      const share = Math.ceil(cameraCount / live.length);
      return live.every((i) => s[i]!.size <= share);
    };
    const wait = async (cond: () => Promise<boolean>, what: string, guardMs = 300_000) => {
      const start = Date.now();
      while (!(await cond())) {
        if (Date.now() - start > guardMs) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return Date.now() - start;
    };
    const everyone = [...Array(nodes).keys()];
    const settle = await wait(() => allOnce(everyone, true), 'all cameras placed');
    log(`all ${cameraCount} cameras placed on ${nodes} nodes in ${(settle / 1000).toFixed(1)} s`);

    // Steady-state lease load on the server: heartbeats (one per round) and lease rows written.
    const tableWrites = async () => {
      await pgClient.query('SELECT pg_stat_clear_snapshot()');
      const r = await pgClient.query<{ relname: string; w: string }>(
        `SELECT relname, (n_tup_ins + n_tup_upd + n_tup_del)::text AS w FROM pg_stat_user_tables
         WHERE schemaname = 'watcher' AND relname IN ('nodes', 'camera_leases')`,
      );
      const get = (n: string) => Number(r.rows.find((x) => x.relname === n)?.w ?? 0);
      const db = await pgClient.query<{ x: string }>(
        'SELECT xact_commit::text AS x FROM pg_stat_database WHERE datname = current_database()',
      );
      return { rounds: get('nodes'), leaseRows: get('camera_leases'), xact: Number(db.rows[0]!.x) };
    };
    // Statistics reach the views with a delay: force a flush point before and after the window.
    await new Promise((r) => setTimeout(r, 1500));
    const before = await tableWrites();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, loadSeconds * 1000));
    await new Promise((r) => setTimeout(r, 1500));
    const after = await tableWrites();
    const secs = (Date.now() - t0) / 1000;
    const leaseLoad = {
      windowSeconds: Number(secs.toFixed(1)),
      leaseTransactionsPerSec: Number(((after.rounds - before.rounds) / secs).toFixed(2)),
      leaseRowsPerSec: Number(
        ((after.rounds - before.rounds + after.leaseRows - before.leaseRows) / secs).toFixed(2),
      ),
      allTransactionsPerSec: Number(((after.xact - before.xact) / secs).toFixed(2)),
    };
    log(`lease load: ${JSON.stringify(leaseLoad)}`);

    const reassign: number[] = [];
    const leaseMoves: number[] = [];
    const victimsInfractions: string[] = [];
    for (let k = 0; k < kills; k++) {
      const victim = k % nodes;
      const live = everyone.filter((i) => i !== victim);
      apis[victim]?.close();
      apis[victim] = undefined;
      const killedAt = Date.now();
      for (const [id, a] of announced)
        if (a.node === victim && a.at <= killedAt) victimsInfractions.push(id);
      const victimCameras = (await leaseRows(server.url))
        .filter((r) => r.node_id === cluster.hostIds[victim])
        .map((r) => r.camera_id);
      await cluster.kill(victim);
      const moved = wait(async () => {
        const rows = await leaseRows(server.url);
        return victimCameras.every((id) => {
          const r = rows.find((x) => x.camera_id === id);
          return r?.valid === true && r.node_id !== null && r.node_id !== cluster.hostIds[victim];
        });
      }, 'leases taken over');
      const ms = await wait(
        () => allOnce(live, false),
        `failover after killing node ${victim + 1}`,
      );
      reassign.push(ms / 1000);
      leaseMoves.push((await moved) / 1000);
      log(
        `kill ${k + 1}: node ${victim + 1} down, its cameras run elsewhere after ${(ms / 1000).toFixed(2)} s`,
      );
      await cluster.start(victim);
      await open(victim);
      await signIn(victim);
      const back = await wait(() => allOnce(everyone, true), 'rebalance after restart');
      log(`  node ${victim + 1} back, rebalanced in ${(back / 1000).toFixed(1)} s`);
    }
    sampling = false;
    await sampler;

    // Every infraction a victim announced before its kill must be on the server once it is back.
    const missing = async () => {
      const r = await pgClient.query<{ id: string }>(
        'SELECT id::text FROM watcher.infractions WHERE id = ANY($1::uuid[])',
        [victimsInfractions],
      );
      const found = new Set(r.rows.map((x) => x.id));
      return victimsInfractions.filter((id) => !found.has(id));
    };
    let lost = await missing();
    const until = Date.now() + 60_000;
    while (lost.length && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      lost = await missing();
    }
    const total = await pgClient.query<{ n: string; ids: string }>(
      'SELECT count(*)::text AS n, count(DISTINCT id)::text AS ids FROM watcher.infractions',
    );
    const sorted = [...reassign].sort((a, b) => a - b);
    const result = {
      nodes,
      cameras: cameraCount,
      leaseSeconds,
      kills,
      reassignSeconds: {
        p50: Number(sorted[Math.floor((sorted.length - 1) / 2)]!.toFixed(2)),
        max: Number(sorted[sorted.length - 1]!.toFixed(2)),
        all: reassign.map((s) => Number(s.toFixed(2))),
      },
      /** Kill → the victim's leases held by live nodes (before their cameras stream again). */
      leaseTakeoverSeconds: leaseMoves.map((s) => Number(s.toFixed(2))),
      doubleAnalysed: Number((doubleCameraMs / 1000).toFixed(2)),
      samples,
      infractionsAnnounced: announced.size,
      infractionsBeforeKills: victimsInfractions.length,
      infractionsOnServer: Number(total.rows[0]!.n),
      lostInfractions: lost.length,
      leaseLoad,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(
        [
          `fleet: ${nodes} nodes, ${cameraCount} cameras, lease ${leaseSeconds} s, ${kills} kills`,
          `  reassignSeconds   p50 ${result.reassignSeconds.p50}  max ${result.reassignSeconds.max}  (${result.reassignSeconds.all.join(', ')})`,
          `  lease takeover    ${result.leaseTakeoverSeconds.join(', ')} s (kill → leases held by live nodes)`,
          `  doubleAnalysed    ${result.doubleAnalysed} camera-seconds over ${samples} samples`,
          `  lostInfractions   ${result.lostInfractions} of ${victimsInfractions.length} raised by victims before their kill (${announced.size} announced, ${result.infractionsOnServer} on the server)`,
          `  lease load        ${leaseLoad.leaseTransactionsPerSec} transactions/s, ${leaseLoad.leaseRowsPerSec} rows/s (all server transactions ${leaseLoad.allTransactionsPerSec}/s, sync included)`,
          '',
        ].join('\n'),
      );
    }
    return result.doubleAnalysed === 0 && result.lostInfractions === 0 ? 0 : 1;
  } finally {
    sampling = false;
    for (const a of apis) a?.close();
    await pgClient.end().catch(() => {});
    await cluster.stopAll().catch(() => {});
    cluster.dispose();
    await server.dispose();
  }
}
