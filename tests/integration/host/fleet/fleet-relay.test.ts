import pg from 'pg';
import WebSocket from 'ws';
import { decodeServerMessage } from '../../../../electron/shared/api/wire-codec';
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
const GUARD_MS = 180_000;
const ADMIN = { username: 'fleetadmin', password: 'Fleet-relay-2026!', displayName: 'Fleet admin' };

describe.skipIf(postgresSkipReason)('fleet relay: any camera on any wall', () => {
  const closers: Array<() => void> = [];

  const fleet = useFleetCluster(
    {
      nodes: 2,
      cameras: CAMERAS,
      leaseSeconds: 3,
      maxCameras: 2,
    },
    GUARD_MS,
    () => {
      for (const c of closers) c();
    },
  );

  it("a camera analysed on host A streams its previews and detections on host B's wall, for sessions that may see it", async () => {
    const [a, b] = [await fleet.cluster.start(0), await fleet.cluster.start(1)];
    const apiA = await NodeApi.open(a.origin, a.token);
    closers.push(() => apiA.close());
    expect((await apiA.call('auth.createFirstAdmin', ADMIN)).ok).toBe(true);
    const login = await apiA.call('auth.login', ADMIN);
    apiA.session = login.result.token as string;

    // B's wall: a signed-in admin, and a connection holding only B's access token.
    const seen = new Map<string, { previews: number; detections: number }>();
    const anonymous = { previews: 0 };
    const wall = await NodeApi.open(b.origin, b.token, (topic, payload) => {
      const id = (payload as { cameraId: string }).cameraId;
      const s = seen.get(id) ?? { previews: 0, detections: 0 };
      if (topic === 'camera.preview') s.previews++;
      if (topic === 'camera.detections') s.detections++;
      seen.set(id, s);
    });
    closers.push(() => wall.close());
    await until(
      async () => {
        const r = await wall.call('auth.login', ADMIN);
        if (r.ok) wall.session = r.result.token as string;
        return r.ok;
      },
      GUARD_MS,
      'the admin account synced to host B',
      250,
    );
    await wall.call('auth.me');
    // Previews are binary frames (JPEG), which NodeApi skips: a raw socket on the same session.
    const raw = new WebSocket(`${b.origin.replace('http', 'ws')}/api?token=${b.token}`);
    closers.push(() => raw.close());
    await new Promise((r) => raw.once('open', r));
    raw.on('message', (data, isBinary) => {
      if (!isBinary) return;
      const m = decodeServerMessage(new Uint8Array(data as Buffer)) as
        { topic: string; payload: { cameraId: string; jpeg: Uint8Array } } | undefined;
      if (m?.topic !== 'camera.preview' || !m.payload.jpeg.length) return;
      const s = seen.get(m.payload.cameraId) ?? { previews: 0, detections: 0 };
      s.previews++;
      seen.set(m.payload.cameraId, s);
    });
    raw.send(
      JSON.stringify({
        kind: 'request',
        id: 1,
        method: 'auth.me',
        params: {},
        session: wall.session,
      }),
    );
    const stranger = await NodeApi.open(b.origin, b.token, (topic) => {
      if (topic.startsWith('camera.')) anonymous.previews++;
    });
    closers.push(() => stranger.close());

    await until(
      async () => {
        const s = await streamingByNode([apiA, undefined]);
        const rows = await leaseRows(fleet.pg.url);
        const held = (id: string) => rows.filter((r) => r.valid && r.node_id === id).length;
        return s[0]!.size === 1 && held(a.hostId) === 1 && held(b.hostId) === 1;
      },
      GUARD_MS,
      'one camera on each host',
      250,
    );
    const rows = await leaseRows(fleet.pg.url);
    const onA = rows.find((r) => r.node_id === a.hostId)!.camera_id;
    const onB = rows.find((r) => r.node_id === b.hostId)!.camera_id;

    // B lists every camera of the fleet; A's one arrives through B, live.
    const listed = await wall.call('cameras.list');
    expect((listed.result as Array<{ id: string }>).map((c) => c.id).sort()).toEqual(
      CAMERAS.map((c) => c.id).sort(),
    );
    await until(
      () =>
        (seen.get(onA)?.previews ?? 0) >= 5 &&
        (seen.get(onA)?.detections ?? 0) >= 5 &&
        (seen.get(onB)?.previews ?? 0) >= 1,
      GUARD_MS,
      "five previews of A's camera on B's wall",
      100,
    );
    console.log(
      `[fleet] relay: B's wall got ${JSON.stringify(Object.fromEntries(seen))} (A holds ${onA})`,
    );
    // B's wall names the node that analyses A's camera.
    await until(
      async () => {
        const statuses = (await wall.call('cameras.statuses')).result as Array<{
          cameraId: string;
          ownerNode?: string;
          reasonCode?: string;
        }>;
        const st = statuses.find((x) => x.cameraId === onA);
        return st?.reasonCode === 'fleet.camera.elsewhere' && st.ownerNode === a.hostId;
      },
      GUARD_MS,
      "B's status of A's camera naming node A",
      250,
    );
    // A connection without a session gets no live camera events once accounts exist, relayed or local.
    expect(anonymous.previews).toBe(0);

    // The relay endpoint takes only fleet tokens: B's access token or a made-up token is refused.
    for (const headers of [
      { authorization: `Bearer ${b.token}`, 'x-watcher-node': b.hostId },
      { authorization: 'Bearer not-a-fleet-token', 'x-watcher-node': b.hostId },
      {},
    ]) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${a.origin.replace('http', 'ws')}/fleet/relay`, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', () => resolve(-1));
      });
      expect(status).toBe(401);
    }
    // PostgreSQL holds only the tokens' hashes.
    const c = new pg.Client({ connectionString: fleet.pg.url });
    await c.connect();
    const tokens = (
      await c.query<{ node_id: string; token_hash: string }>(
        'SELECT node_id, token_hash FROM watcher.fleet_tokens ORDER BY node_id',
      )
    ).rows;
    await c.end();
    expect(tokens.map((t) => t.node_id)).toEqual([a.hostId, b.hostId].sort());
    expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.token_hash))).toBe(true);
  }, 900_000);
});
