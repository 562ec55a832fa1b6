import type { SyncStatus } from '../../shared/api/methods/sync';

/**
 * Pure scheduling rules of the sync loop: how long to back off after a failure, how batches are
 * drained, and which state the status reports.
 */

export interface BackoffOptions {
  backoffInitialMs: number;
  backoffMaxMs: number;
}

/**
 * Delay before the next try after `consecutiveFailures` (≥ 1) failures in a row: doubling from
 * the initial delay up to the maximum, then spread ±25 % so workstations do not retry in step.
 * `random` is in [0, 1).
 */
export function backoffDelay(
  consecutiveFailures: number,
  opts: BackoffOptions,
  random: number = Math.random(),
): number {
  const base = Math.min(opts.backoffMaxMs, opts.backoffInitialMs * 2 ** (consecutiveFailures - 1));
  return Math.round(base * (0.75 + random * 0.5));
}

/**
 * Runs `step` (which handles at most `batchSize` items and returns how many it handled) until a
 * batch comes back short: a full batch means more may be waiting.
 */
export async function drainBatches(batchSize: number, step: () => Promise<number>): Promise<void> {
  for (;;) {
    const handled = await step();
    if (handled < batchSize) break;
  }
}

/** A connected engine with local changes still queued reports `behind`. */
export function reportedState(state: SyncStatus['state'], behind: number): SyncStatus['state'] {
  return state === 'connected' && behind > 0 ? 'behind' : state;
}

/** Whether waitUntilSynced may return: a cycle started after the call finished with nothing left. */
export function isCaughtUp(
  s: Pick<SyncStatus, 'state' | 'behind' | 'pendingDownloads'>,
  cycles: number,
  cyclesAtCall: number,
): boolean {
  // A cycle already running at the call may have pulled too early: wait for two completions.
  const freshCycle = cycles >= cyclesAtCall + 2;
  return freshCycle && s.state === 'connected' && s.behind === 0 && s.pendingDownloads === 0;
}
