import type Database from 'better-sqlite3';
import type { ControlRoomStore } from '../store/store';
import type { OutboxEntity } from '../store/store-core';

/** A configuration row as the shared server stores it: last writer (updatedAt, origin) wins. */
export interface ConfigSnapshot {
  updatedAt: number;
  origin: string;
  data: Record<string, unknown>;
}

export interface ConfigAdapter {
  export(key: string): ConfigSnapshot | undefined;
  /** Writes the server's version locally (no outbox entry: it is already on the server). */
  apply(key: string, snap: ConfigSnapshot): void;
}

export type ConfigEntity = Extract<
  OutboxEntity,
  | 'camera'
  | 'zone'
  | 'rule_set'
  | 'calibration'
  | 'user'
  | 'model_version'
  | 'model_alias'
  | 'model_alias_history'
  | 'model_evaluation'
  | 'model_shadow'
  | 'model_shadow_decision'
  | 'legal_code'
>;
export const CONFIG_ENTITIES: readonly ConfigEntity[] = [
  'camera',
  'zone',
  'rule_set',
  'calibration',
  'user',
  'model_version',
  'model_alias',
  'model_alias_history',
  'model_evaluation',
  'model_shadow',
  'model_shadow_decision',
  'legal_code',
];

/** Strict LWW order; the origin breaks exact timestamp ties the same way on every workstation. */
export function newerThan(
  a: { updatedAt: number; origin: string },
  b: { updatedAt: number; origin: string },
): boolean {
  return a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.origin > b.origin);
}

function rowAdapter(
  db: Database.Database,
  table: string,
  keyWhere: string,
  keyArgs: (key: string) => unknown[],
  /** Columns never sent (local-only state such as secrets and lock-out counters). */
  localOnly: readonly string[],
  stamp: (row: Record<string, unknown>) => { updatedAt: number; origin: string },
): ConfigAdapter {
  return {
    export(key) {
      const row = db.prepare(`SELECT * FROM ${table} WHERE ${keyWhere}`).get(...keyArgs(key)) as
        Record<string, unknown> | undefined;
      if (!row) return undefined;
      const data = { ...row };
      for (const c of localOnly) delete data[c];
      return { ...stamp(row), data };
    },
    apply(_key, snap) {
      const cols = Object.keys(snap.data);
      const existing = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{
        name: string;
        pk: number;
      }>;
      const known = new Set(existing.map((c) => c.name));
      const use = cols.filter((c) => known.has(c) && !localOnly.includes(c));
      const pk = existing.filter((c) => c.pk > 0).map((c) => c.name);
      const updates = use.filter((c) => !pk.includes(c)).map((c) => `${c} = excluded.${c}`);
      db.prepare(
        `INSERT INTO ${table} (${use.join(', ')}) VALUES (${use.map(() => '?').join(', ')})
         ON CONFLICT(${pk.join(', ')}) DO ${updates.length ? 'UPDATE SET ' + updates.join(', ') : 'NOTHING'}`,
      ).run(...use.map((c) => snap.data[c] as unknown));
    },
  };
}

export function configAdapters(store: ControlRoomStore): Record<ConfigEntity, ConfigAdapter> {
  const { db } = store;
  const byUpdated = (r: Record<string, unknown>) => ({
    updatedAt: r.updated_at as number,
    origin: r.origin as string,
  });
  const byCreated = (r: Record<string, unknown>) => ({
    updatedAt: r.created_at as number,
    origin: store.hostId,
  });
  const versionKey = (key: string) => {
    const i = key.lastIndexOf(':');
    return [key.slice(0, i), Number(key.slice(i + 1))];
  };
  const user = rowAdapter(
    db,
    'users',
    'id = ?',
    (k) => [k],
    ['failed_attempts', 'locked_until'],
    byUpdated,
  );
  const parts = (n: number) => (key: string) => {
    const p = key.split('\n');
    return p.length === n ? p.map((v, i) => (i === 2 && n === 3 ? Number(v) : v)) : [key];
  };
  const aliasHistory = rowAdapter(db, 'model_alias_history', 'id = ?', (k) => [k], [], byUpdated);
  return {
    ...modelRegistryAdapters(store, parts, aliasHistory),
    // Camera passwords are encrypted with this workstation's key, which no other one has: they stay local.
    camera: rowAdapter(db, 'cameras', 'id = ?', (k) => [k], ['secret_blob'], byUpdated),
    zone: rowAdapter(db, 'zones', 'id = ?', (k) => [k], [], byUpdated),
    legal_code: rowAdapter(db, 'legal_codes', 'id = ?', (k) => [k], [], byUpdated),
    rule_set: rowAdapter(
      db,
      'rule_sets',
      'camera_id = ? AND version = ?',
      versionKey,
      [],
      byCreated,
    ),
    calibration: rowAdapter(
      db,
      'calibrations',
      'camera_id = ? AND version = ?',
      versionKey,
      [],
      byCreated,
    ),
    user: {
      export: user.export,
      apply(key, snap) {
        // The same username created on two workstations while apart: the server's account wins.
        db.prepare('DELETE FROM users WHERE username = ? AND id <> ?').run(snap.data.username, key);
        user.apply(key, snap);
      },
    },
  };
}

/** The model registry's tables (electron/host/store/model-registry.ts): LWW rows like the rest. */
function modelRegistryAdapters(
  store: ControlRoomStore,
  parts: (n: number) => (key: string) => unknown[],
  aliasHistory: ConfigAdapter,
): Record<Extract<ConfigEntity, `model_${string}`>, ConfigAdapter> {
  const { db } = store;
  const byUpdated = (r: Record<string, unknown>) => ({
    updatedAt: r.updated_at as number,
    origin: r.origin as string,
  });
  return {
    // Whether the file is here is this workstation's own business: it is fetched after the row.
    model_version: rowAdapter(
      db,
      'model_versions',
      'sha256 = ?',
      (k) => [k],
      ['present'],
      byUpdated,
    ),
    model_alias: rowAdapter(
      db,
      'model_aliases',
      'group_id = ? AND alias = ?',
      parts(2),
      [],
      byUpdated,
    ),
    model_alias_history: {
      export: aliasHistory.export,
      apply(key, snap) {
        aliasHistory.apply(key, snap);
        if (snap.data.sha256 === null)
          store.models.applyRemoteClear({
            group: snap.data.group_id as string,
            alias: snap.data.alias as string,
            at: snap.data.at as number,
          });
      },
    },
    model_evaluation: rowAdapter(db, 'model_evaluations', 'id = ?', (k) => [k], [], byUpdated),
    model_shadow: rowAdapter(
      db,
      'model_shadow_stats',
      'sha256 = ? AND camera_id = ? AND bucket_start = ?',
      parts(3),
      [],
      byUpdated,
    ),
    model_shadow_decision: rowAdapter(
      db,
      'model_shadow_decisions',
      'infraction_id = ? AND sha256 = ?',
      parts(2),
      [],
      byUpdated,
    ),
  };
}
