import type pg from 'pg';
import type { AlarmSyncPayload, StoredAlarm, StoredHistoryEntry } from '../store/alarms';
import { infractionPullAction, infractionPushAction } from './conflict-rules';
import { keepSyncWinner } from './local-apply';
import type { OutboxRow, SyncContext } from './sync-context';

/**
 * Alarms and their history on the shared server. Alarms follow the review decisions' rules
 * (optimistic versions with change ids, the same push/pull conflict rules: the first change to
 * reach the server wins, the other is kept in sync_conflicts and the audit log). History entries
 * are append-only rows with their own ids, so comments and actions from every workstation add up.
 */

export interface AlarmPushRows {
  alarms: Array<{ row: OutboxRow; p: AlarmSyncPayload }>;
  history: Array<{ row: OutboxRow; entry: StoredHistoryEntry }>;
  gone: OutboxRow[];
}

export interface AlarmPushOutcome {
  synced: Array<{ id: string; version: number }>;
  conflicts: Array<{ local: AlarmSyncPayload; remote: StoredAlarm; changeId: string }>;
}

export function collectAlarmRows(ctx: SyncContext, entries: OutboxRow[]): AlarmPushRows {
  const out: AlarmPushRows = { alarms: [], history: [], gone: [] };
  for (const e of entries) {
    if (e.entity === 'alarm') {
      const p = ctx.store.alarms.exportForSync(e.key);
      if (p) out.alarms.push({ row: e, p });
      else out.gone.push(e);
    } else if (e.entity === 'alarm_history') {
      const entry = ctx.store.alarms.historyEntry(e.key);
      if (entry) out.history.push({ row: e, entry });
      else out.gone.push(e);
    }
  }
  return out;
}

const RECORDSET = `jsonb_to_recordset($1::jsonb) AS x(id uuid, version integer, change_id uuid, origin text,
  state text, last_at bigint, updated_at bigint, data jsonb)`;

function alarmRows(list: AlarmSyncPayload[]): string {
  return JSON.stringify(
    list.map((p) => ({
      id: p.alarm.id,
      version: p.alarm.version,
      change_id: p.changeId,
      origin: p.alarm.origin,
      state: p.alarm.state,
      last_at: p.alarm.lastAt,
      updated_at: p.alarm.updatedAt,
      data: p.alarm,
    })),
  );
}

