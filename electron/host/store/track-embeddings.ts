import type Database from 'better-sqlite3';
import type { FinishedTrack } from '../../shared/domain/track-history';
import {
  packEmbedding,
  rankBySimilarity,
  unpackEmbedding,
} from '../../../inference/vision/reid/embedding';

/**
 * Appearance embeddings of finished tracks and the search by appearance over them: brute-force
 * cosine after a time-range and camera prefilter on the index. Linear in the rows of the range;
 * meant for up to ~1e5 embeddings per query (a few hundred ms on one core); ranges holding more
 * are refused with a coded error rather than answered slowly.
 */
export const APPEARANCE_SEARCH_MAX_SCANNED = 100_000;

export interface AppearanceHit {
  embeddingId: number;
  cameraId: string;
  trackId: number;
  classLabel: string;
  labels?: string[];
  firstSeen: number;
  lastSeen: number;
  similarity: number;
  bestCrop?: FinishedTrack['bestCrop'];
  /** base64 JPEG of the crop, when kept. */
  snapshot?: string;
}

interface Row {
  id: number;
  camera_id: string;
  track_id: number;
  class_label: string;
  labels_json: string | null;
  first_seen: number;
  last_seen: number;
  vector: Buffer;
  best_json: string | null;
  crop_jpeg: Buffer | null;
}

export class TrackEmbeddingRepo {
  private readonly put: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.put = db.prepare(
      `INSERT INTO track_embeddings (camera_id, track_id, class_label, labels_json, first_seen,
         last_seen, model, dims, vector, best_json, crop_jpeg) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Stores a finished track's appearance; returns the reference kept on its history row. */
  insert(t: FinishedTrack & { appearance: NonNullable<FinishedTrack['appearance']> }): string {
    const a = t.appearance;
    const r = this.put.run(
      t.cameraId,
      t.trackId,
      t.classLabel,
      t.labels?.length ? JSON.stringify(t.labels) : null,
      Math.round(t.firstSeen),
      Math.round(t.lastSeen),
      a.model,
      a.vector.length,
      Buffer.from(packEmbedding(a.vector)),
      t.bestCrop ? JSON.stringify(t.bestCrop) : null,
      a.cropJpeg ? Buffer.from(a.cropJpeg, 'base64') : null,
    );
    return `emb:${Number(r.lastInsertRowid)}`;
  }

  /** The embedding of a stored row (by id), or of a camera's track seen around `at`. */
  vectorOf(
    q: { embeddingId: number } | { cameraId: string; trackId: number; at?: number },
  ): { id: number; vector: Float32Array; lastSeen: number } | undefined {
    const row = (
      'embeddingId' in q
        ? this.db
            .prepare('SELECT id, vector, last_seen FROM track_embeddings WHERE id = ?')
            .get(q.embeddingId)
        : this.db
            .prepare(
              `SELECT id, vector, last_seen FROM track_embeddings WHERE camera_id = ? AND track_id = ?
               ORDER BY abs(first_seen - ?) LIMIT 1`,
            )
            .get(q.cameraId, q.trackId, q.at ?? Date.now())
    ) as { id: number; vector: Buffer; last_seen: number } | undefined;
    return row
      ? { id: row.id, vector: unpackEmbedding(row.vector), lastSeen: row.last_seen }
      : undefined;
  }

  /**
   * What the shared server keeps of an embedding referenced as `emb:<id>` from a history row: its
   * model and the packed float32 vector (base64), so any workstation can compare against it.
   * The crop stays on this workstation (evidence-like bytes, not for every row on the server).
   */
  forSync(ref: string): { model: string; dims: number; vector: string } | undefined {
    const m = /^emb:(\d+)$/.exec(ref);
    if (!m) return undefined;
    const row = this.db
      .prepare('SELECT model, dims, vector FROM track_embeddings WHERE id = ?')
      .get(Number(m[1])) as { model: string; dims: number; vector: Buffer } | undefined;
    return row && { model: row.model, dims: row.dims, vector: row.vector.toString('base64') };
  }

  /** Rows of the range (and cameras) a search would compare. */
  countInRange(from: number, to: number, cameraIds?: readonly string[]): number {
    const cams = cameraIds?.length
      ? ` AND camera_id IN (${cameraIds.map(() => '?').join(',')})`
      : '';
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM track_embeddings WHERE first_seen >= ? AND first_seen < ?${cams}`,
        )
        .get(from, to, ...(cameraIds ?? [])) as { n: number }
    ).n;
  }

  /** Ranked by cosine similarity to `vector`, best first. */
  search(q: {
    vector: ArrayLike<number>;
    from: number;
    to: number;
    cameraIds?: readonly string[];
    limit: number;
    minSimilarity: number;
    excludeId?: number;
  }): AppearanceHit[] {
    const cams = q.cameraIds?.length
      ? ` AND camera_id IN (${q.cameraIds.map(() => '?').join(',')})`
      : '';
    const rows = this.db
      .prepare(
        `SELECT id, vector FROM track_embeddings WHERE first_seen >= ? AND first_seen < ? AND dims = ?${cams}`,
      )
      .iterate(q.from, q.to, q.vector.length, ...(q.cameraIds ?? [])) as IterableIterator<{
      id: number;
      vector: Buffer;
    }>;
    const excluded = q.excludeId;
    function* candidates(): Generator<{ item: number; vector: Float32Array }> {
      for (const r of rows)
        if (r.id !== excluded) yield { item: r.id, vector: unpackEmbedding(r.vector) };
    }
    const ranked = rankBySimilarity(q.vector, candidates(), {
      limit: q.limit,
      minSimilarity: q.minSimilarity,
    });
    const get = this.db.prepare(
      `SELECT id, camera_id, track_id, class_label, labels_json, first_seen, last_seen, vector,
         best_json, crop_jpeg FROM track_embeddings WHERE id = ?`,
    );
    return ranked.map(({ item, similarity }) => {
      const r = get.get(item) as Row;
      return {
        embeddingId: r.id,
        cameraId: r.camera_id,
        trackId: r.track_id,
        classLabel: r.class_label,
        ...(r.labels_json ? { labels: JSON.parse(r.labels_json) as string[] } : {}),
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
        similarity: Math.round(similarity * 10_000) / 10_000,
        ...(r.best_json ? { bestCrop: JSON.parse(r.best_json) as FinishedTrack['bestCrop'] } : {}),
        ...(r.crop_jpeg ? { snapshot: r.crop_jpeg.toString('base64') } : {}),
      };
    });
  }

  /** Retention: embeddings of tracks first seen before `before` (bounded step). */
  prune(before: number, limit = 5000): number {
    return this.db
      .prepare(
        'DELETE FROM track_embeddings WHERE id IN (SELECT id FROM track_embeddings WHERE first_seen < ? ORDER BY first_seen LIMIT ?)',
      )
      .run(before, limit).changes;
  }
}
