import { describe, expect, it } from 'vitest';
import {
  doubles,
  fleetDemoCameras,
  leaseRows,
  NodeApi,
  streamingByNode,
} from '../../../../tools/bench/fleet-cluster';
import type { FleetOverview } from '../../../../electron/shared/api/methods/fleet';
import { useFleetCluster } from '../../../helpers/fleet-cluster';
import { postgresSkipReason } from '../../../helpers/postgres';
import { until } from '../../../helpers/until';

const CAMERAS = fleetDemoCameras(4);
const LEASE_SECONDS = 3;
/** Hang guards only. */
const GUARD_MS = 180_000;
const ADMIN = { username: 'fleetadmin', password: 'Fleet-move-2026!', displayName: 'Fleet admin' };
const OPERATOR = { username: 'operator1', password: 'Operator-move-2026!', displayName: 'Op' };

describe.skipIf(postgresSkipReason)('fleet: the System view API and "move camera to node"', () => {
  const fleet = useFleetCluster(
    {
      nodes: 2,
      cameras: CAMERAS,
      leaseSeconds: LEASE_SECONDS,
      maxCameras: 4,
    },
    GUARD_MS,
  );
  const { apis } = fleet;

  async function signIn(api: NodeApi, who: { username: string; password: string }) {
    const r = await api.call('auth.login', { username: who.username, password: who.password });
    expect(r.ok).toBe(true);
    api.session = r.result.token as string;
  }

  it('lists nodes, leases and failovers; an admin moves a camera, audited, without running it twice', async () => {
    for (let i = 0; i < 2; i++) await fleet.startAndOpen(i);
    const [a, b] = fleet.cluster.hostIds as [string, string];
    await until(
      async () => {
        const s = await streamingByNode(apis);
        return s[0]!.size === 2 && s[1]!.size === 2;
      },
      GUARD_MS,
      'two cameras streaming on each host',
      250,
    );
    const api = apis[0]!;
    // Without a session the fleet is not shown.
    expect((await api.call('fleet.overview')).ok).toBe(false);
    expect((await api.call('auth.createFirstAdmin', ADMIN)).ok).toBe(true);
    await signIn(api, ADMIN);
    // The account reaches B through the shared server; B's wall needs a session from then on.
    await until(
      async () => {
        const r = await apis[1]!.call('auth.login', ADMIN);
        if (r.ok) apis[1]!.session = r.result.token as string;
        return r.ok;
      },
      GUARD_MS,
      'the admin account synced to host B',
      250,
    );
    expect((await api.call('users.create', { ...OPERATOR, role: 'operator' })).ok).toBe(true);

    const first = (await api.call('fleet.overview')).result as FleetOverview;
    expect(first.enabled).toBe(true);
    expect(first.self).toBe(a);
    expect(first.nodes.map((n) => [n.id, n.role, n.alive, n.cameras.length, n.capacity])).toEqual(
      [a, b].sort().map((id) => [id, 'node', true, 2, 4]),
    );
    expect(first.nodes.every((n) => n.load === 0.5 && n.heartbeatAgeSec < LEASE_SECONDS)).toBe(
      true,
    );
    expect(first.leases).toHaveLength(4);
    expect(first.leases.every((l) => l.valid && l.epoch >= 1)).toBe(true);
    expect(first.failovers).toEqual([]);

    const camera = first.leases.find((l) => l.nodeId === b)!.cameraId;

    // An operator may look but not move.
    const opApi = await NodeApi.open(fleet.cluster.nodes[0]!.origin, fleet.cluster.nodes[0]!.token);
    await signIn(opApi, OPERATOR);
    expect((await opApi.call('fleet.overview')).ok).toBe(true);
    const refused = await opApi.call('fleet.moveCamera', { cameraId: camera, nodeId: a });
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('store.error.forbidden');
    opApi.close();
    // Unknown targets are refused with a code the UI translates.
    const unknown = await api.call('fleet.moveCamera', { cameraId: camera, nodeId: 'nobody' });
    expect(unknown.error?.code).toBe('fleet.error.unknownNode');

    const doubled: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        doubled.push(...doubles(await streamingByNode(apis)));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const movedAt = Date.now();
    const moved = await api.call('fleet.moveCamera', { cameraId: camera, nodeId: a });
    expect(moved).toMatchObject({ ok: true, result: { cameraId: camera, nodeId: a } });
    await until(
      async () => {
        const rows = await leaseRows(fleet.pg.url);
        return rows.some((r) => r.camera_id === camera && r.node_id === a && r.valid);
      },
      GUARD_MS,
      'host A holds the moved camera',
      50,
    );
    const leaseMs = Date.now() - movedAt;
    await until(
      async () => {
        const s = await streamingByNode(apis);
        return s[0]!.has(camera) && !s[1]!.has(camera) && s[0]!.size + s[1]!.size === 4;
      },
      GUARD_MS,
      'the moved camera streams on A only, every camera once',
      100,
    );
    console.log(
      `[fleet] move: lease on the target after ${leaseMs} ms, streaming there after ${Date.now() - movedAt} ms (lease ${LEASE_SECONDS} s)`,
    );
    sampling = false;
    await sampler;
    expect(doubled).toEqual([]);

    const after = (await api.call('fleet.overview')).result as FleetOverview;
    expect(after.leases.find((l) => l.cameraId === camera)).toMatchObject({
      nodeId: a,
      valid: true,
      moveTo: a,
    });
    expect(after.failovers).toContainEqual(
      expect.objectContaining({ cameraId: camera, fromNode: b, toNode: a, reason: 'moved' }),
    );
    const audit = await api.call('audit.list', { action: 'fleet.moveCamera' });
    expect(audit.result.entries).toEqual([
      expect.objectContaining({
        actor: ADMIN.username,
        action: 'fleet.moveCamera',
        target: camera,
        details: { nodeId: a },
      }),
    ]);

    // Clearing the move puts the camera back under normal placement; it keeps running once.
    expect((await api.call('fleet.moveCamera', { cameraId: camera, nodeId: null })).ok).toBe(true);
    const cleared = (await api.call('fleet.overview')).result as FleetOverview;
    expect(cleared.leases.find((l) => l.cameraId === camera)?.moveTo).toBeUndefined();
  }, 900_000);
});
