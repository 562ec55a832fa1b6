import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { downloadEvidence, uploadEvidence } from './evidence-transfer';
import type { OutboxRow, SyncContext } from './sync-context';

/**
 * Model registry files travel like evidence files: content-addressed by their SHA-256 in the same
 * chunked blob tables (a model registered on two workstations is stored once), uploaded when a
 * version is registered, downloaded by every other workstation that sees the version's row.
 */

/** Uploads one registered version's file; true when its outbox row is done. */
export async function pushModelFile(
  ctx: SyncContext,
  client: pg.Client,
  e: OutboxRow,
): Promise<boolean> {
  const { store, counters } = ctx;
  const models = store.models;
  if (!models.filesDir) return true;
  const r = await uploadEvidence(client, models.fileFor(e.key), e.key, ctx.opts.chunkBytes);
  if (r.outcome === 'uploaded') {
    counters.uploadedFiles++;
    counters.uploadedBytes += r.bytesSent;
  } else if (r.outcome === 'missing-file' || r.outcome === 'hash-mismatch') {
    ctx.ownTx(() =>
      store.audit.append('system', 'sync.modelFileRefused', `model:${e.key}`, {
        reason: r.outcome,
      }),
    );
  }
  return true;
}

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/** Fetches a slice of version files not here yet; true when it made progress and more are missing. */
export async function downloadModelFiles(ctx: SyncContext, client: pg.Client): Promise<boolean> {
  const { store, counters } = ctx;
  const models = store.models;
  if (!models.filesDir) return false;
  const missing = models.missingFiles(ctx.opts.downloadsPerCycle);
  let got = 0;
  for (const sha of missing) {
    const file = models.fileFor(sha);
    if (existsSync(file) && (await sha256Of(file)) === sha) {
      ctx.ownTx(() => models.markPresent(sha));
      got++;
      continue;
    }
    const r = await downloadEvidence(client, file, sha);
    if (r.outcome === 'downloaded') {
      ctx.ownTx(() => models.markPresent(sha));
      counters.downloadedFiles++;
      counters.downloadedBytes += r.bytes;
      got++;
    }
  }
  return got > 0 && missing.length === ctx.opts.downloadsPerCycle;
}
