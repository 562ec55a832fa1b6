import { CodedError, isCodedError } from '../../shared/coded-error';
import pg from 'pg';
import { existsSync, statSync } from 'node:fs';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import type { SyncConfig, SyncStatus } from '../../shared/api/methods/sync';
import { syncConfigSchema } from '../../shared/api/methods/sync';
import { redactSecrets } from '../../shared/util/redact';
import type { AuditEntry } from '../store/audit';
import type { InfractionSyncPayload } from '../store/infractions';
import type { ControlRoomStore } from '../store/store';
import type { OutboxEntity } from '../store/store-core';
import {
  CONFIG_ENTITIES,
  configAdapters,
  newerThan,
  type ConfigAdapter,
  type ConfigEntity,
  type ConfigSnapshot,
} from './config-adapters';
import {
  DEFAULT_CHUNK_BYTES,
  downloadEvidence,
  evidencePath,
  uploadEvidence,
} from './evidence-transfer';
import { ensurePgSchema, PG_SCHEMA_VERSION, WRITE_LOCK } from './pg-schema';

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

interface OutboxRow {
  seq: number;
  entity: OutboxEntity;
  key: string;
  rev: number;
}

const NOTIFY_CHANNEL = 'watcher_changes';
const STATE_CONFIG = 'sync.config';

/** The stored form of SyncConfig: the password (field or inside the URL) only as a SecretBox blob. */
interface StoredSyncConfig extends Omit<SyncConfig, 'password'> {
  passwordBlob?: string;
}

