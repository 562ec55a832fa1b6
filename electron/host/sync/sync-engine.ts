import { CodedError } from '../../shared/coded-error';
import type { StoredAlarm } from '../store/alarms';
import { pullAlarm } from './alarm-sync';
import pg from 'pg';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import type { SyncConfig, SyncStatus } from '../../shared/api/methods/sync';
import { syncConfigSchema } from '../../shared/api/methods/sync';
import { redactSecrets } from '../../shared/util/redact';
import type { ControlRoomStore } from '../store/store';
import { checkConnection, type ConnectionCheck } from './connection-check';
import { configAdapters } from './config-adapters';
import { backoffDelay, drainBatches, isCaughtUp, reportedState } from './cycle-rules';
import { downloadMissing } from './evidence-sync';
import { downloadModelFiles } from './model-file-sync';
import { DEFAULT_CHUNK_BYTES } from './evidence-transfer';
import { pushBatch } from './outbox-push';
import { classifyPgError } from './pg-errors';
import { ensurePgSchema } from './pg-schema';
import { pullInfraction, pullBatch } from './remote-pull';
import {
  describeServer,
  loadSyncConfig,
  pgClientConfig,
  STATE_CONFIG,
  toStoredConfig,
  type StoredSyncConfig,
} from './sync-config';
import { NOTIFY_CHANNEL, newCounters, type SyncContext, type SyncCounters } from './sync-context';

export { classifyPgError } from './pg-errors';
export type { SyncCounters } from './sync-context';

export interface SyncEngineOptions {
  /** Outbox rows pushed per PostgreSQL transaction. */
  batchSize?: number;
  /** Pull even without a notification this often (ms). */
  pollMs?: number;
  connectTimeoutMs?: number;
  /** A query slower than this counts as a failure (slow server) and is retried. */
  queryTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  chunkBytes?: number;
  /** Evidence files downloaded per cycle. */
  downloadsPerCycle?: number;
  onLog?: (line: string) => void;
}

/**
 * Outbox sync with a shared PostgreSQL server. Local work never waits on it: changes are queued
 * in the SQLite outbox by the same transaction that makes them, and this loop pushes them in
 * batches (idempotent upserts keyed by id), pulls what other workstations wrote since its cursor,
 * and moves evidence bytes both ways. Any failure closes the connection and retries with backoff;
 * an outbox row is removed only after the server committed it, so nothing is lost, and every
 * write is an idempotent upsert, so nothing is duplicated when a batch is retried.
 */
export class SyncEngine {
  private readonly opts: Required<Omit<SyncEngineOptions, 'onLog'>> &
    Pick<SyncEngineOptions, 'onLog'>;
  private readonly ctx: SyncContext;
  private client: pg.Client | undefined;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private applying = false;
  private consecutiveFailures = 0;
  private state: SyncStatus['state'] = 'disabled';
  private lastError: { code: string; message: string } | undefined;
  private lastSyncAt: number | undefined;
  private nextRetryAt: number | undefined;
  private unsubscribe: (() => void) | undefined;
  readonly counters: SyncCounters = newCounters();

