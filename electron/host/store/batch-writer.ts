import type Database from 'better-sqlite3';
import type { InfractionEvent } from '../../shared/domain/infraction';
import type { LeaseStamp } from '../../shared/domain/fleet';
import type { ControlRoomStore } from './store';
import { FlushTimer } from './flush-timer';

/** One detection/track event of the time series (a line crossing carries lineId + direction). */
export interface TrackEventInput {
  ts: number;
  cameraId: string;
  kind: string;
  trackId?: number;
  classLabel?: string;
  confidence?: number;
  box?: { x1: number; y1: number; x2: number; y2: number };
  lineId?: string;
  zoneId?: string;
  direction?: string;
  data?: Record<string, unknown>;
}

export interface MetricInput {
  ts: number;
  cameraId: string;
  state?: string;
  fps?: number;
  inferenceMs?: number;
  provider?: string;
  dropped?: number;
  data?: Record<string, unknown>;
}

export interface BatchWriterOptions {
  /** Flush at least this often (ms). */
  intervalMs?: number;
  /** Flush early once this many items are queued. */
  maxBatch?: number;
  /** Queue bound; beyond it the oldest events/metrics are dropped (never infractions) and counted. */
  maxQueue?: number;
  onError?: (e: unknown) => void;
}

export interface BatchWriterStats {
  written: number;
  dropped: number;
  rejected: number;
  flushes: number;
  queued: number;
}

/**
 * Takes the workers' high-rate stream (events, metrics, infractions) without blocking the caller
 * and writes it in periodic transactions. The UI and the worker link never wait on SQLite.
 */
export class BatchWriter {
  private events: TrackEventInput[] = [];
  private metrics: MetricInput[] = [];
  private infractions: (InfractionEvent & { lease?: LeaseStamp })[] = [];
  private readonly flushTimer: FlushTimer;
  private readonly insertEvent: Database.Statement;
  private readonly insertMetric: Database.Statement;
  private readonly opts: Required<Omit<BatchWriterOptions, 'onError'>> &
    Pick<BatchWriterOptions, 'onError'>;
  readonly stats: BatchWriterStats = { written: 0, dropped: 0, rejected: 0, flushes: 0, queued: 0 };

  constructor(
    private readonly store: ControlRoomStore,
    opts: BatchWriterOptions = {},
  ) {
    this.opts = { intervalMs: 100, maxBatch: 5000, maxQueue: 200_000, ...opts };
    this.flushTimer = new FlushTimer(this.opts.intervalMs, () => this.flush());
    this.insertEvent = store.db.prepare(
      `INSERT INTO events (ts, camera_id, kind, track_id, class_label, confidence, x1, y1, x2, y2, line_id, zone_id, direction, data_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertMetric = store.db.prepare(
      `INSERT INTO metrics (ts, camera_id, state, fps, inference_ms, provider, dropped, data_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  start(): this {
    this.flushTimer.start();
    return this;
  }

  /** Stops the timer and writes what is queued. */
  stop(): void {
    this.flushTimer.stop();
  }

  event(e: TrackEventInput): void {
    this.events.push(e);
    this.afterPush();
  }

  metric(m: MetricInput): void {
    this.metrics.push(m);
    this.afterPush();
  }

  /** A sealed infraction; in fleet mode with the camera lease it was raised under. */
  infraction(i: InfractionEvent, lease?: LeaseStamp): void {
    this.infractions.push(lease ? { ...i, lease } : i);
    this.afterPush();
  }

  get queued(): number {
    return this.events.length + this.metrics.length + this.infractions.length;
  }

  /** Writes everything queued in one transaction per kind; returns rows written. */
  flush(): number {
    if (this.queued === 0) return 0;
    const events = this.events;
    const metrics = this.metrics;
    const infractions = this.infractions;
    this.events = [];
    this.metrics = [];
    this.infractions = [];
    let written = 0;
    try {
      this.store.db.transaction(() => {
        for (const e of events) {
          const b = e.box;
          this.insertEvent.run(
            e.ts,
            e.cameraId,
            e.kind,
            e.trackId ?? null,
            e.classLabel ?? null,
            e.confidence ?? null,
            b?.x1 ?? null,
            b?.y1 ?? null,
            b?.x2 ?? null,
            b?.y2 ?? null,
            e.lineId ?? null,
            e.zoneId ?? null,
            e.direction ?? null,
            e.data ? JSON.stringify(e.data) : null,
          );
        }
        for (const m of metrics) {
          this.insertMetric.run(
            m.ts,
            m.cameraId,
            m.state ?? null,
            m.fps ?? null,
            m.inferenceMs ?? null,
            m.provider ?? null,
            m.dropped ?? null,
            m.data ? JSON.stringify(m.data) : null,
          );
        }
      })();
      written += events.length + metrics.length;
    } catch (e) {
      this.stats.rejected += events.length + metrics.length;
      this.opts.onError?.(e);
    }
    // Infractions one by one: a malformed one must not take the others down with it.
    for (const inf of infractions) {
      try {
        written += this.store.infractions.insert([inf]);
      } catch (e) {
        this.stats.rejected++;
        this.opts.onError?.(e);
      }
    }
    this.stats.written += written;
    this.stats.flushes++;
    this.stats.queued = this.queued;
    return written;
  }

  private afterPush(): void {
    if (this.queued >= this.opts.maxBatch) this.flushTimer.full();
    const overflow = this.events.length + this.metrics.length - this.opts.maxQueue;
    if (overflow > 0) {
      const fromEvents = Math.min(overflow, this.events.length);
      this.events.splice(0, fromEvents);
      this.metrics.splice(0, overflow - fromEvents);
      this.stats.dropped += overflow;
    }
  }
}
