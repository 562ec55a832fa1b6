import { describe, expect, it } from 'vitest';
import {
  BURST_SECONDS,
  KeyRateLimiter,
} from '../../../../../electron/host/server/rest/rate-limiter';

describe('KeyRateLimiter', () => {
  it('holds a key to its rate within 5% under sustained load', () => {
    const clock = { t: 0 };
    const limiter = new KeyRateLimiter(() => clock.t);
    const rate = 600;
    let accepted = 0;
    // 10 times the allowed rate for 60 s, in 1 ms steps.
    for (clock.t = 0; clock.t < 60_000; clock.t += 1) if (limiter.take('k', rate).ok) accepted++;
    expect(accepted).toBeGreaterThanOrEqual(rate * 0.95);
    expect(accepted).toBeLessThanOrEqual(rate * 1.05);
    expect(accepted).toBeLessThanOrEqual(rate + Math.max(1, (rate * BURST_SECONDS) / 60));
  });

  it('stays within 5% over a 10 s window too', () => {
    const clock = { t: 0 };
    const limiter = new KeyRateLimiter(() => clock.t);
    let accepted = 0;
    for (clock.t = 0; clock.t < 10_000; clock.t += 0.5) if (limiter.take('k', 6000).ok) accepted++;
    expect(accepted / 1000).toBeGreaterThanOrEqual(0.95);
    expect(accepted / 1000).toBeLessThanOrEqual(1.05);
  });

  it('says when to retry, and keeps keys apart', () => {
    const clock = { t: 0 };
    const limiter = new KeyRateLimiter(() => clock.t);
    expect(limiter.take('slow', 2).ok).toBe(true);
    const refused = limiter.take('slow', 2);
    expect(refused).toEqual({ ok: false, retryAfterSec: 30 });
    expect(limiter.take('other', 2).ok).toBe(true);
    clock.t += 30_000;
    expect(limiter.take('slow', 2).ok).toBe(true);
  });
});
