import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

export const DEFAULT_CHUNK_BYTES = 256 * 1024;
const COMMIT_BYTES = 8 * 1024 * 1024;

/** Resolves a stored relative evidence path, refusing anything that escapes the root. */
export function evidencePath(root: string, relative: string): string {
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (!full.startsWith(base + path.sep))
    throw new Error(`evidence path escapes the evidence root: ${relative}`);
  return full;
}

export type UploadOutcome = 'uploaded' | 'already' | 'missing-file' | 'hash-mismatch';

/**
 * Streams one evidence file into PostgreSQL chunk by chunk (one chunk in memory at a time). Each
 * chunk commits on its own and re-sending one is a no-op, so an upload cut by a server restart
 * resumes where it stopped; the blob is marked complete only once every chunk is there and the
 * bytes hashed to the recorded SHA-256.
 */
export async function uploadEvidence(
  client: pg.Client,
  file: string,
  sha256: string,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Promise<{ outcome: UploadOutcome; bytesSent: number }> {
  const known = await client.query<{ complete: boolean; chunk_bytes: number }>(
    'SELECT complete, chunk_bytes FROM watcher.evidence_blobs WHERE sha256 = $1',
    [sha256],
  );
  if (known.rows[0]?.complete) return { outcome: 'already', bytesSent: 0 };
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return { outcome: 'missing-file', bytesSent: 0 };
  }
  // A partial upload keeps its chunk size, whoever resumes it.
  const cb = known.rows[0]?.chunk_bytes ?? chunkBytes;
  const chunks = Math.max(1, Math.ceil(size / cb));
  await client.query(
    `INSERT INTO watcher.evidence_blobs (sha256, bytes, chunk_bytes, chunks) VALUES ($1, $2, $3, $4)
     ON CONFLICT (sha256) DO NOTHING`,
    [sha256, size, cb, chunks],
  );
  const have = new Set(
    (
      await client.query<{ idx: number }>(
        'SELECT idx FROM watcher.evidence_chunks WHERE sha256 = $1',
        [sha256],
      )
    ).rows.map((r) => r.idx),
  );
  const hash = createHash('sha256');
  const buf = Buffer.alloc(cb);
  let sent = 0;
  let inTx = 0;
  const fh = await open(file, 'r');
  try {
    for (let idx = 0; idx < chunks; idx++) {
      const { bytesRead } = await fh.read(buf, 0, cb, idx * cb);
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      if (have.has(idx)) continue;
      // Chunks commit a few MB at a time: one fsync per group instead of per chunk, and an
      // interrupted upload still resumes from the last committed group.
      if (inTx === 0) await client.query('BEGIN');
      await client.query(
        'INSERT INTO watcher.evidence_chunks (sha256, idx, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [sha256, idx, chunk],
      );
      sent += bytesRead;
      inTx += bytesRead;
      if (inTx >= COMMIT_BYTES) {
        await client.query('COMMIT');
        inTx = 0;
      }
    }
    if (inTx > 0) await client.query('COMMIT');
  } catch (e) {
    if (inTx > 0) await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await fh.close();
  }
  if (hash.digest('hex') !== sha256) return { outcome: 'hash-mismatch', bytesSent: sent };
  await client.query(
    `UPDATE watcher.evidence_blobs SET complete = true WHERE sha256 = $1
       AND (SELECT COUNT(*) FROM watcher.evidence_chunks WHERE sha256 = $1) = chunks`,
    [sha256],
  );
  return { outcome: 'uploaded', bytesSent: sent };
}

export type DownloadOutcome = 'downloaded' | 'not-ready' | 'hash-mismatch';

/**
 * Streams a blob from PostgreSQL into `file` a few chunks per query, through a `.part` file that is
 * renamed only after the SHA-256 matches.
 */
export async function downloadEvidence(
  client: pg.Client,
  file: string,
  sha256: string,
  chunksPerQuery = 4,
): Promise<{ outcome: DownloadOutcome; bytes: number }> {
  const blob = await client.query<{ complete: boolean; chunks: number }>(
    'SELECT complete, chunks FROM watcher.evidence_blobs WHERE sha256 = $1',
    [sha256],
  );
  if (!blob.rows[0]?.complete) return { outcome: 'not-ready', bytes: 0 };
  await mkdir(path.dirname(file), { recursive: true });
  const part = `${file}.part`;
  const fh = await open(part, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for (let idx = 0; idx < blob.rows[0].chunks; idx += chunksPerQuery) {
      const rows = await client.query<{ idx: number; data: Buffer }>(
        'SELECT idx, data FROM watcher.evidence_chunks WHERE sha256 = $1 AND idx >= $2 AND idx < $3 ORDER BY idx',
        [sha256, idx, idx + chunksPerQuery],
      );
      for (const r of rows.rows) {
        hash.update(r.data);
        await fh.write(r.data);
        bytes += r.data.length;
      }
    }
  } finally {
    await fh.close();
  }
  if (hash.digest('hex') !== sha256) {
    await rm(part, { force: true });
    return { outcome: 'hash-mismatch', bytes };
  }
  await rename(part, file);
  return { outcome: 'downloaded', bytes };
}
