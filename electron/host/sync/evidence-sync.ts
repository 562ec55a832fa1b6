import type pg from 'pg';
import { downloadEvidence, evidencePath, uploadEvidence } from './evidence-transfer';
import type { OutboxRow, SyncContext } from './sync-context';

/**
 * Which evidence files move when: the upload of one queued file (an outbox row keyed
 * "infractionId\npath") and the download of files other workstations announced. The byte
 * protocol itself is in evidence-transfer.
 */

/** Uploads one queued evidence file; true when its outbox row is done (sent, known, or refused). */
export async function pushEvidence(
  ctx: SyncContext,
  client: pg.Client,
  e: OutboxRow,
): Promise<boolean> {
  const { store, counters } = ctx;
  const [infractionId, relPath] = e.key.split('\n');
  const row = store.db
    .prepare('SELECT sha256, pruned_at FROM evidence_files WHERE infraction_id = ? AND path = ?')
    .get(infractionId, relPath) as { sha256: string; pruned_at: number | null } | undefined;
  const root = store.evidenceRoot;
  if (!row || row.pruned_at !== null || !root) return true;
  const r = await uploadEvidence(
    client,
    evidencePath(root, relPath),
    row.sha256,
    ctx.opts.chunkBytes,
  );
  if (r.outcome === 'uploaded') {
    counters.uploadedFiles++;
    counters.uploadedBytes += r.bytesSent;
  } else if (r.outcome === 'missing-file' || r.outcome === 'hash-mismatch') {
    // Altered or deleted evidence is never sent; it is reported in the audit log instead.
    ctx.ownTx(() =>
      store.audit.append('system', 'sync.evidenceRefused', `infraction:${infractionId}`, {
        path: relPath,
        reason: r.outcome,
      }),
    );
  }
  return true;
}

/** Downloads a slice of missing evidence; true when it made progress and more is missing. */
export async function downloadMissing(ctx: SyncContext, client: pg.Client): Promise<boolean> {
  const { store, counters } = ctx;
  const root = store.evidenceRoot;
  if (!root) return false;
  const missing = store.db
    .prepare(
      'SELECT infraction_id, path, sha256 FROM evidence_files WHERE present = 0 AND pruned_at IS NULL LIMIT ?',
    )
    .all(ctx.opts.downloadsPerCycle) as Array<{
    infraction_id: string;
    path: string;
    sha256: string;
  }>;
  let downloaded = 0;
  // A clip segment shared by several infractions is fetched once: the others reuse it.
  const alreadyHere = store.db.prepare(
    'SELECT 1 FROM evidence_files WHERE path = ? AND sha256 = ? AND present = 1 LIMIT 1',
  );
  const markPresent = store.db.prepare(
    'UPDATE evidence_files SET present = 1 WHERE infraction_id = ? AND path = ?',
  );
  for (const f of missing) {
    if (alreadyHere.get(f.path, f.sha256)) {
      markPresent.run(f.infraction_id, f.path);
      downloaded++;
      continue;
    }
    const r = await downloadEvidence(client, evidencePath(root, f.path), f.sha256);
    if (r.outcome === 'downloaded') {
      downloaded++;
      store.db
        .prepare('UPDATE evidence_files SET present = 1 WHERE infraction_id = ? AND path = ?')
        .run(f.infraction_id, f.path);
      counters.downloadedFiles++;
      counters.downloadedBytes += r.bytes;
    }
  }
  return downloaded > 0 && missing.length === ctx.opts.downloadsPerCycle;
}
