import type pg from 'pg';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import type { AuditEntry } from '../store/audit';
import type { Checkpoint } from '../../../inference/worker/evidence/signing';
import type { InfractionSyncPayload } from '../store/infractions';
import type { ConfigEntity, ConfigSnapshot } from './config-adapters';
import { infractionPushAction, refusedConfigs } from './conflict-rules';
import { pushEvidence } from './evidence-sync';
import { pushModelFile } from './model-file-sync';
import { ack, applyConfigWithConflict, resolveInfractionConflict } from './local-apply';
import { WRITE_LOCK } from './pg-schema';
import { applyAlarmPushOutcome, collectAlarmRows, pushAlarmRows } from './alarm-sync';
import { NOTIFY_CHANNEL, type OutboxRow, type SyncContext } from './sync-context';
import { collectTrackRows, pushTrackRows } from './track-sync';

interface PushRows {
  configs: Array<{ row: OutboxRow; entity: ConfigEntity; key: string; snap: ConfigSnapshot }>;
  audits: Array<{ row: OutboxRow; entry: AuditEntry }>;
  infractions: Array<{ row: OutboxRow; p: InfractionSyncPayload }>;
  checkpoints: Checkpoint[];
  keys: Array<{ keyId: string; publicKeyPem: string; origin: string; createdAt: number }>;
  /** Rows whose local record is gone: nothing to send, acknowledged with the batch. */
  gone: OutboxRow[];
}

/** Reads what each (non-evidence) outbox row points at, grouped by the shared table it goes to. */
function collectRows(ctx: SyncContext, entries: OutboxRow[]): PushRows {
  const out: PushRows = {
    configs: [],
    audits: [],
    infractions: [],
    checkpoints: [],
    keys: [],
    gone: [],
  };
  for (const e of entries) {
    if (
      e.entity === 'evidence' ||
      e.entity === 'model_file' ||
      e.entity === 'alarm' ||
      e.entity === 'alarm_history' ||
      e.entity === 'track_batch'
    )
      continue;
    if (e.entity === 'checkpoint') {
      const cp = ctx.store.checkpoints.getByKey(e.key);
      if (cp) out.checkpoints.push(cp);
      else out.gone.push(e);
    } else if (e.entity === 'signing_key') {
      const k = ctx.store.checkpoints.key(e.key);
      if (k) out.keys.push(k);
      else out.gone.push(e);
    } else if (e.entity === 'audit') {
      const entry = ctx.store.audit.get(e.key);
      if (entry) out.audits.push({ row: e, entry });
      else out.gone.push(e);
    } else if (e.entity === 'infraction') {
      const p = ctx.store.infractions.exportForSync(e.key);
      if (p) out.infractions.push({ row: e, p });
      else out.gone.push(e);
    } else {
      const entity = e.entity as ConfigEntity;
      const snap = ctx.adapters[entity].export(e.key);
      if (snap) out.configs.push({ row: e, entity, key: e.key, snap });
      else out.gone.push(e);
    }
  }
  return out;
}

const INFRACTION_RECORDSET = `jsonb_to_recordset($1::jsonb) AS x(id uuid, version integer, change_id uuid, origin text,
            status text, occurred_at bigint, updated_at bigint, data jsonb)`;

function infractionRows(list: InfractionSyncPayload[]): string {
  return JSON.stringify(
    list.map((p) => ({
      id: p.record.id,
      version: p.record.version,
      change_id: p.changeId,
      origin: p.record.origin,
      status: p.record.status,
      occurred_at: p.record.occurredAt,
      updated_at: p.record.updatedAt,
      data: p.record,
    })),
  );
}

/**
 * Pushes one batch of the outbox in one server transaction and acknowledges it locally once the
 * server committed; returns how many outbox rows the batch held.
 */
