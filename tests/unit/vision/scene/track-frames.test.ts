import { describe, expect, it } from 'vitest';
import { framesOfTrack } from '../../../../inference/vision/scene/track-frames';
import type { Detection } from '../../../../electron/shared/domain/detection';

const box = (x1: number, w: number, trackId?: number): Detection => ({
  x1,
  y1: 0,
  x2: x1 + w,
  y2: w,
  score: 0.9,
  classId: 2,
  label: 'car',
  trackId,
});

describe('framesOfTrack', () => {
  const frames = [
    { frameId: 1, boxes: [box(0, 10, 7), box(50, 40, 8)] },
    { frameId: 2, boxes: [box(5, 30, 7)] },
    { frameId: 3, boxes: [box(9, 20, 7)] },
    { frameId: 4, boxes: [box(0, 50, 9)] },
    { frameId: 5, boxes: [box(12, 60, 7)] },
  ];

  it('picks the largest views of the track, excluding the infraction frame', () => {
    const got = framesOfTrack(frames, 7, { exceptFrameId: 5, max: 2, hasPicture: () => true });
    expect(got.map((f) => f.frameId)).toEqual([2, 3]);
    expect(got[0].box).toEqual({ x1: 5, y1: 0, x2: 35, y2: 30 });
  });

  it('skips frames without a picture and other tracks; none found is an empty list', () => {
    const got = framesOfTrack(frames, 7, {
      exceptFrameId: 0,
      max: 10,
      hasPicture: (id) => id !== 5,
    });
    expect(got.map((f) => f.frameId)).toEqual([2, 3, 1]);
    expect(framesOfTrack(frames, 42, { exceptFrameId: 0, max: 3, hasPicture: () => true })).toEqual(
      [],
    );
    expect(framesOfTrack(frames, 7, { exceptFrameId: 0, max: 0, hasPicture: () => true })).toEqual(
      [],
    );
  });
});
