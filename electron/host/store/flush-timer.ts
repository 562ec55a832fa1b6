/**
 * When a batching writer writes: every `intervalMs` while started, on `stop()`, and soon after a
 * producer fills a batch (`full()`), outside the producer's stack, so the producer never waits on
 * the write and a full batch does not wait for the next tick.
 */
export class FlushTimer {
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Stops the timer and flushes what is queued. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  /** A batch is full: flush on the next turn of the event loop (once, and only while started). */
  full(): void {
    if (!this.timer || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
