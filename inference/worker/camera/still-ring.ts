import type { JpegFrame } from './camera-runner';

/** Stills kept by default: a few seconds at the usual analysis rates. */
const DEFAULT_KEEP = 40;
/** How long a wait for a still that has not come yet may last (a hung or restarted ffmpeg). */
const DEFAULT_WAIT_MS = 10_000;

interface Waiter {
  frameId: number;
  resolve(still: JpegFrame | undefined): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The last stills of one camera run, by frameId, for evidence that shows exactly the frame a rule
 * fired on. A detection is often ready before the still of its own frame has been read (the JPEG
 * comes on another pipe), so `waitFor` waits for that one still; it never hands out another frame.
 * Stills arrive in frameId order, so once a later one has arrived (or the wanted one was evicted)
 * the wanted one will not come.
 */
export class StillRing {
  private readonly held = new Map<number, JpegFrame>();
  private readonly waiters: Waiter[] = [];
  private newest = -Infinity;
  private closed = false;

  constructor(
    private readonly keep = DEFAULT_KEEP,
    private readonly waitMs = DEFAULT_WAIT_MS,
  ) {}

  get size(): number {
    return this.held.size;
  }

  push(still: JpegFrame): void {
    if (this.closed) return;
    this.held.set(still.frameId, still);
    this.newest = Math.max(this.newest, still.frameId);
    // Map iteration is insertion order: the oldest first.
    while (this.held.size > this.keep) this.held.delete(this.held.keys().next().value!);
    // Older waiters first (missing), then the exact ones, in the order they asked.
    for (const w of [...this.waiters]) {
      if (w.frameId < still.frameId) this.settle(w, this.held.get(w.frameId));
      else if (w.frameId === still.frameId) this.settle(w, still);
    }
  }

  /** The still of exactly `frameId`, if it is held now. */
  get(frameId: number): JpegFrame | undefined {
    return this.held.get(frameId);
  }

  /**
   * The still of exactly `frameId`: at once when held, when it arrives, or undefined when it will
   * not come (a later still came first, it was evicted, the ring was closed, or `waitMs` passed).
   */
  waitFor(frameId: number): Promise<JpegFrame | undefined> {
    const held = this.held.get(frameId);
    if (held) return Promise.resolve(held);
    if (this.closed || frameId <= this.newest) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const w: Waiter = {
        frameId,
        resolve,
        timer: setTimeout(() => this.settle(w, undefined), this.waitMs),
      };
      w.timer.unref?.();
      this.waiters.push(w);
    });
  }

  /** No more stills (the run ended): pending waits resolve without a still. */
  close(): void {
    this.closed = true;
    for (const w of [...this.waiters]) this.settle(w, undefined);
    this.held.clear();
  }

  private settle(w: Waiter, still: JpegFrame | undefined): void {
    const i = this.waiters.indexOf(w);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    clearTimeout(w.timer);
    w.resolve(still);
  }
}
