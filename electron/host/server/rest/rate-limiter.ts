/**
 * Seconds of a key's rate it may spend at once. Small, so that over any window of T seconds a key
 * gets at most rate·(T + BURST_SECONDS)/60 requests: within 5% of its rate from T = 10 s on.
 */
export const BURST_SECONDS = 0.5;

export type Take = { ok: true } | { ok: false; retryAfterSec: number };

/**
 * Per-key token buckets: each key refills at its rate per minute, holding at most BURST_SECONDS
 * worth (one request at least). O(1) per request; one small entry per key.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; rate: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(keyId: string, ratePerMinute: number): Take {
    const now = this.now();
    const capacity = Math.max(1, (ratePerMinute * BURST_SECONDS) / 60);
    const perMs = ratePerMinute / 60_000;
    let b = this.buckets.get(keyId);
    if (!b || b.rate !== ratePerMinute) {
      b = { tokens: capacity, at: now, rate: ratePerMinute };
      this.buckets.set(keyId, b);
    } else {
      b.tokens = Math.min(capacity, b.tokens + (now - b.at) * perMs);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
  }
}