/** Inside the push's server transaction (write lock held). */
export async function pushAlarmRows(
  ctx: SyncContext,
  client: pg.Client,
  rows: AlarmPushRows,
): Promise<AlarmPushOutcome> {
  const { store } = ctx;
  const outcome: AlarmPushOutcome = { synced: [], conflicts: [] };
  if (rows.history.length) {
    await client.query(
      `INSERT INTO watcher.alarm_history (id, alarm_id, origin, at, data, seq)
       SELECT x.id, x.alarm_id, x.origin, x.at, x.data, nextval('watcher.change_seq')
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, alarm_id uuid, origin text, at bigint, data jsonb)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          rows.history.map((h) => ({
            id: h.entry.id,
            alarm_id: h.entry.alarmId,
            origin: h.entry.origin,
            at: h.entry.at,
            data: h.entry,
          })),
        ),
      ],
    );
  }
  if (!rows.alarms.length) return outcome;
  const remote = await client.query<{ id: string; version: number; change_id: string }>(
    'SELECT id, version, change_id FROM watcher.alarms WHERE id = ANY($1::uuid[])',
    [rows.alarms.map((a) => a.p.alarm.id)],
  );
  const byId = new Map(remote.rows.map((r) => [r.id, r]));
  const inserts: AlarmSyncPayload[] = [];
  const updates: AlarmSyncPayload[] = [];
  const conflictIds: string[] = [];
  for (const { p } of rows.alarms) {
    const r = byId.get(p.alarm.id);
    const action = infractionPushAction(p, r, () =>
      store.alarms.isOwnChange(p.alarm.id, r!.version, r!.change_id),
    );
    if (action === 'insert') inserts.push(p);
    else if (action === 'already')
      outcome.synced.push({ id: p.alarm.id, version: p.alarm.version });
    else if (action === 'update') updates.push(p);
    else conflictIds.push(p.alarm.id);
  }
  if (inserts.length)
    await client.query(
      `INSERT INTO watcher.alarms (id, version, change_id, origin, pushed_by, state, last_at, updated_at, data, seq)
       SELECT x.id, x.version, x.change_id, x.origin, $2, x.state, x.last_at, x.updated_at, x.data,
              nextval('watcher.change_seq') FROM ${RECORDSET}`,
      [alarmRows(inserts), store.hostId],
    );
  if (updates.length)
    await client.query(
      `UPDATE watcher.alarms t SET version = x.version, change_id = x.change_id, state = x.state,
         last_at = x.last_at, updated_at = x.updated_at, data = x.data, pushed_by = $2,
         seq = nextval('watcher.change_seq')
       FROM ${RECORDSET} WHERE t.id = x.id`,
      [alarmRows(updates), store.hostId],
    );
  for (const p of [...inserts, ...updates])
    outcome.synced.push({ id: p.alarm.id, version: p.alarm.version });
  if (conflictIds.length) {
    const winners = await client.query<{ id: string; data: StoredAlarm; change_id: string }>(
      'SELECT id, data, change_id FROM watcher.alarms WHERE id = ANY($1::uuid[])',
      [conflictIds],
    );
    for (const w of winners.rows) {
      const local = rows.alarms.find((a) => a.p.alarm.id === w.id)!.p;
      outcome.conflicts.push({ local, remote: w.data, changeId: w.change_id });
    }
  }
  return outcome;
}

/** After the server committed (inside ctx.ownTx). */
export function applyAlarmPushOutcome(ctx: SyncContext, o: AlarmPushOutcome): void {
  for (const r of o.synced) ctx.store.alarms.markSynced(r.id, r.version);
  for (const c of o.conflicts) resolveAlarmConflict(ctx, c.local, c.remote, c.changeId);
}

/**
 * Another workstation changed the alarm first: its version is kept; ours is recorded in
 * sync_conflicts, the audit log and the alarm's history, so nothing an operator did is lost.
 */
export function resolveAlarmConflict(
  ctx: SyncContext,
  local: AlarmSyncPayload,
  winner: StoredAlarm,
  changeId: string,
): void {
  keepSyncWinner(ctx, {
    entity: 'alarm',
    id: winner.id,
    local: local.alarm,
    winner,
    apply: () => {
      ctx.store.alarms.applyRemote(winner, changeId);
      ctx.store.alarms.addHistory(winner.id, {
        at: ctx.store.now(),
        by: 'system',
        action: 'comment',
        text: 'alarms.history.syncConflict',
      });
    },
    auditAction: 'sync.alarmConflict',
    auditDetails: {
      kept: { state: winner.state, version: winner.version, owner: winner.owner },
      discarded: {
        state: local.alarm.state,
        version: local.alarm.version,
        owner: local.alarm.owner,
        acknowledgedBy: local.alarm.acknowledgedBy,
        closedBy: local.alarm.closedBy,
        closeReason: local.alarm.closeReason,
      },
    },
  });
}

function cursor(ctx: SyncContext, name: string): string {
  return ctx.store.getState(`sync.cursor.${name}`) ?? '0';
}

/** Pulls one batch of alarms and history entries; returns the larger batch size. */
export async function pullAlarms(ctx: SyncContext, client: pg.Client): Promise<number> {
  const { store } = ctx;
  const n = ctx.opts.batchSize;
  const me = store.hostId;
  const alarms = await client.query<{
    data: StoredAlarm | null;
    change_id: string;
    version: number;
    seq: string;
    mine: boolean;
  }>(
    `SELECT CASE WHEN pushed_by = $3 THEN NULL ELSE data END AS data, change_id, version, seq, pushed_by = $3 AS mine
     FROM watcher.alarms WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [cursor(ctx, 'alarms'), n, me],
  );
  const history = await client.query<{
    data: StoredHistoryEntry | null;
    seq: string;
    mine: boolean;
  }>(
    `SELECT CASE WHEN origin = $3 THEN NULL ELSE data END AS data, seq, origin = $3 AS mine
     FROM watcher.alarm_history WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [cursor(ctx, 'alarm_history'), n, me],
  );
  ctx.ownTx(() => {
    for (const r of alarms.rows) if (!r.mine && r.data) pullAlarm(ctx, r.data, r.change_id);
    for (const r of history.rows) if (!r.mine && r.data) store.alarms.importHistory(r.data, false);
    if (alarms.rows.length)
      store.setState('sync.cursor.alarms', alarms.rows[alarms.rows.length - 1].seq);
    if (history.rows.length)
      store.setState('sync.cursor.alarm_history', history.rows[history.rows.length - 1].seq);
  });
  ctx.counters.pulledRows +=
    alarms.rows.filter((r) => !r.mine).length + history.rows.filter((r) => !r.mine).length;
  return Math.max(alarms.rows.length, history.rows.length);
}

/** Brings one alarm from the server into the local store (inside ctx.ownTx). */
export function pullAlarm(ctx: SyncContext, remote: StoredAlarm, changeId: string): void {
  const { alarms } = ctx.store;
  const action = infractionPullAction(alarms.row(remote.id), remote, changeId, () =>
    alarms.isOwnChange(remote.id, remote.version, changeId),
  );
  switch (action) {
    case 'apply':
      return alarms.applyRemote(remote, changeId);
    case 'mark-synced':
      return alarms.markSynced(remote.id, remote.version);
    case 'conflict':
      return resolveAlarmConflict(ctx, alarms.exportForSync(remote.id)!, remote, changeId);
    case 'ignore':
      return;
  }
}
