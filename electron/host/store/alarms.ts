import { randomUUID } from 'node:crypto';
import { CodedError } from '../../shared/coded-error';
import {
  alarmSettingsSchema,
  type AlarmFilter,
  type AlarmSettings,
} from '../../shared/api/methods/alarms';
import {
  alarmSourceSchema,
  type Alarm,
  type AlarmHistoryEntry,
  type AlarmState,
} from '../../shared/domain/alarm';
import type { StoreCore } from './store-core';
import { decodePageCursor, encodePageCursor } from './page-cursor';

export interface AlarmRow {
  id: string;
  category: string;
  priority: number;
  state: string;
  source_json: string;
  group_key: string;
  camera_id: string | null;
  zone_id: string | null;
  first_at: number;
  last_at: number;
  count: number;
  event_ids_json: string;
  owner: string | null;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  closed_by: string | null;
  closed_at: number | null;
  close_reason: string | null;
  auto_close_sec: number | null;
  cleared_at: number | null;
  version: number;
  synced_version: number;
  change_id: string;
  origin: string;
  created_at: number;
  updated_at: number;
}

/** Host-only fields kept beside the alarm (synced with it, never in the API shape). */
export interface AlarmExtras {
  groupKey: string;
  autoCloseSec?: number;
  clearedAt?: number;
}

export interface StoredAlarm extends Alarm, AlarmExtras {}

export interface StoredHistoryEntry extends AlarmHistoryEntry {
  id: string;
  alarmId: string;
  origin: string;
}

export interface AlarmSyncPayload {
  alarm: StoredAlarm;
  changeId: string;
  syncedVersion: number;
}

export interface AlarmQuery extends AlarmFilter {
  limit?: number;
  cursor?: string;
}

const SETTINGS_KEY = 'alarms.settings';
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toStored(r: AlarmRow): StoredAlarm {
  return {
    id: r.id,
    category: r.category as Alarm['category'],
    priority: r.priority,
    state: r.state as AlarmState,
    source: alarmSourceSchema.parse(JSON.parse(r.source_json)),
    cameraId: opt(r.camera_id),
    zoneId: opt(r.zone_id),
    firstAt: r.first_at,
    lastAt: r.last_at,
    count: r.count,
    eventIds: JSON.parse(r.event_ids_json) as string[],
    owner: opt(r.owner),
    acknowledgedBy: opt(r.acknowledged_by),
    acknowledgedAt: opt(r.acknowledged_at),
    closedBy: opt(r.closed_by),
    closedAt: opt(r.closed_at),
    closeReason: opt(r.close_reason),
    version: r.version,
    origin: r.origin,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    groupKey: r.group_key,
    autoCloseSec: opt(r.auto_close_sec),
    clearedAt: opt(r.cleared_at),
  };
}

/** The API shape: the stored alarm without the host-only fields. */
export function publicAlarm(a: StoredAlarm): Alarm {
  const { groupKey: _g, autoCloseSec: _a, clearedAt: _c, ...alarm } = a;
  return alarm;
}

