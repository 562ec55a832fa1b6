import { describe, expect, it } from 'vitest';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { TrackHistoryRepo } from '../../../../electron/host/store/track-history';
import { MAX_TRACK_ROWS_PER_PUSH } from '../../../../electron/host/sync/track-sync';
import { postgresSkipReason } from '../../../helpers/postgres';
import { useSyncCluster } from './hosts';

const { host, sql } = useSyncCluster();

function track(i: number): FinishedTrack {
  return {
    cameraId: i % 2 ? 'gate' : 'yard',
    trackId: i,
    classLabel: i % 3 ? 'car' : 'person',
    firstSeen: Date.UTC(2026, 0, 1) + i * 1000,
    lastSeen: Date.UTC(2026, 0, 1) + i * 1000 + 500,
    frames: 5,
    path: [
      [0.1, 0.2],
      [0.3, 0.4],
    ],
    zones: [{ zoneId: 'z', enterTs: 1, exitTs: 2, dwellMs: 1 }],
    lines: [],
  };
}

describe.skipIf(!!postgresSkipReason)('track history on the shared server', () => {
  it('reaches PostgreSQL batch by batch, a backlog over several pushes, nothing twice', async () => {
    const a = await host();
    const repo = new TrackHistoryRepo(a.store);
    // More than one push holds: the rest is deferred to the next push of the same drain.
    const total = MAX_TRACK_ROWS_PER_PUSH + 2500;
    for (let i = 0; i < total; i += 2500)
      repo.insert(Array.from({ length: 2500 }, (_, k) => track(i + k)));
    await a.sync.waitUntilSynced();
    const rows = await sql<{ n: string; origins: string }>(
      'SELECT count(*) AS n, count(DISTINCT origin) AS origins FROM watcher.track_history',
    );
    expect(rows[0]).toEqual({ n: String(total), origins: '1' });
    const [one] = await sql<{ camera_id: string; class_label: string; data: FinishedTrack }>(
      'SELECT camera_id, class_label, data FROM watcher.track_history WHERE origin = $1 AND local_id = 4',
      [a.store.hostId],
    );
    expect(one.camera_id).toBe('gate');
    expect(one.data).toMatchObject({ trackId: 3, classLabel: 'person', zones: track(3).zones });
    const left = a.store.db
      .prepare("SELECT count(*) AS n FROM sync_outbox WHERE entity = 'track_batch'")
      .get();
    expect(left).toEqual({ n: 0 });
  });

  it('carries the appearance embedding of a track, so other workstations can compare against it', async () => {
    const a = await host();
    const repo = new TrackHistoryRepo(a.store);
    const vector = Array.from({ length: 8 }, (_, i) => (i % 2 ? 0.5 : -0.5));
    repo.insert([
      { ...track(1), appearance: { model: 'reid-test', vector, ts: 1, cropJpeg: 'Y3JvcA==' } },
      track(2),
    ]);
    await a.sync.waitUntilSynced();
    const rows = await sql<{
      local_id: string;
      data: { embedding?: { model: string; dims: number; vector: string } };
    }>(
      'SELECT local_id::text, data FROM watcher.track_history WHERE origin = $1 ORDER BY local_id',
      [a.store.hostId],
    );
    expect(rows).toHaveLength(2);
    const e = rows[0].data.embedding!;
    expect(e).toMatchObject({ model: 'reid-test', dims: 8 });
    const bytes = Buffer.from(e.vector, 'base64');
    const back = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    expect(back).toEqual(vector);
    // The crop stays on the workstation; a track without an embedding carries none.
    expect(JSON.stringify(rows[0].data)).not.toContain('Y3JvcA');
    expect(rows[1].data.embedding).toBeUndefined();
  });
});
