import type pg from 'pg';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import type { AuditEntry } from '../store/audit';
import { CONFIG_ENTITIES, type ConfigEntity, type ConfigSnapshot } from './config-adapters';
import { configPullAction, infractionPullAction } from './conflict-rules';
import {
  applyConfigWithConflict,
  applyRemoteInfraction,
  resolveInfractionConflict,
} from './local-apply';
import type { SyncContext } from './sync-context';
import { pullAlarms } from './alarm-sync';

function cursor(ctx: SyncContext, name: string): string {
  return ctx.store.getState(`sync.cursor.${name}`) ?? '0';
}

/**
 * Pulls one batch from each shared table, skipping rows this workstation wrote itself (the
 * cursor still moves past them); returns the largest batch size seen.
 */
export async function pullBatch(ctx: SyncContext, client: pg.Client): Promise<number> {
  const { store } = ctx;
  const n = ctx.opts.batchSize;
  const me = store.hostId;
  type Seq = { seq: string; mine: boolean };
  const configs = await client.query<
    Seq & {
      entity: ConfigEntity;
      key: string;
      updated_at: string;
      origin: string;
      data: Record<string, unknown>;
    }
  >(
    `SELECT entity, key, updated_at, origin, CASE WHEN origin = $3 THEN NULL ELSE data END AS data, seq, origin = $3 AS mine
     FROM watcher.config WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [cursor(ctx, 'config'), n, me],
  );
  const audits = await client.query<Seq & { data: AuditEntry }>(
    `SELECT CASE WHEN origin = $3 THEN NULL ELSE data END AS data, seq, origin = $3 AS mine
     FROM watcher.audit WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [cursor(ctx, 'audit'), n, me],
  );
  const infs = await client.query<
    Seq & { data: InfractionRecord; change_id: string; version: number }
  >(
    `SELECT CASE WHEN pushed_by = $3 THEN NULL ELSE data END AS data, change_id, version, seq, pushed_by = $3 AS mine
     FROM watcher.infractions WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [cursor(ctx, 'infractions'), n, me],
  );
  const pending = store.db.prepare('SELECT 1 FROM sync_outbox WHERE entity = ? AND key = ?');
  ctx.ownTx(() => {
    for (const r of configs.rows) {
      if (r.mine || !CONFIG_ENTITIES.includes(r.entity)) continue;
      const remote: ConfigSnapshot = {
        updatedAt: Number(r.updated_at),
        origin: r.origin,
        data: r.data,
      };
      const local = ctx.adapters[r.entity].export(r.key);
      const action = configPullAction(local, remote, () => !!pending.get(r.entity, r.key));
      if (action === 'conflict') applyConfigWithConflict(ctx, r.entity, r.key, local!, remote);
      else if (action === 'apply') ctx.adapters[r.entity].apply(r.key, remote);
      // 'keep-ours': ours is newer and still queued; the push will replace the server's copy.
    }
    for (const r of audits.rows) if (!r.mine) store.audit.importEntry(r.data);
    for (const r of infs.rows) if (!r.mine) pullInfraction(ctx, r.data, r.change_id);
    const last = (rows: Array<{ seq: string }>, name: string) => {
      if (rows.length) store.setState(`sync.cursor.${name}`, rows[rows.length - 1].seq);
    };
    last(configs.rows, 'config');
    last(audits.rows, 'audit');
    last(infs.rows, 'infractions');
  });
  const alarms = await pullAlarms(ctx, client);
  const count = Math.max(configs.rows.length, audits.rows.length, infs.rows.length, alarms);
  const theirs = (rows: Seq[]) => rows.filter((r) => !r.mine).length;
  ctx.counters.pulledRows += theirs(configs.rows) + theirs(audits.rows) + theirs(infs.rows);
  return count;
}

/** Brings one infraction from the server into the local store (inside ctx.ownTx). */
export function pullInfraction(ctx: SyncContext, remote: InfractionRecord, changeId: string): void {
  const { infractions } = ctx.store;
  const action = infractionPullAction(infractions.row(remote.id), remote, changeId, () =>
    infractions.isOwnChange(remote.id, remote.version, changeId),
  );
  switch (action) {
    case 'apply':
      return applyRemoteInfraction(ctx, remote, changeId);
    case 'mark-synced':
      return infractions.markSynced(remote.id, remote.version);
    case 'conflict':
      return resolveInfractionConflict(
        ctx,
        infractions.exportForSync(remote.id)!,
        remote,
        changeId,
      );
    case 'ignore':
      return;
  }
}
