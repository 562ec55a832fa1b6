import type { FinishedTrack } from '../../shared/domain/track-history';
import { FlushTimer } from './flush-timer';
import type { TrackHistoryRepo } from './track-history';

export interface TrackHistoryWriterOptions {
  /** Flush at least this often (ms). */
  intervalMs?: number;
  /** Flush early once this many tracks are queued. */
  maxBatch?: number;
  /** Queue bound; beyond it the oldest tracks are dropped and counted. */
  maxQueue?: number;
  onError?: (e: unknown) => void;
}

/**
 * Takes the finished tracks the workers report and writes them in batches, one transaction per
 * batch (rows and roll-ups together). The worker link never waits on SQLite.
 */
export class TrackHistoryWriter {
  private queue: FinishedTrack[] = [];
  private readonly flushTimer: FlushTimer;
  private readonly opts: Required<Omit<TrackHistoryWriterOptions, 'onError'>> &
    Pick<TrackHistoryWriterOptions, 'onError'>;
  readonly stats = { written: 0, dropped: 0, rejected: 0, flushes: 0 };

  constructor(
    private readonly repo: TrackHistoryRepo,
    opts: TrackHistoryWriterOptions = {},
  ) {
    this.opts = { intervalMs: 1000, maxBatch: 2000, maxQueue: 100_000, ...opts };
    this.flushTimer = new FlushTimer(this.opts.intervalMs, () => this.flush());
  }

  start(): this {
    this.flushTimer.start();
    return this;
  }

  /** Stops the timer and writes what is queued. */
  stop(): void {
    this.flushTimer.stop();
  }

  push(track: FinishedTrack): void {
    this.queue.push(track);
    const overflow = this.queue.length - this.opts.maxQueue;
    if (overflow > 0) {
      this.queue.splice(0, overflow);
      this.stats.dropped += overflow;
    }
    if (this.queue.length >= this.opts.maxBatch) this.flushTimer.full();
  }

  get queued(): number {
    return this.queue.length;
  }

  flush(): number {
    if (this.queue.length === 0) return 0;
    const batch = this.queue;
    this.queue = [];
    try {
      const n = this.repo.insert(batch);
      this.stats.written += n;
      this.stats.flushes++;
      return n;
    } catch (e) {
      this.stats.rejected += batch.length;
      this.opts.onError?.(e);
      return 0;
    }
  }
}
