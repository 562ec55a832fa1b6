import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChannelKind } from '../../shared/api/methods/notifications';
import type { EventEnvelope } from '../../shared/api/envelope';
import type { Alarm } from '../../shared/domain/alarm';
import type { InfractionEvent } from '../../shared/domain/infraction';
import type { Locale } from '../../shared/i18n';
import { backoffMs, DEFAULT_RETRY, withinBudget, type RetryPolicy } from './backoff';
import { senders as defaultSenders, type ChannelSender, type SendContext } from './channels';
import { NotifyError, toNotifyError } from './errors';
import { eventFromAlarm, eventFromInfraction, type NotifyEvent } from './notify-event';
import type { NotifyMetricsSink } from './notify-metrics';
import type { DeliveryRow, EnqueueResult, NotifyStore } from './notify-store';

interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** Evidence of the event for the message: the stored snapshot and the list of files. */
export type EvidenceLookup = (
  ev: NotifyEvent,
) =>
  Promise<Pick<SendContext, 'snapshot' | 'evidence'>> | Pick<SendContext, 'snapshot' | 'evidence'>;

export interface OutboxOptions {
  store: NotifyStore;
  senders?: Partial<Record<ChannelKind, ChannelSender>>;
  log?: Log;
  retry?: Partial<RetryPolicy>;
  /** In-flight sends per channel (4). */
  concurrencyPerChannel?: number;
  /** Safety poll for due retries (1 s); new events wake the loop at once. */
  pollMs?: number;
  /** Per-attempt time-out (15 s). */
  timeoutMs?: number;
  random?: () => number;
  evidence?: EvidenceLookup;
  locale?: () => Locale;
  timeZone?: string;
  ca?: string;
  /** Outcomes and retries for the host's metrics. */
  metrics?: NotifyMetricsSink;
}

/**
 * The durable outbox: rows are written in the transaction that decides to notify, then this
 * loop claims due rows (marking them 'sending'), sends each through its channel and marks it
 * sent, retrying (backoff with jitter, Retry-After honoured) or failed (permanent error or retry
 * budget spent). A row a crash left in 'sending' is sent again on start with the same delivery
 * id: delivery is at-least-once, and the id lets receivers drop the rare repeat.
 */
export class Outbox {
  private readonly policy: RetryPolicy;
  private readonly senders: Record<ChannelKind, ChannelSender>;
  private readonly inflight = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private timer?: ReturnType<typeof setTimeout>;
  private started = false;
  private ticking = false;
  private woken = false;
  private lastScan = -Infinity;
  private again = false;
  /** Counters since start, for logs and the benchmark. */
  readonly stats = { sent: 0, retried: 0, failed: 0, suppressed: 0, queued: 0 };

  constructor(private readonly opts: OutboxOptions) {
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.senders = { ...defaultSenders, ...opts.senders };
  }

  get store(): NotifyStore {
    return this.opts.store;
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    const recovered = this.store.recoverSending();
    if (recovered)
      this.opts.log?.info('notifications left in flight by the last run are sent again', {
        count: recovered,
      });
    // The first step also looks for rows of channels deleted since (they fail with a reason).
    setImmediate(() => this.tick(true));
    return this;
  }

  /** Stops claiming, aborts in-flight sends (they stay in the outbox) and waits for them. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    for (const a of this.aborts) a.abort();
    await Promise.allSettled([...this.running]);
  }

  /** Resolves when nothing is in flight (tests, benchmark). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** Records and schedules an event for every matching route (one transaction). */
  notify(ev: NotifyEvent): EnqueueResult {
    const metrics = this.opts.metrics;
    const r = this.store.enqueue(
      ev,
      undefined,
      metrics && ((kind) => metrics.outcome(kind, 'suppressed')),
    );
    this.stats.queued += r.queued;
    this.stats.suppressed += r.suppressed;
    if (r.queued) this.wake();
    return r;
  }

  /** The host's event bus: alarms and infractions become notifications. */
  onHostEvent(event: EventEnvelope): void {
    if (!this.started) return;
    try {
      if (event.topic === 'alarm.raised' || event.topic === 'alarm.updated')
        this.notify(eventFromAlarm(event.payload as Alarm));
      else if (event.topic === 'infraction.created')
        this.notify(eventFromInfraction(event.payload as InfractionEvent));
    } catch (err) {
      this.opts.log?.warn('queueing a notification failed', {
        topic: event.topic,
        error: String(err),
      });
    }
  }

  wake(): void {
    if (!this.started || this.woken) return;
    // One claim per turn of the event loop however many sends finished or events arrived in it.
    this.woken = true;
    setImmediate(() => {
      this.woken = false;
      this.tick(false);
    });
  }

  private schedule(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    // Rows already due wait for a free slot, and a finished send wakes the loop: the timer is
    // for the next row that is not due yet (a retry), or the safety poll.
    const next = this.store.db.open ? this.store.nextDueAfter(this.store.now()) : undefined;
    const poll = this.opts.pollMs ?? 1000;
    const wait = next === undefined ? poll : Math.min(poll, Math.max(0, next - this.store.now()));
    this.timer = setTimeout(() => this.tick(true), wait);
  }

