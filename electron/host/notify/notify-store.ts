import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  channelSettingsSchema,
  routeSchema,
  type Channel,
  type ChannelSettings,
  type Delivery,
  type DeliveryState,
  type Route,
} from '../../shared/api/methods/notifications';
import type { SecretBox } from '../secrets/secret-box';
import type { ChannelTarget } from './channels';
import type { NotifyEvent } from './notify-event';
import { decide, dedupKey, matches, type RouteDecision } from './routing';

interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  enabled: number;
  settings_json: string;
  secret_blob: string | null;
  updated_at: number;
  updated_by: string;
}

export interface DeliveryRow {
  id: string;
  route_id: string;
  channel_id: string;
  channel_kind: string;
  subject: string;
  dedup_key: string;
  event_json: string;
  state: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  last_error_code: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface EnqueueResult {
  /** New outbox rows that will be sent. */
  queued: number;
  /** New rows recorded as suppressed (quiet hours, dedup, rate limit). */
  suppressed: number;
}

/**
 * Channels, routes and the outbox/delivery log in the host's SQLite database. Channel secrets
 * are sealed with the host's SecretBox and never leave this class except to a sender.
 */
export class NotifyStore {
  private routesCache?: Route[];
  private readonly targets = new Map<
    string,
    {
      settingsJson: string;
      secretBlob: string | null;
      target: ChannelTarget & { enabled: boolean };
    }
  >();
  private readonly insertDelivery: Database.Statement;
  private readonly existsStmt: Database.Statement;
  private readonly rateStmt: Database.Statement;
  private readonly dedupStmt: Database.Statement;
  private readonly kindStmt: Database.Statement;
  private readonly dueForChannelStmt: Database.Statement;
  private readonly markSendingStmt: Database.Statement;
  private readonly markSentStmt: Database.Statement;
  private readonly markRetryStmt: Database.Statement;
  private readonly markFailedStmt: Database.Statement;
  private readonly waitingChannelsStmt: Database.Statement;
  private readonly channelIdsStmt: Database.Statement;
  private readonly nextDueAfterStmt: Database.Statement;
  private readonly channelStmt: Database.Statement;