export async function pushBatch(ctx: SyncContext, client: pg.Client): Promise<number> {
  const { store } = ctx;
  const entries = store.db
    .prepare('SELECT seq, entity, key, rev FROM sync_outbox ORDER BY seq LIMIT ?')
    .all(ctx.opts.batchSize) as OutboxRow[];
  if (entries.length === 0) return 0;
  const done: OutboxRow[] = [];

  // Evidence bytes first: by the time another workstation sees an infraction, its files are there.
  for (const e of entries.filter((x) => x.entity === 'evidence')) {
    if (await pushEvidence(ctx, client, e)) done.push(e);
  }
  // Model registry files likewise, before the version rows that announce them.
  for (const e of entries.filter((x) => x.entity === 'model_file')) {
    if (await pushModelFile(ctx, client, e)) done.push(e);
  }

  const { configs, audits, infractions, checkpoints, keys, gone } = collectRows(ctx, entries);
  done.push(...gone);
  const alarmRows = collectAlarmRows(ctx, entries);
  done.push(...alarmRows.gone);
  const trackRows = collectTrackRows(ctx, entries);

  let losers: Array<{ entity: ConfigEntity; key: string; local: ConfigSnapshot }> = [];
  const infractionResults: Array<{ id: string; version: number }> = [];
  const infractionConflicts: Array<{
    local: InfractionSyncPayload;
    remote: { data: InfractionRecord; change_id: string };
  }> = [];

  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    if (configs.length) {
      const applied = await client.query<{ entity: string; key: string }>(
        `INSERT INTO watcher.config AS t (entity, key, updated_at, origin, data, seq)
         SELECT x.entity, x.key, x.updated_at, x.origin, x.data, nextval('watcher.change_seq')
         FROM jsonb_to_recordset($1::jsonb) AS x(entity text, key text, updated_at bigint, origin text, data jsonb)
         ON CONFLICT (entity, key) DO UPDATE SET updated_at = excluded.updated_at, origin = excluded.origin,
           data = excluded.data, seq = excluded.seq
         WHERE (t.updated_at, t.origin) < (excluded.updated_at, excluded.origin)
            OR (t.updated_at, t.origin) = (excluded.updated_at, excluded.origin)
         RETURNING entity, key`,
        [
          JSON.stringify(
            configs.map((c) => ({
              entity: c.entity,
              key: c.key,
              updated_at: c.snap.updatedAt,
              origin: c.snap.origin,
              data: c.snap.data,
            })),
          ),
        ],
      );
      losers = refusedConfigs(configs, applied.rows).map((c) => ({
        entity: c.entity,
        key: c.key,
        local: c.snap,
      }));
    }
    if (audits.length) {
      await client.query(
        `INSERT INTO watcher.audit (id, origin, origin_seq, at, data, seq)
         SELECT x.id, x.origin, x.origin_seq, x.at, x.data, nextval('watcher.change_seq')
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, origin text, origin_seq integer, at bigint, data jsonb)
         ON CONFLICT DO NOTHING`,
        [
          JSON.stringify(
            audits.map((a) => ({
              id: a.entry.id,
              origin: a.entry.origin,
              origin_seq: a.entry.originSeq,
              at: a.entry.at,
              data: a.entry,
            })),
          ),
        ],
      );
    }
    if (keys.length) {
      await client.query(
        `INSERT INTO watcher.evidence_signing_keys (key_id, origin, public_key_pem, created_at, seq)
         SELECT x.key_id, x.origin, x.public_key_pem, x.created_at, nextval('watcher.change_seq')
         FROM jsonb_to_recordset($1::jsonb) AS x(key_id text, origin text, public_key_pem text, created_at bigint)
         ON CONFLICT DO NOTHING`,
        [
          JSON.stringify(
            keys.map((k) => ({
              key_id: k.keyId,
              origin: k.origin,
              public_key_pem: k.publicKeyPem,
              created_at: k.createdAt,
            })),
          ),
        ],
      );
    }
    if (checkpoints.length) {
      // Append-only: a checkpoint once anchored on the server is never replaced.
      await client.query(
        `INSERT INTO watcher.evidence_checkpoints (origin, camera_id, count, head_hash, event_id, key_id, data, seq)
         SELECT $2, x.camera_id, x.count, x.head_hash, x.event_id, x.key_id, x.data, nextval('watcher.change_seq')
         FROM jsonb_to_recordset($1::jsonb) AS x(camera_id text, count integer, head_hash text, event_id text, key_id text, data jsonb)
         ON CONFLICT DO NOTHING`,
        [
          JSON.stringify(
            checkpoints.map((c) => ({
              camera_id: c.cameraId,
              count: c.count,
              head_hash: c.headHash,
              event_id: c.eventId,
              key_id: c.publicKeyId,
              data: c,
            })),
          ),
          store.hostId,
        ],
      );
    }
    if (infractions.length) {
      const remote = await client.query<{ id: string; version: number; change_id: string }>(
        'SELECT id, version, change_id FROM watcher.infractions WHERE id = ANY($1::uuid[])',
        [infractions.map((i) => i.p.record.id)],
      );
      const byId = new Map(remote.rows.map((r) => [r.id, r]));
      const inserts: InfractionSyncPayload[] = [];
      const updates: InfractionSyncPayload[] = [];
      const conflictIds: string[] = [];
      for (const { p } of infractions) {
        const r = byId.get(p.record.id);
        const action = infractionPushAction(p, r, () =>
          store.infractions.isOwnChange(p.record.id, r!.version, r!.change_id),
        );
        if (action === 'insert') inserts.push(p);
        else if (action === 'already')
          infractionResults.push({ id: p.record.id, version: p.record.version });
        else if (action === 'update') updates.push(p);
        else conflictIds.push(p.record.id);
      }
      if (inserts.length) {
        await client.query(
          `INSERT INTO watcher.infractions (id, version, change_id, origin, pushed_by, status, occurred_at, updated_at, data, seq)
           SELECT x.id, x.version, x.change_id, x.origin, $2, x.status, x.occurred_at, x.updated_at, x.data,
                  nextval('watcher.change_seq') FROM ${INFRACTION_RECORDSET}`,
          [infractionRows(inserts), store.hostId],
        );
      }
      if (updates.length) {
        await client.query(
          `UPDATE watcher.infractions t SET version = x.version, change_id = x.change_id, status = x.status,
             updated_at = x.updated_at, data = x.data, pushed_by = $2, seq = nextval('watcher.change_seq')
           FROM ${INFRACTION_RECORDSET} WHERE t.id = x.id`,
          [infractionRows(updates), store.hostId],
        );
      }
      for (const p of [...inserts, ...updates])
        infractionResults.push({ id: p.record.id, version: p.record.version });
      if (conflictIds.length) {
        const winners = await client.query<{
          id: string;
          data: InfractionRecord;
          change_id: string;
        }>('SELECT id, data, change_id FROM watcher.infractions WHERE id = ANY($1::uuid[])', [
          conflictIds,
        ]);
        for (const w of winners.rows) {
          const local = infractions.find((i) => i.p.record.id === w.id)!.p;
          infractionConflicts.push({ local, remote: w });
        }
      }
    }
    const remoteConfigs = losers.length
      ? await client.query<{
          entity: ConfigEntity;
          key: string;
          updated_at: string;
          origin: string;
          data: Record<string, unknown>;
        }>(
          `SELECT c.entity, c.key, c.updated_at, c.origin, c.data FROM watcher.config c
           JOIN jsonb_to_recordset($1::jsonb) AS x(entity text, key text) ON x.entity = c.entity AND x.key = c.key`,
          [JSON.stringify(losers.map((l) => ({ entity: l.entity, key: l.key })))],
        )
      : undefined;
    const alarmOutcome = await pushAlarmRows(ctx, client, alarmRows);
    await pushTrackRows(ctx, client, trackRows);
    await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, store.hostId]);
    await client.query('COMMIT');

    // The server committed: acknowledge locally. A crash before this line only means the same
    // rows are pushed again next time, which the checks above recognise as already there.
    ctx.ownTx(() => {
      ack(ctx, [
        ...done,
        ...entries.filter(
          (e) =>
            e.entity !== 'evidence' && e.entity !== 'model_file' && !trackRows.deferred.has(e.seq),
        ),
      ]);
      for (const r of infractionResults) store.infractions.markSynced(r.id, r.version);
      for (const c of infractionConflicts)
        resolveInfractionConflict(ctx, c.local, c.remote.data, c.remote.change_id);
      applyAlarmPushOutcome(ctx, alarmOutcome);
      for (const r of remoteConfigs?.rows ?? []) {
        const local = losers.find((l) => l.entity === r.entity && l.key === r.key)!.local;
        applyConfigWithConflict(ctx, r.entity, r.key, local, {
          updatedAt: Number(r.updated_at),
          origin: r.origin,
          data: r.data,
        });
      }
    });
    ctx.counters.pushedRows += entries.length - trackRows.deferred.size;
    // Track batches left for later still count as a full batch: the drain goes on.
    return trackRows.deferred.size ? ctx.opts.batchSize : entries.length;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    // Evidence already uploaded is acknowledged even when the row batch failed.
    if (done.length) ctx.ownTx(() => ack(ctx, done));
    throw e;
  }
}
