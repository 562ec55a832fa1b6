import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LeaseManager } from '../../../../electron/host/fleet/lease-manager';
import type { FleetCamera } from '../../../../electron/host/fleet/lease-rules';
import type { LeaseStamp } from '../../../../electron/shared/domain/fleet';
import {
  postgresSkipReason,
  startPostgres,
  type EmbeddedPgServer,
} from '../../../helpers/postgres';
import { until } from '../../../helpers/until';

const LEASE_MS = 2000;
const one = (): FleetCamera[] => [{ id: 'cam-1' }];

describe.skipIf(postgresSkipReason)('fleet fencing in the shared store', () => {
  let server: EmbeddedPgServer;
  const managers: LeaseManager[] = [];

  async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []) {
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    try {
      return (await c.query<T>(text, params)).rows;
    } finally {
      await c.end();
    }
  }

  function manager(nodeId: string, url: () => string = () => server.url): LeaseManager {
    const m = new LeaseManager({
      nodeId,
      role: 'node',
      capacity: 10,
      provider: 'cpu',
      leaseMs: LEASE_MS,
      clientConfig: () => ({ connectionString: url(), application_name: `lease-${nodeId}` }),
      address: () => undefined,
      cameras: one,
    });
    managers.push(m);
    return m;
  }

  /** What a node's outbox push writes for a new infraction (see sync/outbox-push.ts). */
  async function pushInfraction(origin: string, lease: LeaseStamp | undefined): Promise<string> {
    const id = randomUUID();
    await sql(
      `INSERT INTO watcher.infractions (id, version, change_id, origin, pushed_by, status, occurred_at, updated_at, data, seq)
       VALUES ($1, 1, $2, $3, $3, 'pending', 0, 0, $4, nextval('watcher.change_seq'))`,
      [id, randomUUID(), origin, JSON.stringify({ id, cameraId: 'cam-1', origin, lease })],
    );
    return id;
  }

  async function pushAlarm(origin: string, lease: LeaseStamp): Promise<string> {
    const id = randomUUID();
    await sql(
      `INSERT INTO watcher.alarms (id, version, change_id, origin, pushed_by, state, last_at, updated_at, data, seq)
       VALUES ($1, 1, $2, $3, $3, 'new', 0, 0, $4, nextval('watcher.change_seq'))`,
      [
        id,
        randomUUID(),
        origin,
        JSON.stringify({
          id,
          cameraId: 'cam-1',
          source: { kind: 'event', type: 'speed', ruleId: 'r', infractionId: 'x', lease },
        }),
      ],
    );
    return id;
  }

  const stored = async (table: string, id: string) =>
    (await sql(`SELECT 1 FROM watcher.${table} WHERE id = $1`, [id])).length === 1;

  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
  });
  afterEach(async () => {
    while (managers.length) await managers.pop()!.stop();
    await sql('DROP SCHEMA IF EXISTS watcher CASCADE');
  });

  it('stamps writes with the lease, stops stamping once it is lost, and refuses stale stamps', async () => {
    let aUrl = server.url;
    const a = manager('node-a', () => aUrl);
    a.start();
    await until(() => a.active().includes('cam-1'), 30_000, 'A holds the camera');
    const early = a.stamp('cam-1');
    expect(early).toMatchObject({ node: 'node-a', epoch: 1 });
    expect(await stored('infractions', await pushInfraction('node-a', early))).toBe(true);

    // A is cut off (as a paused process would be): B takes the camera once A's lease expired.
    const b = manager('node-b');
    b.start();
    aUrl = 'postgres://nobody@127.0.0.1:1/none';
    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lease-node-a'`,
    );
    await until(() => b.active().includes('cam-1'), 30_000, 'B takes the camera');
    // A's own fence: no stamp, so the host writes nothing more for the camera.
    expect(a.stamp('cam-1')).toBeUndefined();
    expect(b.stamp('cam-1')).toMatchObject({ node: 'node-b', epoch: 2 });

    const history = await sql<{ epoch: string; node_id: string; ended_by: string | null }>(
      `SELECT epoch::text, node_id, ended_by FROM watcher.lease_epochs
       WHERE camera_id = 'cam-1' ORDER BY epoch`,
    );
    expect(history).toEqual([
      { epoch: '1', node_id: 'node-a', ended_by: 'expired' },
      { epoch: '2', node_id: 'node-b', ended_by: null },
    ]);

    // A late outbox push of what A raised while it held the lease still goes in.
    expect(await stored('infractions', await pushInfraction('node-a', early))).toBe(true);
    // What a resumed A would write under its old epoch after it ended is refused and recorded.
    const late = { ...early!, at: early!.at + 10 * LEASE_MS };
    const staleId = await pushInfraction('node-a', late);
    expect(await stored('infractions', staleId)).toBe(false);
    // So is an epoch A never held, and an alarm stamped like the stale infraction.
    const wrongId = await pushInfraction('node-a', { ...early!, epoch: 2 });
    expect(await stored('infractions', wrongId)).toBe(false);
    const alarmId = await pushAlarm('node-a', late);
    expect(await stored('alarms', alarmId)).toBe(false);
    // The current holder's writes and unstamped ones (no fleet) go in.
    expect(await stored('infractions', await pushInfraction('node-b', b.stamp('cam-1')))).toBe(
      true,
    );
    expect(await stored('infractions', await pushInfraction('solo', undefined))).toBe(true);

    const fenced = await sql<{ kind: string; record_id: string; reason: string; epoch: string }>(
      `SELECT kind, record_id, reason, epoch::text FROM watcher.fenced_writes ORDER BY id`,
    );
    expect(fenced).toEqual([
      { kind: 'infraction', record_id: staleId, reason: 'after-lease', epoch: '1' },
      { kind: 'infraction', record_id: wrongId, reason: 'not-holder', epoch: '2' },
      { kind: 'alarm', record_id: alarmId, reason: 'after-lease', epoch: '1' },
    ]);
  }, 120_000);

  it('a node that stops hands its leases back and closes their epochs as released', async () => {
    const a = manager('node-a');
    a.start();
    await until(() => a.active().includes('cam-1'), 30_000, 'A holds the camera');
    await managers.pop()!.stop();
    const history = await sql<{ ended_by: string | null; ended: boolean }>(
      `SELECT ended_by, ended_at IS NOT NULL AS ended FROM watcher.lease_epochs WHERE camera_id = 'cam-1'`,
    );
    expect(history).toEqual([{ ended_by: 'released', ended: true }]);
  }, 60_000);
});