  constructor(
    private readonly store: ControlRoomStore,
    opts: SyncEngineOptions = {},
  ) {
    this.opts = {
      batchSize: 500,
      pollMs: 2000,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 15_000,
      backoffInitialMs: 500,
      backoffMaxMs: 30_000,
      chunkBytes: DEFAULT_CHUNK_BYTES,
      downloadsPerCycle: 50,
      ...opts,
    };
    this.ctx = {
      store,
      adapters: configAdapters(store),
      counters: this.counters,
      opts: this.opts,
      ownTx: (fn) => this.ownTx(fn),
    };
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Saves the connection settings (password encrypted) and (re)starts syncing with them. */
  async configure(input: SyncConfig, actor: string): Promise<SyncStatus> {
    const config = syncConfigSchema.parse(input);
    const stored = this.toStored(config);
    this.store.tx(() => {
      this.store.setState(STATE_CONFIG, JSON.stringify(stored));
      this.store.audit.append(actor, 'sync.configure', 'sync', {
        server: describeServer(stored),
        tls: stored.tls,
        enabled: stored.enabled,
      });
    });
    await this.stop();
    this.start();
    return this.status();
  }

  /** Tries a connection and the schema check without saving anything. */
  async test(input: SyncConfig): Promise<ConnectionCheck> {
    return checkConnection(this.clientConfig(this.toStored(syncConfigSchema.parse(input))));
  }

  private loadConfig(): StoredSyncConfig | undefined {
    return loadSyncConfig(this.store);
  }

  private toStored(config: SyncConfig): StoredSyncConfig {
    return toStoredConfig(config, (secret) => this.store.secretBox.encrypt(secret));
  }

  private clientConfig(c: StoredSyncConfig): pg.ClientConfig {
    const password = c.passwordBlob ? this.store.secretBox.decrypt(c.passwordBlob) : undefined;
    return pgClientConfig(c, password, {
      connectTimeoutMs: this.opts.connectTimeoutMs,
      queryTimeoutMs: this.opts.queryTimeoutMs,
      hostId: this.store.hostId,
    });
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Starts the loop when a server is configured and enabled; otherwise stays `disabled`. */
  start(): void {
    if (this.running) return;
    const config = this.loadConfig();
    if (!config || !config.enabled) {
      this.state = 'disabled';
      return;
    }
    this.running = true;
    this.state = 'connecting';
    this.unsubscribe = this.store.onChange(() => {
      if (!this.applying) this.kick();
    });
    this.loopDone = this.loop(config);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.();
    await this.loopDone;
    this.loopDone = undefined;
    await this.closeClient();
    // Not syncing any more; status() still counts what waits in the outbox.
    this.state = 'disabled';
  }

  /**
   * The engine's own local writes (acks, pulled rows) must not wake the loop again, or an idle
   * loop would spin; what they queue (conflict notes) is picked up at the end of the cycle.
   */
  private ownTx<T>(fn: () => T): T {
    this.applying = true;
    try {
      return this.store.tx(fn);
    } finally {
      this.applying = false;
    }
  }

  /** Run a cycle as soon as possible (a local change happened, or a notification arrived). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  status(): SyncStatus {
    const behind = (
      this.store.db.prepare('SELECT COUNT(*) AS n FROM sync_outbox').get() as { n: number }
    ).n;
    const pendingDownloads = (
      this.store.db
        .prepare('SELECT COUNT(*) AS n FROM evidence_files WHERE present = 0 AND pruned_at IS NULL')
        .get() as { n: number }
    ).n;
    const conflicts = (
      this.store.db.prepare('SELECT COUNT(*) AS n FROM sync_conflicts').get() as { n: number }
    ).n;
    const state = reportedState(this.state, behind);
    return {
      state,
      behind,
      pendingDownloads,
      conflicts,
      errorCode: state === 'error' ? this.lastError?.code : undefined,
      error: state === 'error' ? this.lastError?.message : undefined,
      lastSyncAt: this.lastSyncAt,
      nextRetryAt: state === 'error' ? this.nextRetryAt : undefined,
      server: describeServer(this.loadConfig()),
    };
  }

  /** Resolves once a cycle left nothing to push (or rejects after timeoutMs). */
  async waitUntilSynced(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // "Synced" includes pulling what others pushed before this call: a cycle already running may
    // have pulled too early, so wait for one that started after it (two completions from now).
    const cyclesAtCall = this.counters.cycles;
    while (Date.now() < deadline) {
      if (isCaughtUp(this.status(), this.counters.cycles, cyclesAtCall)) return;
      this.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
    const s = this.status();
    throw new Error(`sync not caught up after ${timeoutMs} ms: ${JSON.stringify(s)}`);
  }

  private async loop(config: StoredSyncConfig): Promise<void> {
    while (this.running) {
      try {
        this.kicked = false;
        await this.cycle(config);
        this.counters.cycles++;
        this.consecutiveFailures = 0;
        this.lastError = undefined;
        this.nextRetryAt = undefined;
        this.state = 'connected';
        this.lastSyncAt = Date.now();
        if (!this.kicked && this.running) await this.sleep(this.opts.pollMs, true);
      } catch (e) {
        this.consecutiveFailures++;
        this.counters.failures++;
        this.lastError = classifyPgError(e);
        this.state = 'error';
        this.opts.onLog?.(`sync: ${this.lastError.code}: ${this.lastError.message}`);
        await this.closeClient();
        const delay = backoffDelay(this.consecutiveFailures, this.opts);
        this.nextRetryAt = Date.now() + delay;
        // Backoff is not cut short by local changes: they wait in the outbox either way.
        if (this.running) await this.sleep(delay, false);
      }
    }
  }

  private sleep(ms: number, wakeOnKick: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = wakeOnKick ? done : () => (this.running ? undefined : done());
    });
  }

  private async closeClient(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.end().catch(() => {});
  }

  private async connect(config: StoredSyncConfig): Promise<pg.Client> {
    if (this.client) return this.client;
    this.state = this.state === 'error' ? 'error' : 'connecting';
    const client = new pg.Client(this.clientConfig(config));
    // A dropped connection surfaces here and on the next query; the loop reconnects.
    client.on('error', (e) => {
      this.opts.onLog?.(`sync: connection lost: ${redactSecrets(e.message)}`);
      if (this.client === client) this.client = undefined;
    });
    client.on('notification', (n) => {
      if (n.payload !== this.store.hostId) this.kick();
    });
    try {
      await client.connect();
      await ensurePgSchema(client);
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    this.client = client;
    return client;
  }

  // ---- one cycle ------------------------------------------------------------------------------

  /** Connects if needed, pushes the whole outbox, pulls, downloads missing evidence. Throws on failure. */
  async cycle(config = this.loadConfig()): Promise<void> {
    if (!config) throw new CodedError('sync.error.notConfigured', 'no shared server configured');
    const client = await this.connect(config);
    await drainBatches(this.opts.batchSize, () => pushBatch(this.ctx, client));
    await drainBatches(this.opts.batchSize, () => pullBatch(this.ctx, client));
    const moreEvidence = await downloadMissing(this.ctx, client);
    const moreToDownload = (await downloadModelFiles(this.ctx, client)) || moreEvidence;
    // Pulls can queue entries of their own (conflict notes), and downloads go a slice per cycle
    // so pushes are never starved: either way, go again without waiting for the poll.
    if (moreToDownload || this.store.db.prepare('SELECT 1 FROM sync_outbox LIMIT 1').get())
      this.kicked = true;
  }

  /**
   * Before a decision, make sure the local copy is not behind the server (when connected), so a
   * decision someone else already made shows up as "already decided by X at T" right away.
   */
  async refreshInfraction(id: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const r = await client.query<{ data: InfractionRecord; change_id: string }>(
        'SELECT data, change_id FROM watcher.infractions WHERE id = $1',
        [id],
      );
      const row = r.rows[0];
      if (row) this.ownTx(() => pullInfraction(this.ctx, row.data, row.change_id));
    } catch {
      // Offline or busy: decide locally; the push resolves any conflict later.
    }
  }

  /** Brings the server's latest version of an alarm before an operator acts on it. */
  async refreshAlarm(id: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const r = await client.query<{ data: StoredAlarm; change_id: string }>(
        'SELECT data, change_id FROM watcher.alarms WHERE id = $1',
        [id],
      );
      const row = r.rows[0];
      if (row) this.ownTx(() => pullAlarm(this.ctx, row.data, row.change_id));
    } catch {
      // Offline or busy: act locally; the push resolves any conflict later.
    }
  }
}