  constructor(
    readonly db: Database.Database,
    private readonly secretBox: SecretBox,
    readonly now: () => number = Date.now,
  ) {
    this.insertDelivery = db.prepare(
      `INSERT INTO notify_deliveries (id, route_id, channel_id, channel_kind, subject, dedup_key, event_json,
         state, attempts, next_attempt_at, last_error, last_error_code, created_at)
       VALUES (@id, @route_id, @channel_id, @channel_kind, @subject, @dedup_key, @event_json,
         @state, 0, @next_attempt_at, @last_error, @last_error_code, @created_at)
       ON CONFLICT(route_id, channel_id, subject) DO NOTHING`,
    );
    this.existsStmt = db.prepare(
      'SELECT 1 FROM notify_deliveries WHERE route_id = ? AND subject = ? LIMIT 1',
    );
    this.rateStmt = db.prepare(
      `SELECT COUNT(DISTINCT subject) AS n FROM notify_deliveries
       WHERE route_id = ? AND created_at > ? AND state != 'suppressed'`,
    );
    this.dedupStmt = db.prepare(
      `SELECT MAX(created_at) AS at FROM notify_deliveries
       WHERE route_id = ? AND dedup_key = ? AND created_at > ? AND state != 'suppressed'`,
    );
    this.nextDueAfterStmt = db.prepare(
      `SELECT MIN(next_attempt_at) AS at FROM notify_deliveries
       WHERE state IN ('pending', 'retrying') AND next_attempt_at > ?`,
    );
    this.channelStmt = db.prepare('SELECT * FROM notify_channels WHERE id = ?');
    this.channelIdsStmt = db.prepare('SELECT id FROM notify_channels');
    this.kindStmt = db.prepare('SELECT kind FROM notify_channels WHERE id = ?');
    // Served by the partial index of waiting rows per channel: a claim reads only the rows it
    // takes, however long the outbox (and however many rows of a slow channel wait).
    this.dueForChannelStmt = db.prepare(
      `SELECT * FROM notify_deliveries WHERE channel_id = ? AND state IN ('pending', 'retrying')
         AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
    );
    this.waitingChannelsStmt = db.prepare(
      `SELECT DISTINCT channel_id FROM notify_deliveries WHERE state IN ('pending', 'retrying')`,
    );
    this.markSendingStmt = db.prepare(
      `UPDATE notify_deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state IN ('pending', 'retrying')`,
    );
    this.markSentStmt = db.prepare(
      `UPDATE notify_deliveries SET state = 'sent', sent_at = ?, next_attempt_at = NULL WHERE id = ?`,
    );
    this.markRetryStmt = db.prepare(
      `UPDATE notify_deliveries SET state = 'retrying', next_attempt_at = ?, last_error_code = ?, last_error = ? WHERE id = ?`,
    );
    this.markFailedStmt = db.prepare(
      `UPDATE notify_deliveries SET state = 'failed', next_attempt_at = NULL, last_error_code = ?, last_error = ? WHERE id = ?`,
    );
  }

  // --- channels ---

  private toChannel(r: ChannelRow): Channel {
    return {
      id: r.id,
      name: r.name,
      enabled: r.enabled === 1,
      settings: channelSettingsSchema.parse(JSON.parse(r.settings_json)),
      hasSecret: r.secret_blob !== null,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
  }

  listChannels(): Channel[] {
    return (this.db.prepare('SELECT * FROM notify_channels ORDER BY id').all() as ChannelRow[]).map(
      (r) => this.toChannel(r),
    );
  }

  getChannel(id: string): Channel | undefined {
    const r = this.db.prepare('SELECT * FROM notify_channels WHERE id = ?').get(id) as
      ChannelRow | undefined;
    return r && this.toChannel(r);
  }

  /** The channel with its unsealed secret, for a sender only. */
  target(id: string): (ChannelTarget & { enabled: boolean }) | undefined {
    const r = this.channelStmt.get(id) as ChannelRow | undefined;
    if (!r) return undefined;
    // Parsing the settings and unsealing the secret once per version of the row, not per send.
    const cached = this.targets.get(id);
    if (
      cached &&
      cached.settingsJson === r.settings_json &&
      cached.secretBlob === r.secret_blob &&
      cached.target.enabled === (r.enabled === 1)
    )
      return cached.target;
    const target = {
      id: r.id,
      enabled: r.enabled === 1,
      settings: channelSettingsSchema.parse(JSON.parse(r.settings_json)),
      secret: r.secret_blob === null ? undefined : this.secretBox.decrypt(r.secret_blob),
    };
    this.targets.set(id, { settingsJson: r.settings_json, secretBlob: r.secret_blob, target });
    return target;
  }

  /** `secret` undefined keeps the stored one, `''` removes it. Call inside a transaction. */
  saveChannel(
    c: { id: string; name: string; enabled: boolean; settings: ChannelSettings; secret?: string },
    actor: string,
  ): { channel: Channel; created: boolean; secretChanged: boolean } {
    const old = this.db
      .prepare('SELECT secret_blob FROM notify_channels WHERE id = ?')
      .get(c.id) as { secret_blob: string | null } | undefined;
    const blob =
      c.secret === undefined
        ? (old?.secret_blob ?? null)
        : c.secret === ''
          ? null
          : this.secretBox.encrypt(c.secret);
    this.db
      .prepare(
        `INSERT INTO notify_channels (id, name, kind, enabled, settings_json, secret_blob, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, enabled = excluded.enabled,
           settings_json = excluded.settings_json, secret_blob = excluded.secret_blob,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(
        c.id,
        c.name,
        c.settings.kind,
        c.enabled ? 1 : 0,
        JSON.stringify(c.settings),
        blob,
        this.now(),
        actor,
      );
    return {
      channel: this.getChannel(c.id)!,
      created: !old,
      secretChanged: c.secret !== undefined,
    };
  }

  deleteChannel(id: string): boolean {
    this.targets.delete(id);
    return this.db.prepare('DELETE FROM notify_channels WHERE id = ?').run(id).changes > 0;
  }

  // --- routes ---

  listRoutes(): Route[] {
    this.routesCache ??= (
      this.db.prepare('SELECT route_json FROM notify_routes ORDER BY id').all() as Array<{
        route_json: string;
      }>
    ).map((r) => routeSchema.parse(JSON.parse(r.route_json)));
    return this.routesCache;
  }

  saveRoute(route: Route, actor: string): { created: boolean } {
    const existed = this.db.prepare('SELECT 1 FROM notify_routes WHERE id = ?').get(route.id);
    this.db
      .prepare(
        `INSERT INTO notify_routes (id, route_json, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET route_json = excluded.route_json, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
      )
      .run(route.id, JSON.stringify(route), this.now(), actor);
    this.routesCache = undefined;
    return { created: !existed };
  }

  deleteRoute(id: string): boolean {
    this.routesCache = undefined;
    return this.db.prepare('DELETE FROM notify_routes WHERE id = ?').run(id).changes > 0;
  }

  // --- outbox ---

  /**
   * The decision and the enqueue in one transaction: for each matching route not yet holding
   * this subject, decide (quiet hours, dedup, rate limit, from the rows already there) and insert
   * one row per channel, pending or suppressed with its reason.
   */
  enqueue(
    ev: NotifyEvent,
    only?: { routeId: string },
    /** Told the channel kind of each row recorded as suppressed (the metrics). */
    onSuppressed?: (channelKind: string) => void,
  ): EnqueueResult {
    const suppressedKinds: string[] = [];
    const result = this.db.transaction(() => {
      const now = this.now();
      const result: EnqueueResult = { queued: 0, suppressed: 0 };
      const key = dedupKey(ev);
      const json = JSON.stringify(ev);
      for (const route of this.listRoutes()) {
        if (only && route.id !== only.routeId) continue;
        if (!matches(route, ev)) continue;
        if (this.existsStmt.get(route.id, ev.subject)) continue;
        // The history queries only for the limits the route has (each reads the route's rows).
        const sentLastMinute =
          route.ratePerMinute > 0
            ? (this.rateStmt.get(route.id, now - 60_000) as { n: number }).n
            : 0;
        const last =
          route.dedupSec > 0
            ? (
                this.dedupStmt.get(route.id, key, now - route.dedupSec * 1000) as {
                  at: number | null;
                }
              ).at
            : null;
        const decision: RouteDecision = decide(
          route,
          ev,
          { sentLastMinute, lastSameKeyAt: last ?? undefined },
          now,
        );
        for (const channelId of route.channelIds) {
          const kind =
            (this.kindStmt.get(channelId) as { kind: string } | undefined)?.kind ?? 'webhook';
          const send = decision.action === 'send';
          const r = this.insertDelivery.run({
            id: randomUUID(),
            route_id: route.id,
            channel_id: channelId,
            channel_kind: kind,
            subject: ev.subject,
            dedup_key: key,
            event_json: json,
            state: send ? 'pending' : 'suppressed',
            next_attempt_at: send ? now : null,
            last_error: send ? null : JSON.stringify(decision.params ?? {}),
            last_error_code: send ? null : decision.reason,
            created_at: now,
          });
          if (r.changes) {
            if (send) result.queued++;
            else {
              result.suppressed++;
              suppressedKinds.push(kind);
            }
          }
        }
      }
      return result;
    })();
    // Once committed: a rolled-back enqueue counts nothing.
    for (const kind of suppressedKinds) onSuppressed?.(kind);
    return result;
  }

  /** Rows a crash left in 'sending' go back to the outbox, same id, due now. */
  recoverSending(): number {
    return this.db
      .prepare(
        `UPDATE notify_deliveries SET state = 'retrying', next_attempt_at = ? WHERE state = 'sending'`,
      )
      .run(this.now()).changes;
  }

  /** Due rows (oldest first), marked 'sending' with one more attempt, in one transaction. */
  claim(limit: number, allow: (row: DeliveryRow) => boolean): DeliveryRow[] {
    return this.db.transaction(() => {
      const now = this.now();
      const due = this.db
        .prepare(
          `SELECT * FROM notify_deliveries WHERE state IN ('pending', 'retrying') AND next_attempt_at <= ?
           ORDER BY next_attempt_at LIMIT ?`,
        )
        .all(now, Math.max(limit * 4, 50)) as DeliveryRow[];
      const claimed: DeliveryRow[] = [];
      for (const row of due) {
        if (claimed.length >= limit) break;
        if (!allow(row)) continue;
        if (this.markSendingStmt.run(row.id).changes)
          claimed.push({ ...row, state: 'sending', attempts: row.attempts + 1 });
      }
      return claimed;
    })();
  }

  /** Ids of the configured channels. */
  channelIds(): string[] {
    return (this.channelIdsStmt.all() as Array<{ id: string }>).map((r) => r.id);
  }

  /** Channels with rows waiting in the outbox (due or not). */
  waitingChannels(): string[] {
    return (this.waitingChannelsStmt.all() as Array<{ channel_id: string }>).map(
      (r) => r.channel_id,
    );
  }

  /**
   * The oldest due rows of each channel up to its free slots, marked 'sending' with one more
   * attempt, in one transaction. Reads only the rows it claims (per-channel partial index).
   */
  claimForChannels(slots: ReadonlyMap<string, number>): DeliveryRow[] {
    return this.db.transaction(() => {
      const now = this.now();
      const claimed: DeliveryRow[] = [];
      for (const [channelId, free] of slots) {
        if (free <= 0) continue;
        const due = this.dueForChannelStmt.all(channelId, now, free) as DeliveryRow[];
        for (const row of due)
          if (this.markSendingStmt.run(row.id).changes)
            claimed.push({ ...row, state: 'sending', attempts: row.attempts + 1 });
      }
      return claimed;
    })();
  }

  markSent(id: string): void {
    this.markSentStmt.run(this.now(), id);
  }

  markRetry(id: string, nextAt: number, code: string, message: string): void {
    this.markRetryStmt.run(nextAt, code, message, id);
  }

  markFailed(id: string, code: string, message: string): void {
    this.markFailedStmt.run(code, message, id);
  }

  /** A failed (or suppressed) delivery back into the outbox, due now, with a fresh budget. */
  retry(id: string): Delivery | undefined {
    const r = this.db
      .prepare(
        `UPDATE notify_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, created_at = created_at
         WHERE id = ? AND state IN ('failed', 'suppressed')`,
      )
      .run(this.now(), id);
    if (!r.changes) return undefined;
    return this.delivery(id);
  }

  row(id: string): DeliveryRow | undefined {
    return this.db.prepare('SELECT * FROM notify_deliveries WHERE id = ?').get(id) as
      DeliveryRow | undefined;
  }

  delivery(id: string): Delivery | undefined {
    const r = this.row(id);
    return r && toDelivery(r);
  }

  listDeliveries(q: {
    state?: DeliveryState[];
    channelId?: string;
    limit: number;
    before?: number;
  }): Delivery[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.state?.length) {
      const states = q.state.flatMap((s) => (s === 'pending' ? ['pending', 'sending'] : [s]));
      where.push(`state IN (${states.map(() => '?').join(',')})`);
      args.push(...states);
    }
    if (q.channelId) {
      where.push('channel_id = ?');
      args.push(q.channelId);
    }
    if (q.before !== undefined) {
      where.push('created_at < ?');
      args.push(q.before);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM notify_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id LIMIT ?`,
      )
      .all(...args, q.limit) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  pendingCount(): number {
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM notify_deliveries WHERE state IN ('pending', 'sending', 'retrying')`,
        )
        .get() as { n: number }
    ).n;
  }

  /** Rows waiting to be sent (pending, in flight, retrying) per channel kind. */
  outboxDepthByKind(): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT channel_kind AS kind, COUNT(*) AS n FROM notify_deliveries
         WHERE state IN ('pending', 'sending', 'retrying') GROUP BY channel_kind`,
      )
      .all() as Array<{ kind: string; n: number }>;
    return new Map(rows.map((r) => [r.kind, r.n]));
  }

  /** Earliest due time of a waiting row due after `at`, if any. */
  nextDueAfter(at: number): number | undefined {
    const r = this.nextDueAfterStmt.get(at) as { at: number | null };
    return r.at ?? undefined;
  }

  /** Earliest due time of a waiting row, if any. */
  nextDueAt(): number | undefined {
    const r = this.db
      .prepare(
        `SELECT MIN(next_attempt_at) AS at FROM notify_deliveries WHERE state IN ('pending', 'retrying')`,
      )
      .get() as { at: number | null };
    return r.at ?? undefined;
  }
}

export function toDelivery(r: DeliveryRow): Delivery {
  // 'sending' is in flight: the delivery log shows it as pending (the contract's states).
  const state = (r.state === 'sending' ? 'pending' : r.state) as DeliveryState;
  return {
    id: r.id,
    routeId: r.route_id,
    channelId: r.channel_id,
    channelKind: r.channel_kind as Delivery['channelKind'],
    subject: r.subject,
    state,
    attempts: r.attempts,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at ?? undefined,
    sentAt: r.sent_at ?? undefined,
    lastError: r.last_error ?? undefined,
    lastErrorCode: r.last_error_code ?? undefined,
  };
}
