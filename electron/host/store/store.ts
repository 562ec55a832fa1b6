import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { SecretBox } from '../secrets/secret-box';
import { AlarmStore } from './alarms';
import { ApiKeyRepo } from './api-keys';
import { AuditLog } from './audit';
import { CameraRepo } from './cameras';
import { CheckpointRepo } from './checkpoints';
import { ConfigRepo } from './config-repo';
import { InfractionRepo } from './infractions';
import { LegalCodeRepo } from './legal-codes';
import { migrate, SCHEMA_VERSION } from './migrations';
import { ModelRegistryRepo } from './model-registry';
import path from 'node:path';

import type { OutboxEntity, StoreCore } from './store-core';

export interface OpenStoreOptions {
  /** SQLite file, or ':memory:' in tests. */
  file: string;
  secretBox: SecretBox;
  /** Clock (epoch ms); tests inject one. */
  now?: () => number;
  /** Directory that EvidenceFile.path values are relative to. */
  evidenceRoot?: string;
}

/**
 * The host's local database: opens (and migrates) the SQLite file and groups the repositories.
 * Services (auth, review, reports, sync, retention) are built on top of it.
 */
export class ControlRoomStore implements StoreCore {
  readonly hostId: string;
  readonly audit: AuditLog;
  readonly cameras: CameraRepo;
  readonly config: ConfigRepo;
  readonly infractions: InfractionRepo;
  readonly checkpoints: CheckpointRepo;
  readonly alarms: AlarmStore;
  readonly apiKeys: ApiKeyRepo;
  readonly models: ModelRegistryRepo;
  readonly legalCodes: LegalCodeRepo;
  private readonly outboxInsert: Database.Statement;
  private readonly changeListeners = new Set<() => void>();

  private constructor(
    readonly db: Database.Database,
    readonly secretBox: SecretBox,
    readonly now: () => number,
    readonly evidenceRoot: string | undefined,
  ) {
    this.hostId = this.getState('host.id') ?? this.initHostId();
    this.outboxInsert = db.prepare(
      `INSERT INTO sync_outbox (entity, key, created_at) VALUES (?, ?, ?)
       ON CONFLICT(entity, key) DO UPDATE SET rev = rev + 1`,
    );
    this.audit = new AuditLog(db, this.hostId, now, (id) => this.enqueue('audit', id));
    this.cameras = new CameraRepo(this);
    this.config = new ConfigRepo(this);
    this.infractions = new InfractionRepo(this);
    this.checkpoints = new CheckpointRepo(this);
    this.alarms = new AlarmStore(this);
    this.apiKeys = new ApiKeyRepo(this);
    // Registry files default to <data dir>/models/registry (the evidence folder's sibling).
    this.models = new ModelRegistryRepo(
      this,
      evidenceRoot ? path.join(path.dirname(evidenceRoot), 'models', 'registry') : undefined,
    );
    this.legalCodes = new LegalCodeRepo(this);
  }

  static open(opts: OpenStoreOptions): ControlRoomStore {
    const db = new Database(opts.file);
    try {
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a power cut may lose the last transactions but never corrupts the file.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      // Report group-bys sort in memory instead of temp files.
      db.pragma('temp_store = MEMORY');
      migrate(db);
    } catch (e) {
      db.close();
      throw e;
    }
    return new ControlRoomStore(db, opts.secretBox, opts.now ?? Date.now, opts.evidenceRoot);
  }

  get schemaVersion(): number {
    return SCHEMA_VERSION;
  }

  /** Runs fn in one transaction (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    const result = this.db.transaction(fn)();
    this.notifyChanged();
    return result;
  }

  /** Records that the shared server needs this entity; call inside the change's transaction. */
  enqueue(entity: OutboxEntity, key: string): void {
    this.outboxInsert.run(entity, key, this.now());
  }

  /** Called after local changes commit, so the sync engine can push without waiting for a poll. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  notifyChanged(): void {
    if (this.db.inTransaction) return;
    for (const l of this.changeListeners) l();
  }

  getState(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as
      { value: string } | undefined;
    return r?.value;
  }

  setState(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  deleteState(key: string): void {
    this.db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private initHostId(): string {
    const id = randomUUID();
    this.setState('host.id', id);
    return id;
  }
}
