import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LeaseManager } from '../../../../electron/host/fleet/lease-manager';
import type { FleetCamera } from '../../../../electron/host/fleet/lease-rules';
import {
  postgresSkipReason,
  startPostgres,
  type EmbeddedPgServer,
} from '../../../helpers/postgres';
import { until } from '../../../helpers/until';

const cameras = (n: number): FleetCamera[] =>
  Array.from({ length: n }, (_, i) => ({ id: `cam-${i + 1}` }));

describe.skipIf(postgresSkipReason)('lease manager on a real PostgreSQL', () => {
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

  function manager(
    nodeId: string,
    list: () => FleetCamera[],
    opts: { url?: () => string; capacity?: number; leaseMs?: number } = {},
  ): LeaseManager {
    const m = new LeaseManager({
      nodeId,
      role: 'node',
      capacity: opts.capacity ?? 10,
      provider: 'cpu',
      leaseMs: opts.leaseMs ?? 2000,
      clientConfig: () => ({
        connectionString: opts.url?.() ?? server.url,
        application_name: `lease-${nodeId}`,
      }),
      address: () => `http://${nodeId}.local:7400/`,
      cameras: list,
    });
    managers.push(m);
    return m;
  }

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

  it('registers the node on the server clock and splits cameras by capacity', async () => {
    const a = manager('node-a', () => cameras(9), { capacity: 2 });
    const b = manager('node-b', () => cameras(9), { capacity: 4 });
    a.start();
    b.start();
    await until(() => a.active().length + b.active().length === 6, 30_000, 'both at capacity');
    expect(a.active()).toHaveLength(2);
    expect(b.active()).toHaveLength(4);
    expect(a.active().filter((id) => b.active().includes(id))).toEqual([]);
    const nodes = await sql<{ id: string; address: string; capacity: number; fresh: boolean }>(
      `SELECT id, address, capacity, heartbeat_at > now() - interval '5 seconds' AS fresh
       FROM watcher.nodes ORDER BY id`,
    );
    expect(nodes).toEqual([
      { id: 'node-a', address: 'http://node-a.local:7400/', capacity: 2, fresh: true },
      { id: 'node-b', address: 'http://node-b.local:7400/', capacity: 4, fresh: true },
    ]);
  });

  it('a node cut off from PostgreSQL stops its cameras before another may take them', async () => {
    let aUrl = server.url;
    const a = manager('node-a', () => cameras(3), { url: () => aUrl });
    a.start();
    await until(() => a.active().length === 3, 30_000, 'node A holds every camera');
    const b = manager('node-b', () => cameras(3), { capacity: 1 });
    b.start();
    await until(async () => (await sql('SELECT 1 FROM watcher.nodes')).length === 2, 30_000, 'B');

    // Partition A: its connection drops and it cannot reconnect.
    aUrl = `postgres://nobody@127.0.0.1:1/none`;
    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lease-node-a'`,
    );
    let aStoppedAt: number | undefined;
    let bTookAt: number | undefined;
    await until(
      () => {
        const now = performance.now();
        if (aStoppedAt === undefined && a.active().length === 0) aStoppedAt = now;
        if (bTookAt === undefined && b.active().length > 0) bTookAt = now;
        return bTookAt !== undefined;
      },
      30_000,
      'B takes over after expiry',
      10,
    );
    expect(aStoppedAt).toBeDefined();
    expect(aStoppedAt!).toBeLessThan(bTookAt!);
    // B took at most its capacity; the rest wait for a node with room.
    expect(b.active()).toHaveLength(1);
  });

  it('rebalances without a camera held twice, and a pinned camera goes to its node', async () => {
    const list = () => [...cameras(4), { id: 'pinned', pinnedNode: 'node-b' }];
    const a = manager('node-a', list);
    a.start();
    await until(() => a.active().length === 5, 30_000, 'A holds all five');
    const b = manager('node-b', list);
    const overlaps: string[] = [];
    const timer = setInterval(() => {
      for (const id of a.active()) if (b.active().includes(id)) overlaps.push(id);
    }, 5);
    b.start();
    // Shares are ceil(5 × 10 / 20) = 3 each: B gets its pinned camera, A gives up what exceeds 3.
    await until(
      () =>
        a.active().length + b.active().length === 5 &&
        b.active().includes('pinned') &&
        a.active().length <= 3 &&
        b.active().length <= 3,
      30_000,
      'the pinned camera on B, at most three on each',
    );
    clearInterval(timer);
    expect(b.active()).toContain('pinned');
    expect(overlaps).toEqual([]);
    const epochs = await sql<{ epoch: string }>(
      `SELECT epoch::text FROM watcher.camera_leases WHERE camera_id = 'pinned'`,
    );
    expect(Number(epochs[0]!.epoch)).toBe(2);
  });
});
