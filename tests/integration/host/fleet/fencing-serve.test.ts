import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  fleetDemoCameras,
  leaseRows,
  NodeApi,
  streamingByNode,
} from '../../../../tools/bench/fleet-cluster';
import { useFleetCluster } from '../../../helpers/fleet-cluster';
import { postgresSkipReason } from '../../../helpers/postgres';
import { until } from '../../../helpers/until';

const CAMERAS = fleetDemoCameras(2);
const LEASE_SECONDS = 3;
/** Hang guards only. */
const GUARD_MS = 240_000;

interface PgInfraction {
  id: string;
  origin: string;
  occurred_at: string;
  lease: { node: string; epoch: number; at: number } | null;
}

describe.skipIf(postgresSkipReason)(
  'fleet fencing: a host paused past its lease does not write for the camera it lost',
  () => {
    // Host A may be left paused by a failed run: resume it so its process group can be stopped.
    const fleet = useFleetCluster(
      {
        nodes: 2,
        cameras: CAMERAS,
        leaseSeconds: LEASE_SECONDS,
        maxCameras: 2,
        rulesOn: CAMERAS.map((c) => c.id),
      },
      GUARD_MS,
      (cluster) => cluster.resume(0),
    );
    const { apis } = fleet;

    async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []) {
      const c = new pg.Client({ connectionString: fleet.pg.url });
      await c.connect();
      try {
        return (await c.query<T>(text, params)).rows;
      } catch {
        return [] as T[];
      } finally {
        await c.end();
      }
    }

    const infractionsOn = (cameraId: string) =>
      sql<PgInfraction>(
        `SELECT id::text, origin, occurred_at::text, data->'lease' AS lease
         FROM watcher.infractions WHERE data->>'cameraId' = $1 ORDER BY occurred_at`,
        [cameraId],
      );

    /** Outbox rows still waiting on a host (read beside the running host: WAL allows it). */
    function outboxDepth(i: number): number {
      const db = new Database(path.join(fleet.cluster.dataDirs[i]!, 'watcher.db'), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        return (db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
      } finally {
        db.close();
      }
    }

    it('SIGSTOP past the lease, SIGCONT: the other host took over, the resumed one writes nothing for it', async () => {
      for (let i = 0; i < 2; i++) await fleet.startAndOpen(i);
      const { cluster } = fleet;
      const [a, b] = cluster.hostIds as [string, string];
      // One camera each, both streaming.
      await until(
        async () => {
          const s = await streamingByNode(apis);
          return s[0]!.size === 1 && s[1]!.size === 1;
        },
        GUARD_MS,
        'one camera streaming on each host',
        250,
      );
      const camera = [...(await streamingByNode(apis))[0]!][0]!;
      // A raises (and pushes) at least one infraction on it under its lease.
      await until(
        async () => (await infractionsOn(camera)).some((r) => r.origin === a),
        GUARD_MS,
        'an infraction from host A on its camera',
        250,
      );

      // Host A freezes (its workers keep analysing and queue what they raise).
      apis[0]?.close();
      apis[0] = undefined;
      cluster.pause(0);
      await until(
        async () =>
          (await leaseRows(fleet.pg.url)).some(
            (r) => r.camera_id === camera && r.node_id === b && r.valid,
          ),
        GUARD_MS,
        'host B takes the lease of the frozen host',
        100,
      );
      // Two infractions from B on the camera: A's workers ran through at least one whole demo loop
      // (one wrong-way crossing each) meanwhile, so A has queued what would be a double write.
      await until(
        async () => (await infractionsOn(camera)).filter((r) => r.origin === b).length >= 2,
        GUARD_MS,
        'two infractions from host B on the camera it took over',
        250,
      );
      const takenOver = await sql<{ epoch: string; started_ms: string }>(
        `SELECT epoch::text, (extract(epoch FROM started_at) * 1000)::bigint::text AS started_ms
         FROM watcher.lease_epochs WHERE camera_id = $1 AND node_id = $2 ORDER BY epoch DESC LIMIT 1`,
        [camera, b],
      );
      const bStart = Number(takenOver[0]!.started_ms);

      cluster.resume(0);
      const n0 = cluster.nodes[0]!;
      await until(
        () => n0.output().includes('infraction fenced'),
        GUARD_MS,
        'the resumed host drops what its workers raised without the lease',
        100,
      );
      apis[0] = await NodeApi.open(n0.origin, n0.token);
      await until(
        async () => {
          const s = await streamingByNode(apis);
          return !s[0]!.has(camera) && s[1]!.has(camera);
        },
        GUARD_MS,
        'the camera runs on B only',
        250,
      );
      await until(() => outboxDepth(0) === 0, GUARD_MS, 'host A pushed its outbox', 250);

      const rows = await infractionsOn(camera);
      const fromA = rows.filter((r) => r.origin === a);
      // Nothing A's workers raised after B took the camera reached the shared store…
      expect(fromA.filter((r) => Number(r.occurred_at) >= bStart)).toEqual([]);
      // …and every infraction there carries the lease it was raised under, a valid one.
      const epochs = await sql<{ epoch: string; node_id: string; ended_ms: string | null }>(
        `SELECT epoch::text, node_id, (extract(epoch FROM ended_at) * 1000)::bigint::text AS ended_ms
         FROM watcher.lease_epochs WHERE camera_id = $1`,
        [camera],
      );
      for (const r of rows) {
        expect(r.lease?.node).toBe(r.origin);
        const e = epochs.find((x) => Number(x.epoch) === r.lease!.epoch);
        expect(e?.node_id).toBe(r.origin);
        if (e?.ended_ms) expect(r.lease!.at).toBeLessThanOrEqual(Number(e.ended_ms));
      }
      console.log(
        `[fleet] fencing: ${fromA.length} infraction(s) from A before the pause, ${rows.length - fromA.length} from B; ` +
          `${(n0.output().match(/infraction fenced/g) ?? []).length} dropped by A on resume; ` +
          `${(await sql('SELECT 1 FROM watcher.fenced_writes')).length} refused by the store`,
      );
    }, 900_000);
  },
);
