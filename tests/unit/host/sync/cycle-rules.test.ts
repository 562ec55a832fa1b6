import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  drainBatches,
  isCaughtUp,
  reportedState,
} from '../../../../electron/host/sync/cycle-rules';

const opts = { backoffInitialMs: 500, backoffMaxMs: 30_000 };

describe('sync backoff', () => {
  it('doubles from the initial delay per consecutive failure', () => {
    // random 0.5 → no jitter
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, opts, 0.5))).toEqual([500, 1000, 2000, 4000]);
  });

  it('stops growing at the maximum', () => {
    expect(backoffDelay(7, opts, 0.5)).toBe(30_000);
    expect(backoffDelay(50, opts, 0.5)).toBe(30_000);
  });

  it('spreads the delay by ±25 %', () => {
    expect(backoffDelay(1, opts, 0)).toBe(375);
    expect(backoffDelay(1, opts, 0.999999)).toBe(625);
    expect(backoffDelay(50, opts, 0)).toBe(22_500);
  });
});

describe('batch draining', () => {
  it('runs again after a full batch and stops after a short one', async () => {
    const sizes = [3, 3, 1, 3];
    let calls = 0;
    await drainBatches(3, () => Promise.resolve(sizes[calls++]));
    expect(calls).toBe(3);
  });

  it('runs once when the first batch is empty', async () => {
    let calls = 0;
    await drainBatches(500, () => Promise.resolve((calls++, 0)));
    expect(calls).toBe(1);
  });

  it('passes a failure on', async () => {
    await expect(drainBatches(1, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });
});

describe('reported state', () => {
  it('reports a connected engine with queued changes as behind', () => {
    expect(reportedState('connected', 3)).toBe('behind');
    expect(reportedState('connected', 0)).toBe('connected');
  });

  it('leaves other states alone', () => {
    expect(reportedState('error', 3)).toBe('error');
    expect(reportedState('disabled', 3)).toBe('disabled');
    expect(reportedState('connecting', 3)).toBe('connecting');
  });
});

describe('caught up', () => {
  const idle = { state: 'connected' as const, behind: 0, pendingDownloads: 0 };

  it('needs two cycles completed after the call', () => {
    expect(isCaughtUp(idle, 5, 5)).toBe(false);
    expect(isCaughtUp(idle, 6, 5)).toBe(false);
    expect(isCaughtUp(idle, 7, 5)).toBe(true);
  });

  it('needs nothing queued, nothing to download, and a connection', () => {
    expect(isCaughtUp({ ...idle, behind: 1 }, 9, 5)).toBe(false);
    expect(isCaughtUp({ ...idle, pendingDownloads: 1 }, 9, 5)).toBe(false);
    expect(isCaughtUp({ ...idle, state: 'error' }, 9, 5)).toBe(false);
  });
});
