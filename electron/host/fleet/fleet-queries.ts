import type pg from 'pg';
import { CodedError } from '../../shared/coded-error';
import type {
  FleetFailover,
  FleetLease,
  FleetNode,
  FleetOverview,
} from '../../shared/api/methods/fleet';
import type { FleetCamera } from './lease-rules';

/** How many ended leases (failovers, moves) the System view lists. */
const RECENT_FAILOVERS = 50;

/** The fleet as the shared server sees it now: nodes, leases, recent failovers and moves. */
export async function readFleetOverview(
  client: pg.Client,
  self: string,
  leaseSec: number,
): Promise<FleetOverview> {
  const nodes = await client.query<{
    id: string;
    role: string;
    address: string | null;
    provider: string;
    capacity: number;
    age: number;
  }>(
    `SELECT id, role, address, provider, capacity,
            extract(epoch FROM now() - heartbeat_at)::float8 AS age
     FROM watcher.nodes ORDER BY id`,
  );
  const leases = await client.query<{
    camera_id: string;
    node_id: string | null;
    expires_in: number | null;
    valid: boolean;
    epoch: string;
    move_to: string | null;
  }>(
    `SELECT l.camera_id, l.node_id, extract(epoch FROM l.expires_at - now())::float8 AS expires_in,
            COALESCE(l.expires_at > now(), false) AS valid, l.epoch::text, m.target_node AS move_to
     FROM watcher.camera_leases l LEFT JOIN watcher.camera_moves m ON m.camera_id = l.camera_id
     ORDER BY l.camera_id`,
  );
  const ended = await client.query<{
    camera_id: string;
    node_id: string;
    ended_by: 'expired' | 'moved';
    at: number;
    epoch: string;
    to_node: string | null;
  }>(
    `SELECT e.camera_id, e.node_id, e.ended_by, (extract(epoch FROM e.ended_at) * 1000)::float8 AS at,
            e.epoch::text, n.node_id AS to_node
     FROM watcher.lease_epochs e
     LEFT JOIN watcher.lease_epochs n ON n.camera_id = e.camera_id AND n.epoch = e.epoch + 1
     WHERE e.ended_by IN ('expired', 'moved')
     ORDER BY e.ended_at DESC LIMIT $1`,
    [RECENT_FAILOVERS],
  );
  const held = new Map<string, string[]>();
  for (const l of leases.rows)
    if (l.valid && l.node_id) held.set(l.node_id, [...(held.get(l.node_id) ?? []), l.camera_id]);
  return {
    enabled: true,
    self,
    leaseSeconds: leaseSec,
    nodes: nodes.rows.map((n): FleetNode => {
      const cameras = held.get(n.id) ?? [];
      return {
        id: n.id,
        role: n.role,
        address: n.address ?? undefined,
        provider: n.provider,
        capacity: n.capacity,
        heartbeatAgeSec: Math.max(0, Number(n.age)),
        alive: Number(n.age) <= leaseSec,
        cameras,
        load: n.capacity > 0 ? cameras.length / n.capacity : 0,
        self: n.id === self,
      };
    }),
    leases: leases.rows.map((l): FleetLease => ({
      cameraId: l.camera_id,
      nodeId: l.node_id ?? undefined,
      expiresInSec: l.expires_in === null ? undefined : Number(l.expires_in),
      valid: l.valid,
      epoch: Number(l.epoch),
      moveTo: l.move_to ?? undefined,
    })),
    failovers: ended.rows.map((e): FleetFailover => ({
      cameraId: e.camera_id,
      fromNode: e.node_id,
      toNode: e.to_node ?? undefined,
      reason: e.ended_by,
      at: Math.round(Number(e.at)),
      epoch: Number(e.epoch),
    })),
  };
}

/** Records (or clears, with null) a "move camera to node"; the target must be a registered node. */
export async function saveCameraMove(
  client: pg.Client,
  cameraId: string,
  nodeId: string | null,
  by: string,
): Promise<void> {
  if (nodeId === null) {
    await client.query('DELETE FROM watcher.camera_moves WHERE camera_id = $1', [cameraId]);
    return;
  }
  const known = await client.query('SELECT 1 FROM watcher.nodes WHERE id = $1', [nodeId]);
  if (!known.rowCount)
    throw new CodedError('fleet.error.unknownNode', `no node "${nodeId}" in the fleet`, {
      node: nodeId,
    });
  await client.query(
    `INSERT INTO watcher.camera_moves (camera_id, target_node, requested_by, requested_at)
     VALUES ($1, $2, $3, now())
     ON CONFLICT (camera_id) DO UPDATE SET target_node = excluded.target_node,
       requested_by = excluded.requested_by, requested_at = excluded.requested_at`,
    [cameraId, nodeId, by],
  );
}

/** Standing moves override a camera's pinned node (the lease rules then move it). */
export async function applyCameraMoves(
  client: pg.Client,
  cameras: FleetCamera[],
): Promise<FleetCamera[]> {
  const moves = await client.query<{ camera_id: string; target_node: string }>(
    'SELECT camera_id, target_node FROM watcher.camera_moves',
  );
  if (!moves.rowCount) return cameras;
  const to = new Map(moves.rows.map((m) => [m.camera_id, m.target_node]));
  return cameras.map((c) => (to.has(c.id) ? { ...c, pinnedNode: to.get(c.id) } : c));
}
