import type { ControlRoomStore } from '../store/store';
import type { OutboxEntity } from '../store/store-core';
import type { ConfigAdapter, ConfigEntity } from './config-adapters';

export interface SyncCounters {
  /** Completed sync cycles (an idle engine runs one per pollMs). */
  cycles: number;
  pushedRows: number;
  pulledRows: number;
  uploadedFiles: number;
  uploadedBytes: number;
  downloadedFiles: number;
  downloadedBytes: number;
  conflicts: number;
  failures: number;
}

export function newCounters(): SyncCounters {
  return {
    cycles: 0,
    pushedRows: 0,
    pulledRows: 0,
    uploadedFiles: 0,
    uploadedBytes: 0,
    downloadedFiles: 0,
    downloadedBytes: 0,
    conflicts: 0,
    failures: 0,
  };
}

export interface OutboxRow {
  seq: number;
  entity: OutboxEntity;
  key: string;
  rev: number;
}

/** The channel workstations NOTIFY (payload: their host id) after pushing. */
export const NOTIFY_CHANNEL = 'watcher_changes';

/** What the push, pull and evidence steps of a cycle share with the engine that runs them. */
export interface SyncContext {
  readonly store: ControlRoomStore;
  readonly adapters: Record<ConfigEntity, ConfigAdapter>;
  readonly counters: SyncCounters;
  readonly opts: {
    /** Rows per PostgreSQL transaction (push) or query (pull). */
    readonly batchSize: number;
    readonly chunkBytes: number;
    /** Evidence files downloaded per cycle. */
    readonly downloadsPerCycle: number;
  };
  /** A local transaction that does not wake the loop again (see SyncEngine). */
  ownTx<T>(fn: () => T): T;
}
