import type Database from 'better-sqlite3';
import { CodedError } from '../../shared/coded-error';
import type { DomainHandlers } from '../api-types';
import { appearanceSearchParamsSchema } from '../../shared/api/methods/tracks';
import { APPEARANCE_SEARCH_MAX_SCANNED, TrackEmbeddingRepo } from '../store/track-embeddings';

/** What `tracks.*` needs: the store's database and the cameras' names. */
export interface TrackContext {
  db?: Database.Database;
  cameras(): Array<{ id: string; name: string }>;
}

export function createTrackHandlers(c: TrackContext): DomainHandlers<'tracks'> {
  let repo: TrackEmbeddingRepo | undefined;
  const db = (): Database.Database => {
    if (!c.db)
      throw new CodedError(
        'tracks.error.noStore',
        'the search by appearance needs the local store, which this host does not have',
      );
    return c.db;
  };
  const embeddings = (): TrackEmbeddingRepo => (repo ??= new TrackEmbeddingRepo(db()));
  return {
    'tracks.get': (p) => {
      const row = db()
        .prepare(
          `SELECT id, camera_id, track_id, class_label, labels_json, first_seen, last_seen, best_json,
             embedding_ref FROM track_history
           WHERE camera_id = ? AND track_id = ? AND first_seen <= ? + 3600000 AND last_seen >= ? - 3600000
           ORDER BY abs(first_seen - ?) LIMIT 1`,
        )
        .get(p.cameraId, p.trackId, p.at, p.at, p.at) as
        | {
            id: number;
            camera_id: string;
            track_id: number;
            class_label: string;
            labels_json: string | null;
            first_seen: number;
            last_seen: number;
            best_json: string | null;
            embedding_ref: string | null;
          }
        | undefined;
      if (!row) return null;
      return {
        id: row.id,
        cameraId: row.camera_id,
        trackId: row.track_id,
        classLabel: row.class_label,
        ...(row.labels_json ? { labels: JSON.parse(row.labels_json) as string[] } : {}),
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
        ...(row.best_json ? { bestCrop: JSON.parse(row.best_json) } : {}),
        searchable: !!row.embedding_ref?.startsWith('emb:'),
      };
    },
    'tracks.searchByAppearance': (params) => {
      const p = appearanceSearchParamsSchema.parse(params);
      const repo = embeddings();
      let vector: ArrayLike<number>;
      let excludeId: number | undefined;
      if ('vector' in p.query) vector = p.query.vector;
      else {
        const found = repo.vectorOf(p.query);
        if (!found)
          throw new CodedError(
            'tracks.search.notFound',
            'that track has no stored appearance embedding',
          );
        vector = found.vector;
        excludeId = found.id;
      }
      const count = repo.countInRange(p.from, p.to, p.cameraIds);
      if (count > APPEARANCE_SEARCH_MAX_SCANNED)
        throw new CodedError(
          'tracks.search.tooMany',
          `the range holds ${count} embeddings (at most ${APPEARANCE_SEARCH_MAX_SCANNED})`,
          { count, max: APPEARANCE_SEARCH_MAX_SCANNED },
        );
      const names = new Map(c.cameras().map((x) => [x.id, x.name]));
      const hits = repo.search({
        vector,
        from: p.from,
        to: p.to,
        ...(p.cameraIds ? { cameraIds: p.cameraIds } : {}),
        limit: p.limit,
        minSimilarity: p.minSimilarity,
        ...(excludeId !== undefined ? { excludeId } : {}),
      });
      return {
        scanned: count,
        hits: hits.map((h) => {
          const name = names.get(h.cameraId);
          return name ? { ...h, cameraName: name } : h;
        }),
      };
    },
  };
}
