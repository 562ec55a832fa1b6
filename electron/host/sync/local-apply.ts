import { existsSync, statSync } from 'node:fs';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import { redactSecrets } from '../../shared/util/redact';
import type { InfractionSyncPayload } from '../store/infractions';
import type { ConfigEntity, ConfigSnapshot } from './config-adapters';
import { evidencePath } from './evidence-transfer';
import type { OutboxRow, SyncContext } from './sync-context';

/**
 * Local writes of the sync: acknowledging pushed outbox rows, applying the server's rows and
 * recording conflicts. Callers run these inside ctx.ownTx.
 */

export function ack(ctx: SyncContext, rows: OutboxRow[]): void {
  const del = ctx.store.db.prepare('DELETE FROM sync_outbox WHERE seq = ? AND rev = ?');
  for (const r of rows) del.run(r.seq, r.rev);
}

/**
 * Another workstation's version of a record won: ours is recorded in sync_conflicts (so nothing an
 * operator did is lost), the winner is applied locally, our pending outbox rows for the record are
 * dropped (they would only conflict again), and the audit log says what was kept and discarded.
 */
export function keepSyncWinner(
  ctx: SyncContext,
  c: {
    entity: 'infraction' | 'alarm';
    id: string;
    local: unknown;
    winner: unknown;
    apply(): void;
    auditAction: string;
    auditDetails: Record<string, unknown>;
  },
): void {
  const { store } = ctx;
  store.db
    .prepare(
      'INSERT INTO sync_conflicts (entity, key, at, local_json, winner_json) VALUES (?, ?, ?, ?, ?)',
    )
    .run(c.entity, c.id, store.now(), JSON.stringify(c.local), JSON.stringify(c.winner));
  c.apply();
  store.db.prepare('DELETE FROM sync_outbox WHERE entity = ? AND key = ?').run(c.entity, c.id);
  store.audit.append('system', c.auditAction, `${c.entity}:${c.id}`, c.auditDetails);
  ctx.counters.conflicts++;
}

/** The server's decision came first: keep it, record ours as a conflict, tell the audit log. */
export function resolveInfractionConflict(
  ctx: SyncContext,
  local: InfractionSyncPayload,
  winner: InfractionRecord,
  changeId: string,
): void {
  keepSyncWinner(ctx, {
    entity: 'infraction',
    id: winner.id,
    local: local.record,
    winner,
    apply: () => applyRemoteInfraction(ctx, winner, changeId),
    auditAction: 'sync.decisionConflict',
    auditDetails: {
      kept: {
        status: winner.status,
        by: winner.decidedBy,
        at: winner.decidedAt,
        version: winner.version,
      },
      discarded: {
        status: local.record.status,
        by: local.record.decidedBy,
        at: local.record.decidedAt,
      },
    },
  });
}

export function applyConfigWithConflict(
  ctx: SyncContext,
  entity: ConfigEntity,
  key: string,
  local: ConfigSnapshot,
  remote: ConfigSnapshot,
): void {
  ctx.adapters[entity].apply(key, remote);
  ctx.store.db.prepare('DELETE FROM sync_outbox WHERE entity = ? AND key = ?').run(entity, key);
  // Last writer wins, and the audit trail keeps both versions.
  ctx.store.audit.append('system', 'sync.configConflict', `${entity}:${key}`, {
    kept: { updatedAt: remote.updatedAt, origin: remote.origin, data: redactData(remote.data) },
    discarded: { updatedAt: local.updatedAt, origin: local.origin, data: redactData(local.data) },
  });
  ctx.counters.conflicts++;
}

/** Writes the server's infraction locally; its evidence counts as present when the bytes are here. */
export function applyRemoteInfraction(
  ctx: SyncContext,
  record: InfractionRecord,
  changeId: string,
): void {
  const root = ctx.store.evidenceRoot;
  ctx.store.infractions.applyRemote(record, changeId, (f) => {
    if (!root) return false;
    try {
      const full = evidencePath(root, f.path);
      return existsSync(full) && statSync(full).size === f.bytes;
    } catch {
      return false;
    }
  });
}

/** A configuration row as the audit log keeps it: no password hash, no secrets. */
export function redactData(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  delete out.password_hash;
  return JSON.parse(redactSecrets(JSON.stringify(out))) as Record<string, unknown>;
}
