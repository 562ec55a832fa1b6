/**
 * Spaces calls at least `1000 / perSecond` ms apart, in arrival order: a burst of infractions
 * queues instead of hammering a municipality's service (and getting the workstation banned).
 */
export class RateLimiter {
  private nextSlot = 0;
  private readonly interval: number;

  constructor(perSecond: number) {
    this.interval = 1000 / perSecond;
  }

  /** Resolves when the caller may go. */
  async acquire(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.interval;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }
}
