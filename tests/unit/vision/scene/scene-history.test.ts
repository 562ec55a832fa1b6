import { describe, expect, it } from 'vitest';
import { SceneHistory } from '../../../../inference/vision/scene/scene-history';
import type { FrameDetections } from '../../../../electron/shared/domain/detection';

const frame = (i: number, ts: number, dets = 1): FrameDetections => ({
  cameraId: 'cam-1',
  frameId: i,
  ts,
  width: 640,
  height: 360,
  detections: Array.from({ length: dets }, (_, k) => ({
    x1: i + k,
    y1: 10,
    x2: i + k + 20,
    y2: 30,
    score: 0.9,
    classId: 0,
    label: 'motion',
    trackId: 7,
    speedKmh: 42,
  })),
});

describe('SceneHistory (test mode ring of recent scene inputs)', () => {
  it('keeps frames oldest first and drops the oldest when full', () => {
    const h = new SceneHistory({ maxFrames: 5 });
    for (let i = 0; i < 12; i++) h.push(frame(i, 1000 + i * 100));
    expect(h.size).toBe(5);
    expect(h.frames().map((f) => f.frameId)).toEqual([7, 8, 9, 10, 11]);
    expect(h.oldestTs).toBe(1700);
    expect(h.newestTs).toBe(2100);
  });

  it('drops frames older than maxAgeMs relative to the newest', () => {
    const h = new SceneHistory({ maxAgeMs: 1000 });
    for (let i = 0; i <= 30; i++) h.push(frame(i, i * 100));
    // Newest at 3000 ms: frames from 2000 ms on stay (age ≤ 1000 ms).
    expect(h.frames().map((f) => f.ts)).toEqual(
      Array.from({ length: 11 }, (_, k) => 2000 + k * 100),
    );
  });

  it('caps the estimated bytes, always keeping the newest frame', () => {
    const h = new SceneHistory({ maxBytes: 4000 });
    for (let i = 0; i < 100; i++) h.push(frame(i, i * 10, 5));
    expect(h.bytes).toBeLessThanOrEqual(4000);
    expect(h.size).toBeGreaterThan(1);
    expect(h.frames().at(-1)!.frameId).toBe(99);
    const tiny = new SceneHistory({ maxBytes: 10 });
    tiny.push(frame(0, 0, 50));
    tiny.push(frame(1, 10, 50));
    expect(tiny.frames().map((f) => f.frameId)).toEqual([1]);
    // Bytes go back to zero when everything is gone.
    tiny.clear();
    expect(tiny.bytes).toBe(0);
    expect(tiny.size).toBe(0);
  });

  it('stores copies of the raw detections, without track ids or speeds', () => {
    const h = new SceneHistory();
    const f = frame(0, 0, 2);
    h.push(f);
    f.detections[0].x1 = -999;
    const [stored] = h.frames();
    expect(stored.detections[0].x1).toBe(0);
    expect(stored.detections[0]).not.toHaveProperty('trackId');
    expect(stored.detections[0]).not.toHaveProperty('speedKmh');
    expect(stored.detections).toHaveLength(2);
  });

  it('returns the last N seconds, drops stragglers and starts over when the clock jumps back', () => {
    const h = new SceneHistory();
    for (let i = 0; i < 50; i++) h.push(frame(i, 10_000 + i * 200));
    // Newest at 19 800 ms: the last 2 s are 17 800 … 19 800.
    expect(h.last(2).map((f) => f.ts)).toEqual(
      Array.from({ length: 11 }, (_, k) => 17_800 + k * 200),
    );
    expect(h.frames(19_000)).toHaveLength(5);
    // A late frame from just before the newest is dropped; the history is kept.
    h.push(frame(98, 19_500));
    expect(h.size).toBe(50);
    expect(h.frames().at(-1)!.frameId).toBe(49);
    h.push(frame(99, 5000));
    expect(h.size).toBe(1);
    expect(h.last(60)).toHaveLength(1);
    expect(new SceneHistory().last(60)).toEqual([]);
  });

  it('stays bounded over a long run with wrap-around', () => {
    const h = new SceneHistory({ maxFrames: 100, maxAgeMs: 120_000 });
    for (let i = 0; i < 10_000; i++) h.push(frame(i, i * 33));
    expect(h.size).toBe(100);
    const ids = h.frames().map((f) => f.frameId);
    expect(ids[0]).toBe(9900);
    expect(ids.every((id, k) => k === 0 || id === ids[k - 1] + 1)).toBe(true);
  });
});