/** i18n code for a connection/query failure. */
export function classifyPgError(e: unknown): { code: string; message: string } {
  if (isCodedError(e)) return { code: e.code, message: e.message };
  const err = e as { code?: string; message?: string };
  const message = redactSecrets(err?.message ?? String(e));
  switch (err?.code) {
    case '28P01':
    case '28000':
      return { code: 'sync.error.auth', message };
    case '3D000':
      return { code: 'sync.error.database', message };
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
    case 'EPIPE':
    case '57P01':
    case '57P02':
    case '57P03':
      return { code: 'sync.error.unreachable', message };
  }
  if (/password must be a string|SASL/i.test(message)) return { code: 'sync.error.auth', message };
  if (/timeout|timed out/i.test(message)) return { code: 'sync.error.timeout', message };
  if (/terminat|closed|not queryable|ended/i.test(message))
    return { code: 'sync.error.unreachable', message };
  return { code: 'sync.error.failed', message };
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
  private readonly adapters: Record<ConfigEntity, ConfigAdapter>;
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
  readonly counters: SyncCounters = {
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
    this.adapters = configAdapters(store);
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Saves the connection settings (password encrypted) and (re)starts syncing with them. */
  async configure(input: SyncConfig, actor: string): Promise<SyncStatus> {
    const config = syncConfigSchema.parse(input);
    const stored = this.toStored(config);
    this.store.tx(() => {
      this.store.setState(STATE_CONFIG, JSON.stringify(stored));
      this.store.audit.append(actor, 'sync.configure', 'sync', {
        server: this.describe(stored),
        tls: stored.tls,
        enabled: stored.enabled,
      });
    });
    await this.stop();
    this.start();
    return this.status();
  }

  /** Tries a connection and the schema check without saving anything. */
  async test(input: SyncConfig): Promise<{
    ok: boolean;
    errorCode?: string;
    error?: string;
    serverVersion?: string;
    schemaVersion?: number;
  }> {
    const stored = this.toStored(syncConfigSchema.parse(input));
    const client = new pg.Client(this.clientConfig(stored));
    client.on('error', () => {});
    try {
      await client.connect();
      const v = await client.query<{ server_version: string }>('SHOW server_version');
      const s = await client
        .query<{ version: number }>('SELECT version FROM watcher.schema_info WHERE id = 1')
        .catch(() => ({ rows: [] as { version: number }[] }));
      const schemaVersion = s.rows[0]?.version;
      if (schemaVersion !== undefined && schemaVersion > PG_SCHEMA_VERSION) {
        return {
          ok: false,
          errorCode: 'sync.error.schemaNewer',
          error: `shared database schema version ${schemaVersion} is newer than this Watcher`,
          serverVersion: v.rows[0]?.server_version,
          schemaVersion,
        };
      }
      return { ok: true, serverVersion: v.rows[0]?.server_version, schemaVersion };
    } catch (e) {
      const { code, message } = classifyPgError(e);
      return { ok: false, errorCode: code, error: message };
    } finally {
      await client.end().catch(() => {});
    }
  }

  private loadConfig(): StoredSyncConfig | undefined {
    const raw = this.store.getState(STATE_CONFIG);
    return raw ? (JSON.parse(raw) as StoredSyncConfig) : undefined;
  }

  private toStored(config: SyncConfig): StoredSyncConfig {
    const { password, ...rest } = config;
    let secret = password;
    if (rest.connectionString) {
      let url: URL;
      try {
        url = new URL(rest.connectionString);
      } catch {
        throw new CodedError('store.error.invalidInput', 'invalid PostgreSQL connection string', {
          field: 'connectionString',
        });
      }
      if (url.password) {
        secret ??= decodeURIComponent(url.password);
        url.password = '';
        rest.connectionString = url.toString();
      }
    }
    return { ...rest, passwordBlob: secret ? this.store.secretBox.encrypt(secret) : undefined };
  }

  private clientConfig(c: StoredSyncConfig): pg.ClientConfig {
    const password = c.passwordBlob ? this.store.secretBox.decrypt(c.passwordBlob) : undefined;
    let connectionString = c.connectionString;
    if (connectionString && password !== undefined) {
      // pg lets the URL's (empty) password override a separate one: put it back into the URL.
      const url = new URL(connectionString);
      url.password = encodeURIComponent(password);
      connectionString = url.toString();
    }
    return {
      ...(connectionString ? { connectionString } : {}),
      ...(c.host ? { host: c.host } : {}),
      ...(c.port ? { port: c.port } : {}),
      ...(c.database ? { database: c.database } : {}),
      ...(c.user ? { user: c.user } : {}),
      ...(password !== undefined ? { password } : {}),
      ssl: c.tls ? { rejectUnauthorized: true } : undefined,
      connectionTimeoutMillis: this.opts.connectTimeoutMs,
      query_timeout: this.opts.queryTimeoutMs,
      keepAlive: true,
      application_name: `watcher-${this.store.hostId.slice(0, 8)}`,
    };
  }

  private describe(c: StoredSyncConfig | undefined): string | undefined {
    if (!c) return undefined;
    if (c.connectionString) return redactSecrets(c.connectionString);
    return `postgres://${c.user ?? ''}@${c.host ?? 'localhost'}:${c.port ?? 5432}/${c.database ?? ''}`;
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
    let state = this.state;
    if (state === 'connected' && behind > 0) state = 'behind';
    return {
      state,
      behind,
      pendingDownloads,
      conflicts,
      errorCode: state === 'error' ? this.lastError?.code : undefined,
      error: state === 'error' ? this.lastError?.message : undefined,
      lastSyncAt: this.lastSyncAt,
      nextRetryAt: state === 'error' ? this.nextRetryAt : undefined,
      server: this.describe(this.loadConfig()),
    };
  }

  /** Resolves once a cycle left nothing to push (or rejects after timeoutMs). */
  async waitUntilSynced(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // "Synced" includes pulling what others pushed before this call: a cycle already running may
    // have pulled too early, so wait for one that started after it (two completions from now).
    const cyclesAtCall = this.counters.cycles;
    while (Date.now() < deadline) {
      const s = this.status();
      const freshCycle = this.counters.cycles >= cyclesAtCall + 2;
      if (freshCycle && s.state === 'connected' && s.behind === 0 && s.pendingDownloads === 0)
        return;
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
        const base = Math.min(
          this.opts.backoffMaxMs,
          this.opts.backoffInitialMs * 2 ** (this.consecutiveFailures - 1),
        );
        const delay = Math.round(base * (0.75 + Math.random() * 0.5));
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
    for (;;) {
      const pushed = await this.pushBatch(client);
      if (pushed < this.opts.batchSize) break;
    }
    for (;;) {
      const pulled = await this.pullBatch(client);
      if (pulled < this.opts.batchSize) break;
    }
    const moreToDownload = await this.downloadMissing(client);
    // Pulls can queue entries of their own (conflict notes), and downloads go a slice per cycle
    // so pushes are never starved: either way, go again without waiting for the poll.
    if (moreToDownload || this.store.db.prepare('SELECT 1 FROM sync_outbox LIMIT 1').get())
      this.kicked = true;
  }

  private async pushBatch(client: pg.Client): Promise<number> {
    const entries = this.store.db
      .prepare('SELECT seq, entity, key, rev FROM sync_outbox ORDER BY seq LIMIT ?')
      .all(this.opts.batchSize) as OutboxRow[];
    if (entries.length === 0) return 0;
    const done: OutboxRow[] = [];

    // Evidence bytes first: by the time another workstation sees an infraction, its files are there.
    for (const e of entries.filter((x) => x.entity === 'evidence')) {
      if (await this.pushEvidence(client, e)) done.push(e);
    }

    const configs: Array<{ row: OutboxRow; entity: ConfigEntity; snap: ConfigSnapshot }> = [];
    const audits: Array<{ row: OutboxRow; entry: AuditEntry }> = [];
    const infractions: Array<{ row: OutboxRow; p: InfractionSyncPayload }> = [];
    for (const e of entries) {
      if (e.entity === 'evidence') continue;
      if (e.entity === 'audit') {
        const entry = this.store.audit.get(e.key);
        if (entry) audits.push({ row: e, entry });
        else done.push(e);
      } else if (e.entity === 'infraction') {
        const p = this.store.infractions.exportForSync(e.key);
        if (p) infractions.push({ row: e, p });
        else done.push(e);
      } else {
        const snap = this.adapters[e.entity as ConfigEntity].export(e.key);
        if (snap) configs.push({ row: e, entity: e.entity as ConfigEntity, snap });
        else done.push(e);
      }
    }

    const losers: Array<{ entity: ConfigEntity; key: string; local: ConfigSnapshot }> = [];
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
                key: c.row.key,
                updated_at: c.snap.updatedAt,
                origin: c.snap.origin,
                data: c.snap.data,
              })),
            ),
          ],
        );
        const ok = new Set(applied.rows.map((r) => `${r.entity}\n${r.key}`));
        for (const c of configs) {
          if (!ok.has(`${c.entity}\n${c.row.key}`))
            losers.push({ entity: c.entity, key: c.row.key, local: c.snap });
        }
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
          if (!r) inserts.push(p);
          else if (r.change_id === p.changeId)
            infractionResults.push({ id: p.record.id, version: p.record.version });
          else if (
            (r.version === p.syncedVersion && p.syncedVersion > 0) ||
            this.store.infractions.isOwnChange(p.record.id, r.version, r.change_id)
          )
            updates.push(p);
          else conflictIds.push(p.record.id);
        }
        const rows = (list: InfractionSyncPayload[]) =>
          JSON.stringify(
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
        const recordset = `jsonb_to_recordset($1::jsonb) AS x(id uuid, version integer, change_id uuid, origin text,
            status text, occurred_at bigint, updated_at bigint, data jsonb)`;
        if (inserts.length) {
          await client.query(
            `INSERT INTO watcher.infractions (id, version, change_id, origin, pushed_by, status, occurred_at, updated_at, data, seq)
             SELECT x.id, x.version, x.change_id, x.origin, $2, x.status, x.occurred_at, x.updated_at, x.data,
                    nextval('watcher.change_seq') FROM ${recordset}`,
            [rows(inserts), this.store.hostId],
          );
        }
        if (updates.length) {
          await client.query(
            `UPDATE watcher.infractions t SET version = x.version, change_id = x.change_id, status = x.status,
               updated_at = x.updated_at, data = x.data, pushed_by = $2, seq = nextval('watcher.change_seq')
             FROM ${recordset} WHERE t.id = x.id`,
            [rows(updates), this.store.hostId],
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
      await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, this.store.hostId]);
      await client.query('COMMIT');

      // The server committed: acknowledge locally. A crash before this line only means the same
      // rows are pushed again next time, which the checks above recognise as already there.
      this.ownTx(() => {
        this.ack([...done, ...entries.filter((e) => e.entity !== 'evidence')]);
        for (const r of infractionResults) this.store.infractions.markSynced(r.id, r.version);
        for (const c of infractionConflicts)
          this.resolveInfractionConflict(c.local, c.remote.data, c.remote.change_id);
        for (const r of remoteConfigs?.rows ?? []) {
          const local = losers.find((l) => l.entity === r.entity && l.key === r.key)!.local;
          this.applyConfigWithConflict(r.entity, r.key, local, {
            updatedAt: Number(r.updated_at),
            origin: r.origin,
            data: r.data,
          });
        }
      });
      this.counters.pushedRows += entries.length;
      return entries.length;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      // Evidence already uploaded is acknowledged even when the row batch failed.
      if (done.length) this.ownTx(() => this.ack(done));
      throw e;
    }
  }

  private async pushEvidence(client: pg.Client, e: OutboxRow): Promise<boolean> {
    const [infractionId, relPath] = e.key.split('\n');
    const row = this.store.db
      .prepare('SELECT sha256, pruned_at FROM evidence_files WHERE infraction_id = ? AND path = ?')
      .get(infractionId, relPath) as { sha256: string; pruned_at: number | null } | undefined;
    const root = this.store.evidenceRoot;
    if (!row || row.pruned_at !== null || !root) return true;
    const r = await uploadEvidence(
      client,
      evidencePath(root, relPath),
      row.sha256,
      this.opts.chunkBytes,
    );
    if (r.outcome === 'uploaded') {
      this.counters.uploadedFiles++;
      this.counters.uploadedBytes += r.bytesSent;
    } else if (r.outcome === 'missing-file' || r.outcome === 'hash-mismatch') {
      // Altered or deleted evidence is never sent; it is reported in the audit log instead.
      this.ownTx(() =>
        this.store.audit.append('system', 'sync.evidenceRefused', `infraction:${infractionId}`, {
          path: relPath,
          reason: r.outcome,
        }),
      );
    }
    return true;
  }

  private ack(rows: OutboxRow[]): void {
    const del = this.store.db.prepare('DELETE FROM sync_outbox WHERE seq = ? AND rev = ?');
    for (const r of rows) del.run(r.seq, r.rev);
  }

  /** The server's decision came first: keep it, record ours as a conflict, tell the audit log. */
  private resolveInfractionConflict(
    local: InfractionSyncPayload,
    winner: InfractionRecord,
    changeId: string,
  ): void {
    const at = this.store.now();
    this.store.db
      .prepare(
        'INSERT INTO sync_conflicts (entity, key, at, local_json, winner_json) VALUES (?, ?, ?, ?, ?)',
      )
      .run('infraction', winner.id, at, JSON.stringify(local.record), JSON.stringify(winner));
    this.applyRemoteInfraction(winner, changeId);
    this.store.db
      .prepare("DELETE FROM sync_outbox WHERE entity = 'infraction' AND key = ?")
      .run(winner.id);
    this.store.audit.append('system', 'sync.decisionConflict', `infraction:${winner.id}`, {
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
    });
    this.counters.conflicts++;
  }

  private applyConfigWithConflict(
    entity: ConfigEntity,
    key: string,
    local: ConfigSnapshot,
    remote: ConfigSnapshot,
  ): void {
    this.adapters[entity].apply(key, remote);
    this.store.db.prepare('DELETE FROM sync_outbox WHERE entity = ? AND key = ?').run(entity, key);
    // Last writer wins, and the audit trail keeps both versions.
    this.store.audit.append('system', 'sync.configConflict', `${entity}:${key}`, {
      kept: { updatedAt: remote.updatedAt, origin: remote.origin, data: redactData(remote.data) },
      discarded: { updatedAt: local.updatedAt, origin: local.origin, data: redactData(local.data) },
    });
    this.counters.conflicts++;
  }

  private applyRemoteInfraction(record: InfractionRecord, changeId: string): void {
    const root = this.store.evidenceRoot;
    this.store.infractions.applyRemote(record, changeId, (f) => {
      if (!root) return false;
      try {
        const full = evidencePath(root, f.path);
        return existsSync(full) && statSync(full).size === f.bytes;
      } catch {
        return false;
      }
    });
  }

  private cursor(name: string): string {
    return this.store.getState(`sync.cursor.${name}`) ?? '0';
  }

  /**
   * Pulls one batch from each shared table, skipping rows this workstation wrote itself (the
   * cursor still moves past them); returns the largest batch size seen.
   */
  private async pullBatch(client: pg.Client): Promise<number> {
    const n = this.opts.batchSize;
    const me = this.store.hostId;
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
      [this.cursor('config'), n, me],
    );
    const audits = await client.query<Seq & { data: AuditEntry }>(
      `SELECT CASE WHEN origin = $3 THEN NULL ELSE data END AS data, seq, origin = $3 AS mine
       FROM watcher.audit WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [this.cursor('audit'), n, me],
    );
    const infs = await client.query<
      Seq & { data: InfractionRecord; change_id: string; version: number }
    >(
      `SELECT CASE WHEN pushed_by = $3 THEN NULL ELSE data END AS data, change_id, version, seq, pushed_by = $3 AS mine
       FROM watcher.infractions WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [this.cursor('infractions'), n, me],
    );
    const pending = this.store.db.prepare('SELECT 1 FROM sync_outbox WHERE entity = ? AND key = ?');
    this.ownTx(() => {
      for (const r of configs.rows) {
        if (r.mine || !CONFIG_ENTITIES.includes(r.entity)) continue;
        const remote: ConfigSnapshot = {
          updatedAt: Number(r.updated_at),
          origin: r.origin,
          data: r.data,
        };
        const local = this.adapters[r.entity].export(r.key);
        if (local && local.updatedAt === remote.updatedAt && local.origin === remote.origin)
          continue;
        if (local && pending.get(r.entity, r.key)) {
          if (newerThan(remote, local))
            this.applyConfigWithConflict(r.entity, r.key, local, remote);
          // else: ours is newer and still queued; the push will replace the server's copy.
          continue;
        }
        this.adapters[r.entity].apply(r.key, remote);
      }
      for (const r of audits.rows) if (!r.mine) this.store.audit.importEntry(r.data);
      for (const r of infs.rows) if (!r.mine) this.pullInfraction(r.data, r.change_id);
      const last = (rows: Array<{ seq: string }>, name: string) => {
        if (rows.length) this.store.setState(`sync.cursor.${name}`, rows[rows.length - 1].seq);
      };
      last(configs.rows, 'config');
      last(audits.rows, 'audit');
      last(infs.rows, 'infractions');
    });
    const count = Math.max(configs.rows.length, audits.rows.length, infs.rows.length);
    const theirs = (rows: Seq[]) => rows.filter((r) => !r.mine).length;
    this.counters.pulledRows += theirs(configs.rows) + theirs(audits.rows) + theirs(infs.rows);
    return count;
  }

  private pullInfraction(remote: InfractionRecord, changeId: string): void {
    const local = this.store.infractions.row(remote.id);
    if (!local) return this.applyRemoteInfraction(remote, changeId);
    if (local.change_id === changeId) {
      this.store.infractions.markSynced(remote.id, remote.version);
      return;
    }
    const hasPending = local.version !== local.synced_version;
    if (!hasPending) {
      if (remote.version >= local.version) this.applyRemoteInfraction(remote, changeId);
      return;
    }
    // Our own earlier state coming back: the queued push will move the server forward.
    if (this.store.infractions.isOwnChange(remote.id, remote.version, changeId)) return;
    const payload = this.store.infractions.exportForSync(remote.id)!;
    this.resolveInfractionConflict(payload, remote, changeId);
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
      if (row) this.ownTx(() => this.pullInfraction(row.data, row.change_id));
    } catch {
      // Offline or busy: decide locally; the push resolves any conflict later.
    }
  }

  /** Downloads a slice of missing evidence; true when it made progress and more is missing. */
  private async downloadMissing(client: pg.Client): Promise<boolean> {
    const root = this.store.evidenceRoot;
    if (!root) return false;
    const missing = this.store.db
      .prepare(
        'SELECT infraction_id, path, sha256 FROM evidence_files WHERE present = 0 AND pruned_at IS NULL LIMIT ?',
      )
      .all(this.opts.downloadsPerCycle) as Array<{
      infraction_id: string;
      path: string;
      sha256: string;
    }>;
    let downloaded = 0;
    for (const f of missing) {
      const r = await downloadEvidence(client, evidencePath(root, f.path), f.sha256);
      if (r.outcome === 'downloaded') {
        downloaded++;
        this.store.db
          .prepare('UPDATE evidence_files SET present = 1 WHERE infraction_id = ? AND path = ?')
          .run(f.infraction_id, f.path);
        this.counters.downloadedFiles++;
        this.counters.downloadedBytes += r.bytes;
      }
    }
    return downloaded > 0 && missing.length === this.opts.downloadsPerCycle;
  }
}

function redactData(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  delete out.password_hash;
  return JSON.parse(redactSecrets(JSON.stringify(out))) as Record<string, unknown>;
}