  /**
   * Claims, for every channel with a free slot, its oldest due rows. The channels are the
   * configured ones; the timer's tick (and the first) also looks for rows of channels since
   * deleted, so that they fail with their reason instead of waiting for ever.
   */
  private tick(scanAll: boolean): void {
    if (!this.started || !this.store.db.open) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      const per = this.opts.concurrencyPerChannel ?? 4;
      const ids = new Set(this.store.channelIds());
      const now = this.store.now();
      if (scanAll && now - this.lastScan >= (this.opts.pollMs ?? 1000)) {
        for (const id of this.store.waitingChannels()) ids.add(id);
        this.lastScan = now;
      }
      const slots = new Map<string, number>();
      for (const id of ids) {
        const free = per - (this.inflight.get(id) ?? 0);
        if (free > 0) slots.set(id, free);
      }
      const rows = slots.size ? this.store.claimForChannels(slots) : [];
      for (const row of rows) this.launch(row);
    } catch (err) {
      this.opts.log?.warn('outbox step failed', { error: String(err) });
    } finally {
      this.ticking = false;
    }
    if (this.again) {
      this.again = false;
      this.wake();
    }
    this.schedule();
  }

  private launch(row: DeliveryRow): void {
    this.inflight.set(row.channel_id, (this.inflight.get(row.channel_id) ?? 0) + 1);
    const p = this.deliver(row).finally(() => {
      this.inflight.set(row.channel_id, (this.inflight.get(row.channel_id) ?? 1) - 1);
      this.running.delete(p);
      this.wake();
    });
    this.running.add(p);
  }

  private async deliver(row: DeliveryRow): Promise<void> {
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      const target = this.store.target(row.channel_id);
      if (!target)
        throw new NotifyError(
          'notify.error.channelNotFound',
          `channel ${row.channel_id} is gone`,
          false,
          {
            id: row.channel_id,
          },
        );
      if (!target.enabled)
        throw new NotifyError(
          'notify.error.channelDisabled',
          `channel ${row.channel_id} is disabled`,
          false,
        );
      const event = JSON.parse(row.event_json) as NotifyEvent;
      const evidence = (await this.opts.evidence?.(event)) ?? {};
      await this.senders[target.settings.kind](target, {
        deliveryId: row.id,
        event,
        ...evidence,
        locale: this.opts.locale?.() ?? 'es',
        timeZone: this.opts.timeZone,
        now: this.store.now,
        timeoutMs: this.opts.timeoutMs,
        signal: abort.signal,
        ca: this.opts.ca,
      });
      if (!this.store.db.open) return;
      this.store.markSent(row.id);
      this.stats.sent++;
      this.opts.metrics?.outcome(row.channel_kind, 'sent');
    } catch (raw) {
      if (!this.store.db.open) return;
      if (abort.signal.aborted && !this.started) {
        // Stopping: the row stays due, same id, for the next start.
        this.store.markRetry(row.id, this.store.now(), 'notify.error.send', 'host stopped');
        return;
      }
      const err = toNotifyError(raw);
      const now = this.store.now();
      const nextAt = now + backoffMs(this.policy, row.attempts, this.opts.random, err.retryAfterMs);
      if (err.retryable && withinBudget(this.policy, row.attempts, row.created_at, nextAt)) {
        this.store.markRetry(row.id, nextAt, err.code, err.message);
        this.stats.retried++;
        this.opts.metrics?.retry(row.channel_kind);
      } else {
        this.store.markFailed(row.id, err.code, err.message);
        this.stats.failed++;
        this.opts.metrics?.outcome(row.channel_kind, 'failed');
        this.opts.log?.warn('notification failed', {
          deliveryId: row.id,
          channelId: row.channel_id,
          code: err.code,
          error: err.message,
          attempts: row.attempts,
        });
      }
    } finally {
      this.aborts.delete(abort);
    }
  }
}

/**
 * The stored snapshot (and evidence list) of the event's infraction, from the record in the
 * store: the path must stay inside the evidence root.
 */
export function storedEvidence(
  evidenceRoot: string,
  lookup: (
    infractionId: string,
  ) => { evidence: Array<{ kind: string; path: string; mime: string }> } | undefined,
): EvidenceLookup {
  const root = path.resolve(evidenceRoot);
  return async (ev) => {
    if (!ev.infractionId) return {};
    const record = lookup(ev.infractionId);
    if (!record) return {};
    const evidence = record.evidence
      .filter((f) => f.kind !== 'clip-segment')
      .map((f) => ({ kind: f.kind, path: f.path, mime: f.mime }));
    const snap = record.evidence.find((f) => f.kind === 'snapshot');
    if (!snap) return { evidence };
    const file = path.resolve(root, snap.path);
    if (!file.startsWith(root + path.sep)) return { evidence };
    try {
      return {
        evidence,
        snapshot: { filename: path.basename(file), content: await readFile(file), mime: snap.mime },
      };
    } catch {
      return { evidence };
    }
  };
}
