/** Retry schedule of the outbox: exponential with jitter, capped, within a budget. */
export interface RetryPolicy {
  /** First retry after about this long (5 s). */
  baseMs: number;
  /** No wait longer than this (15 min). */
  capMs: number;
  /** At most this many attempts in all (10)… */
  maxAttempts: number;
  /** …and no attempt after this long since the event (24 h). */
  maxAgeMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 5_000,
  capMs: 15 * 60_000,
  maxAttempts: 10,
  maxAgeMs: 24 * 3_600_000,
};

/**
 * Wait before the next attempt after `attempts` failed ones: base × 2^(attempts−1), capped, then
 * "equal jitter" (between half and all of it) so receivers that come back are not hit at once.
 * A Retry-After from the receiver wins, within the cap.
 */
export function backoffMs(
  policy: RetryPolicy,
  attempts: number,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(policy.capMs, Math.max(0, retryAfterMs));
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** Whether another attempt is allowed after `attempts`, for an event created at `createdAt`. */
export function withinBudget(
  policy: RetryPolicy,
  attempts: number,
  createdAt: number,
  nextAt: number,
): boolean {
  return attempts < policy.maxAttempts && nextAt - createdAt <= policy.maxAgeMs;
}
