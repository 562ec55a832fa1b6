import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlushTimer } from '../../../../electron/host/store/flush-timer';

afterEach(() => vi.useRealTimers());

describe('FlushTimer', () => {
  it('flushes on its interval, once soon after a full batch (only while started), and on stop', async () => {
    vi.useFakeTimers();
    let flushes = 0;
    const t = new FlushTimer(1000, () => flushes++);
    t.full();
    await vi.advanceTimersByTimeAsync(10);
    expect(flushes).toBe(0); // not started: a full batch waits for start/stop
    t.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(flushes).toBe(1);
    t.full();
    t.full();
    await vi.advanceTimersByTimeAsync(1);
    expect(flushes).toBe(2); // two "full" calls before the next turn: one flush
    t.stop();
    expect(flushes).toBe(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(flushes).toBe(3);
  });
});
