import type Database from 'better-sqlite3';
import { CodedError } from '../../shared/coded-error';
import type { DomainHandlers } from '../api-types';
import {
  APPEARANCE_IMAGE_MAX_BYTES,
  APPEARANCE_IMAGE_MAX_PIXELS,
  appearanceImageSearchParamsSchema,
  appearanceSearchParamsSchema,
} from '../../shared/api/methods/tracks';
import { decodeBase64Strict, inspectFrameImage } from '../models/frame-image';
import { APPEARANCE_SEARCH_MAX_SCANNED, TrackEmbeddingRepo } from '../store/track-embeddings';

/** What `tracks.*` needs: the store's database and the cameras' names. */
export interface TrackContext {
  db?: Database.Database;
  cameras(): Array<{ id: string; name: string }>;
  /**
   * The embedding model the cameras' stored appearances come from (its name and installed file),
   * or undefined when no camera has one that is installed.
   */
  embedder?(): { model: string; path: string } | undefined;
  /** Runs the embedding model on a picture in a model probe process (never in the host). */
  embedImage?(modelPath: string, image: Uint8Array): Promise<number[]>;
  /**
   * The latest embedding the worker running `cameraId` holds for a track still in view (a live
   * track has no stored one yet); undefined when it holds none or does not answer in time.
   */
  liveEmbedding?(cameraId: string, trackId: number): Promise<number[] | undefined>;
}

/**
 * A stored track that ended this long before the asked moment is not the track on the wall (a
 * wall click is on a box seen within the last second or so).
 */
const STALE_STORED_MS = 60_000;

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
    'tracks.searchByAppearance': async (params) => {
      const p = appearanceSearchParamsSchema.parse(params);
      const repo = embeddings();
      let vector: ArrayLike<number>;
      let excludeId: number | undefined;
      if ('vector' in p.query) vector = p.query.vector;
      else {
        const q = p.query;
        const found = repo.vectorOf(q);
        // A track still in view is not stored yet: its camera's worker may hold its embedding.
        // Tracker ids start again at 1 when a camera's stage restarts, so a stored track that
        // ended well before `at` may be another object that had the live track's id: the live
        // one is asked first then, and the stored one used only when the worker holds none.
        const stale =
          found && 'at' in q && q.at !== undefined && found.lastSeen < q.at - STALE_STORED_MS;
        const live =
          'trackId' in q && (!found || stale)
            ? await c.liveEmbedding?.(q.cameraId, q.trackId)
            : undefined;
        if (live) vector = live;
        else if (found) {
          vector = found.vector;
          excludeId = found.id;
        } else
          throw new CodedError(
            'tracks.search.notFound',
            'that track has no stored appearance embedding',
          );
      }
      return search(p, vector, excludeId);
    },
    'tracks.searchByImage': async (params) => {
      const p = appearanceImageSearchParamsSchema.parse(params);
      embeddings();
      const tooLarge = () =>
        new CodedError(
          'tracks.searchImage.tooLarge',
          `the picture is larger than ${APPEARANCE_IMAGE_MAX_BYTES / 1024 / 1024} MB or ${APPEARANCE_IMAGE_MAX_PIXELS / 1e6} megapixels`,
          {
            maxMB: APPEARANCE_IMAGE_MAX_BYTES / 1024 / 1024,
            maxMegapixels: APPEARANCE_IMAGE_MAX_PIXELS / 1e6,
          },
        );
      let bytes: Uint8Array;
      try {
        bytes = decodeBase64Strict(p.image);
      } catch {
        throw new CodedError('tracks.searchImage.notImage', 'the picture is not valid base64');
      }
      if (bytes.length > APPEARANCE_IMAGE_MAX_BYTES) throw tooLarge();
      try {
        inspectFrameImage(bytes, APPEARANCE_IMAGE_MAX_PIXELS);
      } catch (e) {
        if ((e as CodedError).code === 'frames.image.too_large') throw tooLarge();
        throw new CodedError('tracks.searchImage.notImage', 'the picture must be a JPEG or a PNG');
      }
      const embedder = c.embedder?.();
      if (!embedder || !c.embedImage)
        throw new CodedError(
          'tracks.searchImage.noEmbedder',
          'no camera has an installed embedding (re-identification) model',
        );
      const vector = await c.embedImage(embedder.path, bytes);
      return { ...search(p, vector, undefined), model: embedder.model };
    },
  };

  function search(
    p: { from: number; to: number; cameraIds?: string[]; limit: number; minSimilarity: number },
    vector: ArrayLike<number>,
    excludeId: number | undefined,
  ) {
    const repo = embeddings();
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
  }
}
