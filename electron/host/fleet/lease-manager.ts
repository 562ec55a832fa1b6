import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { redactSecrets } from '../../shared/util/redact';
import { ensurePgSchema } from '../sync/pg-schema';
import { classifyPgError } from '../sync/pg-errors';
import { decideLeases, type FleetCamera, type LeaseRow, type LiveNode } from './lease-rules';
import type { LeaseStamp } from '../../shared/domain/fleet';
import type { FleetOverview } from '../../shared/api/methods/fleet';
import { applyCameraMoves, readFleetOverview, saveCameraMove } from './fleet-queries';

export type NodeRole = 'node' | 'workstation';

/** Which cameras this host may analyse now; the host's worker assignment follows it. */
export interface CameraGate {
  allows(cameraId: string): boolean;
  /** Called whenever the set of allowed cameras may have changed. */
  onChange(listener: () => void): () => void;
  /**
   * Fencing: the lease a write for this camera goes out under, or undefined when this node no
   * longer holds a valid lease on it (expired, taken over): then nothing is written for it.
   */
  stamp?(cameraId: string): LeaseStamp | undefined;
  /** The fleet as the shared server sees it (System view). */
  overview?(): Promise<FleetOverview>;
  /** "Move camera to node" (null clears a standing move). */
  move?(cameraId: string, nodeId: string | null, by: string): Promise<void>;
  /** Cameras other live nodes analyse, with their owner (the wall names it). */
  remoteOwners?(): Map<string, { nodeId: string; address?: string }>;
  start(): void;
  stop(): Promise<void>;
}

export interface LeaseManagerOptions {
  /** This host's id (the store's host id). */
  nodeId: string;
  role: NodeRole;
  /** Cameras it can take. */
  capacity: number;
  /** Inference provider it runs (cpu, cuda…), shown in the registry. */
  provider: string;
  /** Lease length (default 10 s); renewed about every third of it. */
  leaseMs?: number;
  /** The PostgreSQL connection, read again on every (re)connect. */
  clientConfig: () => pg.ClientConfig | undefined;
  /** The URL this host serves, once known. */
  address: () => string | undefined;
  /** Enabled cameras with their placement preferences (synced config: the same on every node). */
  cameras: () => FleetCamera[];
  /** Whether a camera still runs here (a released camera is handed back only once it stopped). */
  isRunning?: (cameraId: string) => boolean;
  onLog?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface LeaseCounters {
  rounds: number;
  failures: number;
  taken: number;
  released: number;
  /** Lease rows written (renewed, taken, released, created). */
  rowsWritten: number;
}

interface Held {
  /** Monotonic ms after which this node must stop the camera unless renewed. */
  deadline: number;
  epoch: number;
}

/** Ticks a released camera may take to stop before it is handed back anyway. */
const MAX_DRAIN_ROUNDS = 3;

/**
 * This node's camera leases in the shared PostgreSQL (`watcher.camera_leases`) and its row in the
 * node registry (`watcher.nodes`). Each round is one transaction on the server's clock: heartbeat,
 * renew own leases, hand back released ones, take free or expired ones under `FOR UPDATE SKIP
 * LOCKED` (decided by decideLeases). A camera runs here only while its lease is valid as this node
 * last knew it: from the monotonic time the last successful round started, plus the lease, minus
 * a safety margin. Cut off from the server, it stops its cameras before anyone else may take them.
 */
export class LeaseManager implements CameraGate {
  readonly leaseMs: number;
  readonly marginMs: number;
  private readonly held = new Map<string, Held>();
  /** Released cameras still leased here until they stopped (rounds waited so far). */
  private readonly draining = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private round: Promise<void> | undefined;
  private lastSignature = '';
  /** This host's relay token (memory only; PostgreSQL keeps its hash), issued by the fleet. */
  private readonly relaySecret = randomBytes(32).toString('base64url');
  private tokenPublished: pg.Client | undefined;
  /** Who held each camera and where each live node serves, as the last round read them. */
  private lastOwners = new Map<string, { nodeId: string; address?: string }>();
  /** Server time (ms) of the last successful round and the monotonic time that round started. */
  private serverBase: { serverMs: number; started: number } | undefined;
  private readonly startedAt = new Date();
  readonly counters: LeaseCounters = {
    rounds: 0,
    failures: 0,
    taken: 0,
    released: 0,
    rowsWritten: 0,
  };

