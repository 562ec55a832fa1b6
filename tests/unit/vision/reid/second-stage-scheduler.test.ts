import { describe, expect, it } from 'vitest';
import {
  cropQuality,
  RateLimiter,
  SecondStageScheduler,
} from '../../../../inference/vision/reid/second-stage-scheduler';

const b = (w: number, h: number, score: number) => ({ x1: 0, y1: 0, x2: w, y2: h, score });

describe('best crop', () => {
  it('is score × area', () => {
    expect(cropQuality(b(10, 20, 0.5))).toBe(100);
    expect(cropQuality(b(10, 20, Number.NaN))).toBe(0);
    expect(cropQuality({ x1: 5, y1: 5, x2: 1, y2: 1, score: 1 })).toBe(0);
  });

  it('runs an urgent track (waiting to be re-identified) on each new look, every urgent interval', () => {
    const s = new SecondStageScheduler({ minIntervalMs: 5000 }, new RateLimiter(100));
    const urgent = { ids: new Set([1]), intervalMs: 250 };
    s.offer(1, 1, b(20, 20, 0.9), 0);
    expect(s.due(1, 0, urgent).map((c) => c.frameId)).toEqual([1]);
    // A worse view 300 ms later still runs (a new look), long before the normal interval.
    s.offer(1, 2, b(10, 10, 0.9), 300);
    expect(s.due(2, 300, urgent).map((c) => c.box.x2)).toEqual([10]);
    // Within the urgent interval: no run.
    s.offer(1, 3, b(10, 10, 0.9), 400);
    expect(s.due(3, 400, urgent)).toEqual([]);
    // No longer urgent (decided): back to the best view and the normal interval.
    s.offer(1, 4, b(30, 30, 0.9), 700);
    expect(s.due(4, 700)).toEqual([]);
    s.offer(1, 5, b(40, 40, 0.9), 5400);
    expect(s.due(5, 5400).map((c) => c.frameId)).toEqual([5]);
  });

  it('runs on the best view so far, only when it improved, at most once per interval', () => {
    const s = new SecondStageScheduler({ minIntervalMs: 1000 }, new RateLimiter(100));
    s.offer(1, 1, b(10, 10, 0.9), 0);
    expect(s.due(1, 0).map((c) => c.frameId)).toEqual([1]);
    // A better view 0.5 s later waits for the interval.
    s.offer(1, 2, b(20, 20, 0.9), 500);
    expect(s.due(2, 500)).toEqual([]);
    // A worse one later does not replace the best; the best's frame is gone, so nothing runs.
    s.offer(1, 3, b(5, 5, 0.9), 1600);
    expect(s.due(3, 1600)).toEqual([]);
    // A better one after the interval runs.
    s.offer(1, 4, b(30, 30, 0.9), 1700);
    expect(s.due(4, 1700).map((c) => c.frameId)).toEqual([4]);
    // Same view again: not improved, no run.
    s.offer(1, 5, b(30, 30, 0.9), 3000);
    expect(s.due(5, 3000)).toEqual([]);
    expect(s.runsOf(1)).toBe(2);
  });
});

describe('rate limit', () => {
  it('token bucket: a burst, then the rate', () => {
    const r = new RateLimiter(2, 2);
    expect([r.tryTake(0), r.tryTake(0), r.tryTake(0)]).toEqual([true, true, false]);
    expect(r.tryTake(250)).toBe(false);
    expect(r.tryTake(500)).toBe(true);
    expect(new RateLimiter(0).tryTake(0)).toBe(false);
  });

  it('caps runs across tracks so detection is never starved', () => {
    const limiter = new RateLimiter(1, 1);
    const s = new SecondStageScheduler({ minIntervalMs: 0 }, limiter);
    for (let id = 1; id <= 5; id++) s.offer(id, 1, b(10, 10, 0.9), 0);
    expect(s.due(1, 0)).toHaveLength(1);
    expect(s.skippedByRate).toBe(4);
  });
});
