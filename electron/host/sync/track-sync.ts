import type pg from 'pg';
import { TrackHistoryRepo, type StoredTrack } from '../store/track-history';
import type { OutboxRow, SyncContext } from './sync-context';

/**
 * Finished tracks on the shared server, each with its appearance embedding when it has one (so a
 * search by appearance can reach tracks of every workstation). The outbox holds one `track_batch` row per written batch
 * (key `firstId-lastId`), not one per track; a push sends at most MAX_ROWS tracks and leaves the
 * other batches for the next push. Rows are append-only, keyed by (origin, local id), so a
 * retried push inserts nothing twice.
 */
export const MAX_TRACK_ROWS_PER_PUSH = 10_000;

export interface TrackPushRows {
  /** With the appearance embedding a row references, when there is one (see pushTrackRows). */
  rows: (StoredTrack & { embedding?: { model: string; dims: number; vector: string } })[];
  /** Batches left for a later push (not acknowledged with this one). */
  deferred: Set<number>;
}

export function collectTrackRows(ctx: SyncContext, entries: OutboxRow[]): TrackPushRows {
  const out: TrackPushRows = { rows: [], deferred: new Set() };
  let repo: TrackHistoryRepo | undefined;
  for (const e of entries) {
    if (e.entity !== 'track_batch') continue;
    if (out.rows.length >= MAX_TRACK_ROWS_PER_PUSH) {
      out.deferred.add(e.seq);
      continue;
    }
    const m = /^(\d+)-(\d+)$/.exec(e.key);
    if (!m) continue; // malformed: acknowledged, nothing to send
    repo ??= new TrackHistoryRepo(ctx.store);
    // Rows already pruned locally are simply not there any more.
    for (const t of repo.range(Number(m[1]), Number(m[2]), MAX_TRACK_ROWS_PER_PUSH * 2)) {
      const embedding = t.embeddingRef ? repo.embeddings.forSync(t.embeddingRef) : undefined;
      out.rows.push(embedding ? { ...t, embedding } : t);
    }
  }
  return out;
}

/** Inside the push's server transaction. */
export async function pushTrackRows(
  ctx: SyncContext,
  client: pg.Client,
  rows: TrackPushRows,
): Promise<void> {
  for (let i = 0; i < rows.rows.length; i += 2000) {
    const chunk = rows.rows.slice(i, i + 2000);
    await client.query(
      `INSERT INTO watcher.track_history (origin, local_id, camera_id, class_label, first_seen, last_seen, data)
       SELECT $2, x.local_id, x.camera_id, x.class_label, x.first_seen, x.last_seen, x.data
       FROM jsonb_to_recordset($1::jsonb) AS x(local_id bigint, camera_id text, class_label text,
         first_seen bigint, last_seen bigint, data jsonb)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          chunk.map(({ id, ...t }) => ({
            local_id: id,
            camera_id: t.cameraId,
            class_label: t.classLabel,
            first_seen: t.firstSeen,
            last_seen: t.lastSeen,
            data: t,
          })),
        ),
        ctx.store.hostId,
      ],
    );
  }
}