  constructor(private readonly opts: LeaseManagerOptions) {
    this.leaseMs = Math.max(1000, opts.leaseMs ?? 10_000);
    this.marginMs = Math.max(200, Math.round(this.leaseMs * 0.2));
  }

  allows(cameraId: string): boolean {
    const h = this.held.get(cameraId);
    return !!h && h.deadline > performance.now() && !this.draining.has(cameraId);
  }

  stamp(cameraId: string): LeaseStamp | undefined {
    const h = this.held.get(cameraId);
    const base = this.serverBase;
    const t = performance.now();
    // Draining cameras still hold their lease: what they raise before they stop is theirs.
    if (!h || !base || h.deadline <= t) return undefined;
    return {
      node: this.opts.nodeId,
      epoch: h.epoch,
      at: Math.round(base.serverMs + (t - base.started)),
    };
  }

  overview(): Promise<FleetOverview> {
    return this.withClient((c) => readFleetOverview(c, this.opts.nodeId, this.leaseMs / 1000));
  }

  move(cameraId: string, nodeId: string | null, by: string): Promise<void> {
    return this.withClient((c) => saveCameraMove(c, cameraId, nodeId, by));
  }

  /** The token this host presents to other hosts' relay endpoints. */
  relayToken(): string {
    return this.relaySecret;
  }

  /** Cameras held by other live nodes, with the URL their holder serves. */
  remoteOwners(): Map<string, { nodeId: string; address?: string }> {
    return new Map([...this.lastOwners].filter(([, o]) => o.nodeId !== this.opts.nodeId));
  }

  /** Whether `token` is the current relay token of fleet node `nodeId` (compared by hash). */
  async verifyRelayToken(nodeId: string, token: string): Promise<boolean> {
    const row = await this.withClient((c) =>
      c.query<{ token_hash: string }>(
        'SELECT token_hash FROM watcher.fleet_tokens WHERE node_id = $1',
        [nodeId],
      ),
    );
    const stored = row.rows[0]?.token_hash;
    if (!stored) return false;
    const a = Buffer.from(sha256Hex(token), 'hex');
    const b = Buffer.from(stored, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** A short-lived connection of its own, so an admin call never lands inside a lease round. */
  private async withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const config = this.opts.clientConfig();
    if (!config) throw new Error('no shared server configured');
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 5000, query_timeout: 5000 });
    client.on('error', () => {});
    await client.connect();
    try {
      await ensurePgSchema(client);
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** The cameras this node analyses now, sorted. */
  active(): string[] {
    return [...this.held.keys()].filter((id) => this.allows(id)).sort();
  }

  /** Lease epochs (fencing counters) of the cameras held. */
  epochs(): Record<string, number> {
    return Object.fromEntries([...this.held].map(([id, h]) => [id, h.epoch]));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Expiry is checked between rounds too: a round that hangs must not keep cameras running.
    this.watchdog = setInterval(() => this.notifyIfChanged(), Math.min(250, this.leaseMs / 10));
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearInterval(this.watchdog);
    await this.round;
    // Hand the cameras back so others take them at once instead of waiting for expiry.
    const mine = [...this.held.keys()];
    const c = this.client;
    if (c && mine.length) {
      await c
        .query(
          `WITH gone AS (
             UPDATE watcher.camera_leases SET node_id = NULL, expires_at = NULL, updated_at = now()
             WHERE node_id = $1 AND camera_id = ANY($2::text[]) RETURNING camera_id, epoch)
           UPDATE watcher.lease_epochs e SET ended_at = now(), ended_by = 'released'
           FROM gone WHERE e.camera_id = gone.camera_id AND e.epoch = gone.epoch
             AND e.ended_at IS NULL`,
          [this.opts.nodeId, mine],
        )
        .catch(() => {});
    }
    this.held.clear();
    this.notifyIfChanged();
    await this.closeClient();
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.round = this.runRound().finally(() => {
        this.round = undefined;
        this.schedule(Math.max(100, Math.round(this.leaseMs / 3)));
      });
    }, ms);
  }