function columns(a: StoredAlarm, changeId: string, syncedVersion: number): Record<string, unknown> {
  return {
    id: a.id,
    category: a.category,
    priority: a.priority,
    state: a.state,
    source_json: JSON.stringify(a.source),
    group_key: a.groupKey,
    camera_id: a.cameraId ?? null,
    zone_id: a.zoneId ?? null,
    first_at: a.firstAt,
    last_at: a.lastAt,
    count: a.count,
    event_ids_json: JSON.stringify(a.eventIds),
    owner: a.owner ?? null,
    acknowledged_by: a.acknowledgedBy ?? null,
    acknowledged_at: a.acknowledgedAt ?? null,
    closed_by: a.closedBy ?? null,
    closed_at: a.closedAt ?? null,
    close_reason: a.closeReason ?? null,
    auto_close_sec: a.autoCloseSec ?? null,
    cleared_at: a.clearedAt ?? null,
    version: a.version,
    synced_version: syncedVersion,
    change_id: changeId,
    origin: a.origin,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

const COLS = [
  'id',
  'category',
  'priority',
  'state',
  'source_json',
  'group_key',
  'camera_id',
  'zone_id',
  'first_at',
  'last_at',
  'count',
  'event_ids_json',
  'owner',
  'acknowledged_by',
  'acknowledged_at',
  'closed_by',
  'closed_at',
  'close_reason',
  'auto_close_sec',
  'cleared_at',
  'version',
  'synced_version',
  'change_id',
  'origin',
  'created_at',
  'updated_at',
];
const UPSERT = `INSERT OR REPLACE INTO alarms (${COLS.join(', ')}) VALUES (${COLS.map((c) => '@' + c).join(', ')})`;

/**
 * Alarms and their history in the local store. Every change is a new version with a change id
 * (optimistic versioning, like review decisions) and goes to the sync outbox; history entries
 * are append-only rows of their own, so concurrent comments on two workstations never collide.
 */
export class AlarmStore {
  private readonly remoteListeners = new Set<(alarm: StoredAlarm, isNew: boolean) => void>();

  constructor(private readonly store: StoreCore) {}

  /** Told when sync writes another workstation's alarm here (to show it live). */
  onRemoteChange(listener: (alarm: StoredAlarm, isNew: boolean) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  row(id: string): AlarmRow | undefined {
    return this.store.db.prepare('SELECT * FROM alarms WHERE id = ?').get(id) as
      AlarmRow | undefined;
  }

  get(id: string): StoredAlarm | undefined {
    const r = this.row(id);
    return r && toStored(r);
  }

  /** The newest open alarm with this grouping key. */
  openByGroup(groupKey: string): StoredAlarm | undefined {
    const r = this.store.db
      .prepare(
        "SELECT * FROM alarms WHERE group_key = ? AND state <> 'closed' ORDER BY last_at DESC LIMIT 1",
      )
      .get(groupKey) as AlarmRow | undefined;
    return r && toStored(r);
  }

  /** Every open alarm (for auto-close and system conditions); bounded by what is open. */
  listOpen(): StoredAlarm[] {
    return (
      this.store.db.prepare("SELECT * FROM alarms WHERE state <> 'closed'").all() as AlarmRow[]
    ).map(toStored);
  }

  /** Newest first by last event, keyset-paginated on (last_at, id). */
  list(q: AlarmQuery = {}): { items: StoredAlarm[]; nextCursor?: string } {
    const where: string[] = [];
    const params: unknown[] = [];
    const limit = Math.max(1, Math.min(q.limit ?? 100, 500));
    const inList = (col: string, values: readonly unknown[] | undefined) => {
      const v = [...new Set(values ?? [])];
      if (!v.length) return;
      where.push(`${col} IN (${v.map(() => '?').join(',')})`);
      params.push(...v);
    };
    inList('state', q.state);
    inList('priority', q.priority);
    inList('category', q.category);
    if (q.cameraId) {
      where.push('camera_id = ?');
      params.push(q.cameraId);
    }
    if (q.unacknowledged) where.push("acknowledged_at IS NULL AND state <> 'closed'");
    if (q.from !== undefined) {
      where.push('last_at >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('last_at < ?');
      params.push(q.to);
    }
    if (q.cursor) {
      const c = decodePageCursor(q.cursor);
      where.push('(last_at < ? OR (last_at = ? AND id < ?))');
      params.push(c.at, c.at, c.id);
    }
    const rows = this.store.db
      .prepare(
        `SELECT * FROM alarms ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
         ORDER BY last_at DESC, id DESC LIMIT ${limit + 1}`,
      )
      .all(...params) as AlarmRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toStored),
      nextCursor: rows.length > limit && last ? encodePageCursor(last.last_at, last.id) : undefined,
    };
  }

  /** Open alarms nobody acknowledged. */
  unacknowledgedCount(): number {
    return (
      this.store.db
        .prepare(
          "SELECT COUNT(*) AS n FROM alarms WHERE acknowledged_at IS NULL AND state <> 'closed'",
        )
        .get() as { n: number }
    ).n;
  }

  history(alarmId: string): StoredHistoryEntry[] {
    const rows = this.store.db
      .prepare('SELECT * FROM alarm_history WHERE alarm_id = ? ORDER BY at, rowid')
      .all(alarmId) as Array<{
      id: string;
      alarm_id: string;
      at: number;
      by_user: string;
      action: AlarmHistoryEntry['action'];
      from_state: AlarmState | null;
      to_state: AlarmState | null;
      text: string | null;
      origin: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      alarmId: r.alarm_id,
      origin: r.origin,
      at: r.at,
      by: r.by_user,
      action: r.action,
      from: opt(r.from_state),
      to: opt(r.to_state),
      text: opt(r.text),
    }));
  }

  historyEntry(id: string): StoredHistoryEntry | undefined {
    const r = this.store.db.prepare('SELECT alarm_id FROM alarm_history WHERE id = ?').get(id) as
      { alarm_id: string } | undefined;
    return r && this.history(r.alarm_id).find((h) => h.id === id);
  }

  /** Appends a history entry (queued for sync); call inside the change's transaction. */
  addHistory(alarmId: string, entry: AlarmHistoryEntry): void {
    this.importHistory({ ...entry, id: randomUUID(), alarmId, origin: this.store.hostId });
  }

  /**
   * Stores a history entry from this workstation (queued for sync) or the server (not sent
   * back); an id already here is skipped.
   */
  importHistory(e: StoredHistoryEntry, local = e.origin === this.store.hostId): void {
    const r = this.store.db
      .prepare(
        `INSERT OR IGNORE INTO alarm_history (id, alarm_id, at, by_user, action, from_state, to_state, text, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.id,
        e.alarmId,
        e.at,
        e.by,
        e.action,
        e.from ?? null,
        e.to ?? null,
        e.text ?? null,
        e.origin,
      );
    if (local && r.changes) this.store.enqueue('alarm_history', e.id);
  }

  /** A new alarm (version 1) with its first history entry. */
  insert(
    a: Omit<StoredAlarm, 'version' | 'origin' | 'createdAt' | 'updatedAt'>,
    first: AlarmHistoryEntry,
  ): StoredAlarm {
    return this.store.tx(() => {
      const at = this.store.now();
      const changeId = randomUUID();
      const alarm: StoredAlarm = {
        ...a,
        version: 1,
        origin: this.store.hostId,
        createdAt: at,
        updatedAt: at,
      };
      this.store.db.prepare(UPSERT).run(columns(alarm, changeId, 0));
      this.recordChange(alarm.id, 1, changeId);
      this.addHistory(alarm.id, first);
      this.store.enqueue('alarm', alarm.id);
      return alarm;
    });
  }

  /**
   * Writes the next version of an alarm, refusing a stale `expectedVersion` with
   * `alarms.error.versionConflict` ("changed by X at T"), plus its history entries.
   */
  update(
    id: string,
    expectedVersion: number | undefined,
    change: (current: StoredAlarm) => { alarm: StoredAlarm; history: AlarmHistoryEntry[] },
  ): StoredAlarm {
    return this.store.tx(() => {
      const current = this.get(id);
      if (!current) throw new CodedError('alarms.error.notFound', `alarm ${id} not found`, { id });
      if (expectedVersion !== undefined && current.version !== expectedVersion)
        throw alarmConflict(current, this.history(id));
      const { alarm, history } = change(current);
      const at = this.store.now();
      const changeId = randomUUID();
      const row = this.row(id)!;
      const next: StoredAlarm = { ...alarm, version: current.version + 1, updatedAt: at };
      this.store.db.prepare(UPSERT).run(columns(next, changeId, row.synced_version));
      this.recordChange(id, next.version, changeId);
      for (const h of history) this.addHistory(id, h);
      this.store.enqueue('alarm', id);
      return next;
    });
  }

  settings(): AlarmSettings {
    const raw = this.store.db
      .prepare('SELECT value FROM sync_state WHERE key = ?')
      .get(SETTINGS_KEY) as { value: string } | undefined;
    let stored: unknown = {};
    try {
      stored = raw ? JSON.parse(raw.value) : {};
    } catch {
      stored = {};
    }
    const parsed = alarmSettingsSchema.safeParse(stored);
    return parsed.success ? parsed.data : alarmSettingsSchema.parse({});
  }

  saveSettings(patch: Partial<AlarmSettings>): AlarmSettings {
    return this.store.tx(() => {
      const next = alarmSettingsSchema.parse({ ...this.settings(), ...patch });
      this.store.db
        .prepare(
          'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        )
        .run(SETTINGS_KEY, JSON.stringify(next));
      return next;
    });
  }

  // --- sync -------------------------------------------------------------------------------

  exportForSync(id: string): AlarmSyncPayload | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    return { alarm: toStored(row), changeId: row.change_id, syncedVersion: row.synced_version };
  }

  recordChange(id: string, version: number, changeId: string): void {
    this.store.db
      .prepare(
        'INSERT OR REPLACE INTO alarm_changes (alarm_id, version, change_id) VALUES (?, ?, ?)',
      )
      .run(id, version, changeId);
  }

  isOwnChange(id: string, version: number, changeId: string): boolean {
    return !!this.store.db
      .prepare('SELECT 1 FROM alarm_changes WHERE alarm_id = ? AND version = ? AND change_id = ?')
      .get(id, version, changeId);
  }

  markSynced(id: string, version: number): void {
    const { db } = this.store;
    db.prepare(
      'UPDATE alarms SET synced_version = MAX(synced_version, ?) WHERE id = ? AND version >= ?',
    ).run(version, id, version);
    db.prepare('DELETE FROM alarm_changes WHERE alarm_id = ? AND version <= ?').run(id, version);
  }

  /** Stores the server's copy of an alarm (another workstation's, or the winner of a conflict). */
  applyRemote(alarm: StoredAlarm, changeId: string): void {
    const { db } = this.store;
    const isNew = !this.row(alarm.id);
    db.prepare('DELETE FROM alarm_changes WHERE alarm_id = ?').run(alarm.id);
    db.prepare(UPSERT).run(columns(alarm, changeId, alarm.version));
    for (const l of this.remoteListeners) l(alarm, isNew);
  }
}

/** "Changed by X at T": the operator acted on a version someone else has replaced. */
export function alarmConflict(current: StoredAlarm, history: StoredHistoryEntry[]): CodedError {
  const last = history[history.length - 1];
  return new CodedError(
    'alarms.error.versionConflict',
    `the alarm changed since it was loaded (now version ${current.version}, ${current.state}, by ${last?.by ?? '?'}); reload it`,
    { by: last?.by ?? '', at: current.updatedAt, state: current.state, version: current.version },
  );
}
