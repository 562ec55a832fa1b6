import { describe, it, expect } from 'vitest';
import { ByteTracker } from '../../../../inference/vision/tracking/byte-tracker';
import type { Detection } from '../../../../electron/shared/domain/detection';

const det = (x: number, y: number, score = 0.9, label = 'car', w = 40, h = 30): Detection => ({
  x1: x,
  y1: y,
  x2: x + w,
  y2: y + h,
  score,
  classId: 0,
  label,
});

describe('ByteTracker', () => {
  it('keeps stable ids for objects moving in parallel and crossing', () => {
    const tr = new ByteTracker();
    const ids: number[][] = [];
    for (let f = 0; f < 60; f++) {
      const dets = [det(10 + f * 5, 100), det(400 - f * 5, 104), det(200, 300 + f * 2)];
      const tracks = tr.update(dets, f * 40);
      const byDet = new Map(tracks.map((t) => [t.detectionIndex, t.id]));
      ids.push([byDet.get(0) ?? -1, byDet.get(1) ?? -1, byDet.get(2) ?? -1]);
    }
    expect(ids[0]).toEqual([1, 2, 3]);
    // Objects 0 and 1 cross around frame 39 on nearly the same row; velocities keep them apart.
    for (const row of ids) expect(row).toEqual([1, 2, 3]);
  });

  it('re-finds a track after missed frames within the lost buffer, by time', () => {
    const tr = new ByteTracker({ lostTimeoutMs: 1000 });
    let t = 0;
    for (let f = 0; f < 10; f++) tr.update([det(100 + f * 4, 100)], (t = f * 40));
    // 12 frames missing (480 ms): the filter coasts.
    for (let f = 10; f < 22; f++) expect(tr.update([], (t = f * 40))).toEqual([]);
    const back = tr.update([det(100 + 22 * 4, 100)], (t = 22 * 40));
    expect(back.map((x) => x.id)).toEqual([1]);
    expect(back[0].history.at(-1)!.tsMs).toBe(t);
    // Timestamps, not frame counts: one frame 1.2 s later is past the buffer.
    const after = tr.update([det(100 + 23 * 4, 100)], t + 1200);
    expect(after).toEqual([]); // new tentative track, not reported yet
    expect(tr.update([det(100 + 24 * 4, 100)], t + 1240).map((x) => x.id)).toEqual([2]);
  });

  it('uses low-score detections only to continue existing tracks', () => {
    const tr = new ByteTracker();
    for (let f = 0; f < 5; f++) tr.update([det(100 + f * 4, 100)], f * 40);
    // The object fades to a low score (occlusion): the second stage keeps the id.
    const kept = tr.update([det(120, 100, 0.3)], 200);
    expect(kept.map((x) => x.id)).toEqual([1]);
    // A low-score detection elsewhere never starts a track.
    tr.update([det(600, 400, 0.3)], 240);
    tr.update([det(600, 400, 0.3)], 280);
    expect(tr.all.some((x) => x.history[0].box.x1 === 600)).toBe(false);
  });

  it('keeps classes apart', () => {
    const tr = new ByteTracker();
    tr.update([det(100, 100, 0.9, 'person')], 0);
    const out = tr.update([det(101, 100, 0.9, 'car')], 40);
    expect(out).toEqual([]); // the car starts its own tentative track
    const out2 = tr.update([det(102, 100, 0.9, 'car')], 80);
    expect(out2[0].id).toBe(2);
    expect(out2[0].label).toBe('car');
  });

  it('needs two hits to confirm a track after the first frame', () => {
    const tr = new ByteTracker();
    tr.update([], 0);
    expect(tr.update([det(10, 10)], 40)).toEqual([]);
    expect(tr.update([det(12, 10)], 80).map((x) => x.id)).toEqual([1]);
    // A one-frame false positive is dropped and does not consume a reported id.
    tr.update([det(12, 10), det(300, 300)], 120);
    tr.update([det(12, 10)], 160);
    expect(tr.all.length).toBe(1);
  });
});