  private notifyIfChanged(): void {
    // The owners of other nodes' cameras count too: the wall names the node each camera is on.
    const owners = [...this.remoteOwners()].map(([c, o]) => `${c}=${o.nodeId}`).sort();
    const signature = `${this.active().join(',')}|${owners.join(',')}`;
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;
    for (const l of this.listeners) l();
  }

  private async closeClient(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const config = this.opts.clientConfig();
    if (!config) throw new Error('no shared server configured');
    const timeout = Math.max(500, Math.round(this.leaseMs / 3));
    const client = new pg.Client({
      ...config,
      connectionTimeoutMillis: timeout,
      query_timeout: timeout,
    });
    client.on('error', (e) => {
      this.opts.onLog?.('lease connection lost', { error: redactSecrets(e.message) });
      if (this.client === client) this.client = undefined;
    });
    try {
      await client.connect();
      await ensurePgSchema(client);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    this.client = client;
    return client;
  }

  /** One lease round; on failure the leases as last known stay until their local deadline. */
  async runRound(): Promise<void> {
    const started = performance.now();
    try {
      const client = await this.connect();
      await this.transaction(client, started);
      this.counters.rounds++;
    } catch (e) {
      this.counters.failures++;
      const err = classifyPgError(e);
      this.opts.onLog?.('lease round failed', { code: err.code, error: err.message });
      await this.closeClient();
    } finally {
      this.notifyIfChanged();
    }
  }

  private async transaction(client: pg.Client, started: number): Promise<void> {
    const self = this.opts.nodeId;
    const leaseSec = this.leaseMs / 1000;
    const configured = this.opts.cameras();
    const cameraIds = configured.map((c) => c.id);
    await client.query('BEGIN');
    try {
      const cameras = await applyCameraMoves(client, configured);
      const beat = await client.query<{ now: string }>(
        `INSERT INTO watcher.nodes AS n (id, role, address, provider, capacity, heartbeat_at, started_at)
         VALUES ($1, $2, $3, $4, $5, now(), $6)
         ON CONFLICT (id) DO UPDATE SET role = excluded.role, address = excluded.address,
           provider = excluded.provider, capacity = excluded.capacity, heartbeat_at = now(),
           started_at = excluded.started_at
         RETURNING (extract(epoch FROM now()) * 1000)::float8 AS now`,
        [
          self,
          this.opts.role,
          this.opts.address() ?? null,
          this.opts.provider,
          this.opts.capacity,
          this.startedAt,
        ],
      );
      const now = Number(beat.rows[0]!.now);
      if (this.tokenPublished !== client) {
        await client.query(
          `INSERT INTO watcher.fleet_tokens (node_id, token_hash, issued_at) VALUES ($1, $2, now())
           ON CONFLICT (node_id) DO UPDATE SET token_hash = excluded.token_hash, issued_at = now()`,
          [self, sha256Hex(this.relaySecret)],
        );
      }
      const nodeRows = (
        await client.query<{ id: string; capacity: number; address: string | null }>(
          `SELECT id, capacity, address FROM watcher.nodes
           WHERE heartbeat_at > now() - make_interval(secs => $1)`,
          [leaseSec],
        )
      ).rows;
      const nodes = nodeRows.map((r): LiveNode => ({ id: r.id, capacity: r.capacity }));
      const leases = (
        await client.query<{
          camera_id: string;
          node_id: string | null;
          expires_ms: number | null;
        }>(
          `SELECT camera_id, node_id, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms
           FROM watcher.camera_leases`,
        )
      ).rows.map((r): LeaseRow => ({
        cameraId: r.camera_id,
        nodeId: r.node_id,
        expiresAt: r.expires_ms === null ? null : Number(r.expires_ms),
      }));
      const known = new Set(leases.map((l) => l.cameraId));
      const missing = cameraIds.filter((id) => !known.has(id));
      if (missing.length) {
        const r = await client.query(
          `INSERT INTO watcher.camera_leases (camera_id, node_id, expires_at, epoch, updated_at)
           SELECT x, NULL, NULL, 0, now() FROM unnest($1::text[]) AS x ON CONFLICT DO NOTHING`,
          [missing],
        );
        this.counters.rowsWritten += r.rowCount ?? 0;
        for (const id of missing) leases.push({ cameraId: id, nodeId: null, expiresAt: null });
      }
      const decision = decideLeases({ self, nodes, leases, cameras, now });

      // A camera to hand back stops here first (no longer allowed); it is released in PostgreSQL
      // only in a later round, once it stopped, so it never runs on two nodes at once.
      for (const id of decision.release)
        if (this.held.has(id) && !this.draining.has(id)) this.draining.set(id, 0);
      const releaseNow: string[] = [];
      for (const [id, rounds] of this.draining) {
        const stopped = !(this.opts.isRunning?.(id) ?? false);
        if ((rounds > 0 && stopped) || rounds >= MAX_DRAIN_ROUNDS || !this.held.has(id))
          releaseNow.push(id);
        else this.draining.set(id, rounds + 1);
      }
      const releasing = new Set(releaseNow);
      const renew = [
        ...new Set([...decision.renew, ...this.draining.keys(), ...this.held.keys()]),
      ].filter((id) => !releasing.has(id));

      const renewed = renew.length
        ? (
            await client.query<{ camera_id: string; epoch: string }>(
              `UPDATE watcher.camera_leases
               SET expires_at = now() + make_interval(secs => $3), updated_at = now()
               WHERE node_id = $1 AND camera_id = ANY($2::text[])
               RETURNING camera_id, epoch`,
              [self, renew, leaseSec],
            )
          ).rows
        : [];
      if (releaseNow.length) {
        const r = await client.query(
          `UPDATE watcher.camera_leases SET node_id = NULL, expires_at = NULL, updated_at = now()
           WHERE node_id = $1 AND camera_id = ANY($2::text[])
           RETURNING camera_id, epoch`,
          [self, releaseNow],
        );
        this.counters.rowsWritten += r.rowCount ?? 0;
        await closeEpochs(client, self, r.rows as EpochRow[]);
      }
      const taken = decision.take.length
        ? (
            await client.query<{
              camera_id: string;
              epoch: string;
              prev_node: string | null;
              prev_expires: Date | null;
            }>(
              `WITH free AS (
                 SELECT camera_id, node_id AS prev_node, expires_at AS prev_expires
                 FROM watcher.camera_leases
                 WHERE camera_id = ANY($2::text[])
                   AND (node_id IS NULL OR expires_at IS NULL OR expires_at <= now())
                 FOR UPDATE SKIP LOCKED)
               UPDATE watcher.camera_leases l
               SET node_id = $1, expires_at = now() + make_interval(secs => $3),
                   epoch = l.epoch + 1, updated_at = now()
               FROM free WHERE l.camera_id = free.camera_id
               RETURNING l.camera_id, l.epoch, free.prev_node, free.prev_expires`,
              [self, decision.take, leaseSec],
            )
          ).rows
        : [];
      if (taken.length) await recordTakenEpochs(client, self, taken);
      await client.query('COMMIT');
      this.tokenPublished = client;
      const addressOf = new Map(nodeRows.map((r) => [r.id, r.address ?? undefined]));
      this.lastOwners = new Map(
        leases
          .filter((l) => l.nodeId && l.expiresAt !== null && l.expiresAt > now)
          .filter((l) => addressOf.has(l.nodeId!))
          .map((l) => [l.cameraId, { nodeId: l.nodeId!, address: addressOf.get(l.nodeId!) }]),
      );
      this.counters.rowsWritten += renewed.length + taken.length;
      this.counters.taken += taken.length;
      this.counters.released += releaseNow.length;

      // Valid until the server's expiry as seen from here: the round started before the server's
      // now(), so started + lease is never later than the server's expires_at.
      const deadline = started + this.leaseMs - this.marginMs;
      const next = new Map<string, Held>();
      for (const r of [...renewed, ...taken]) {
        next.set(r.camera_id, { deadline, epoch: Number(r.epoch) });
      }
      for (const id of releaseNow) this.draining.delete(id);
      for (const id of [...this.draining.keys()]) if (!next.has(id)) this.draining.delete(id);
      if (taken.length || releaseNow.length)
        this.opts.onLog?.('camera leases changed', {
          taken: taken.map((r) => r.camera_id),
          released: releaseNow,
          held: next.size,
        });
      this.held.clear();
      for (const [id, h] of next) this.held.set(id, h);
      this.serverBase = { serverMs: now, started };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
  }
}

interface EpochRow {
  camera_id: string;
  epoch: string;
}

/** Lease history: the epochs this node hands back end now (moved when an admin moved them). */
async function closeEpochs(client: pg.Client, self: string, rows: EpochRow[]): Promise<void> {
  if (!rows.length) return;
  await client.query(
    `UPDATE watcher.lease_epochs e SET ended_at = now(),
       ended_by = CASE WHEN EXISTS (SELECT 1 FROM watcher.camera_moves m
                                    WHERE m.camera_id = e.camera_id AND m.target_node <> $1)
                  THEN 'moved' ELSE 'released' END
     FROM jsonb_to_recordset($2::jsonb) AS x(camera_id text, epoch bigint)
     WHERE e.camera_id = x.camera_id AND e.epoch = x.epoch AND e.ended_at IS NULL`,
    [self, JSON.stringify(rows.map((r) => ({ camera_id: r.camera_id, epoch: Number(r.epoch) })))],
  );
}

/**
 * Lease history for cameras just taken: the new epoch starts now; the previous one, if its
 * holder never handed it back, ended when it expired (a failover).
 */
async function recordTakenEpochs(
  client: pg.Client,
  self: string,
  rows: Array<EpochRow & { prev_node: string | null; prev_expires: Date | null }>,
): Promise<void> {
  const data = JSON.stringify(
    rows.map((r) => ({
      camera_id: r.camera_id,
      epoch: Number(r.epoch),
      prev_expires: r.prev_node && r.prev_expires ? r.prev_expires.toISOString() : null,
    })),
  );
  await client.query(
    `UPDATE watcher.lease_epochs e
     SET ended_at = LEAST(x.prev_expires, now()), ended_by = 'expired'
     FROM jsonb_to_recordset($1::jsonb) AS x(camera_id text, epoch bigint, prev_expires timestamptz)
     WHERE e.camera_id = x.camera_id AND e.epoch < x.epoch AND e.ended_at IS NULL`,
    [data],
  );
  await client.query(
    `INSERT INTO watcher.lease_epochs (camera_id, epoch, node_id, started_at)
     SELECT x.camera_id, x.epoch, $2, now()
     FROM jsonb_to_recordset($1::jsonb) AS x(camera_id text, epoch bigint)
     ON CONFLICT DO NOTHING`,
    [data, self],
  );
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
