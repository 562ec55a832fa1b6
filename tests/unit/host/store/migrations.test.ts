import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../electron/host/store/migrations';
import { openTestStore } from './helpers';
import { CodedError } from '../../../../electron/shared/coded-error';

describe('store migrations', () => {
  it('creates the schema in WAL mode and reopens without migrating again', () => {
    const t = openTestStore();
    try {
      expect(t.store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(t.store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const tables = (
        t.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[]
      ).map((r) => r.name);
      for (const name of [
        'cameras',
        'models',
        'calibrations',
        'rule_sets',
        'zones',
        'infractions',
        'evidence_files',
        'events',
        'metrics',
        'users',
        'sessions',
        'audit_log',
        'sync_outbox',
        'sync_state',
      ]) {
        expect(tables).toContain(name);
      }
      const hostId = t.store.hostId;
      const file = path.join(t.dir, 'watcher.db');
      t.store.close();
      const again = openTestStore({ dir: t.dir, file });
      expect(again.store.hostId).toBe(hostId);
      again.store.close();
    } finally {
      t.cleanup();
    }
  });

  it('refuses a database written by a newer Watcher, with a clear code', () => {
    const t = openTestStore();
    const file = path.join(t.dir, 'watcher.db');
    t.store.close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    db.close();
    try {
      openTestStore({ dir: t.dir, file });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CodedError);
      expect((e as CodedError).code).toBe('store.error.schemaNewer');
      expect((e as CodedError).message).toMatch(/newer than this Watcher/);
    } finally {
      t.cleanup();
    }
  });
});
