import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../../electron/shared/domain/detection';
import { TRACK_PATH_MAX_POINTS } from '../../../../electron/shared/domain/track-history';
import { finishedTrackSchema } from '../../../../electron/shared/domain/track-history';
import { TrackRecorder } from '../../../../inference/vision/history/track-recorder';
import { simplifyPath } from '../../../../inference/vision/history/simplify-path';

const W = 1000;
const H = 500;

/** A 40×40 box whose bottom centre is at (x, y). */
function box(
  trackId: number,
  x: number,
  y: number,
  label = 'car',
  extra: Partial<Detection> = {},
): Detection {
  return {
    x1: x - 20,
    y1: y - 40,
    x2: x + 20,
    y2: y,
    score: 0.9,
    classId: 2,
    label,
    trackId,
    ...extra,
  };
}

const rules = {
  imageSize: { width: 500, height: 250 }, // half the frame: geometry is scaled to each frame
  zones: [
    {
      id: 'middle',
      name: 'middle',
      polygon: [
        [200, 0],
        [300, 0],
        [300, 250],
        [200, 250],
      ] as [number, number][],
    },
  ],
  lines: [
    {
      id: 'gate',
      name: 'gate',
      a: [350, 0] as [number, number],
      b: [350, 250] as [number, number],
    },
  ],
};

describe('TrackRecorder', () => {
  it('records a track crossing a zone and a line, and reports it once it has ended', () => {
    const rec = new TrackRecorder({ cameraId: 'cam-1', rules, endAfterMs: 1000 });
    // Left to right along y = 300, 10 px per frame at 10 fps: x 100 → 900 over 8 s.
    let ended = [];
    for (let i = 0; i <= 80; i++) {
      ended = rec.update({
        frameId: i,
        ts: i * 100,
        width: W,
        height: H,
        detections: [box(7, 100 + i * 10, 300, 'car', { speedKmh: 30 + (i % 5) })],
      });
      expect(ended).toEqual([]);
    }
    expect(rec.liveCount).toBe(1);
    // Nothing for longer than endAfterMs: the track is over.
    ended = rec.update({ frameId: 100, ts: 9_500, width: W, height: H, detections: [] });
    expect(ended).toHaveLength(1);
    const t = finishedTrackSchema.parse(ended[0]);
    expect(t).toMatchObject({
      cameraId: 'cam-1',
      trackId: 7,
      classLabel: 'car',
      firstSeen: 0,
      lastSeen: 8000,
      frames: 81,
    });
    // A straight line simplifies to its endpoints.
    expect(t.path).toEqual([
      [0.1, 0.6],
      [0.9, 0.6],
    ]);
    // The zone spans x 400..600 on the frame: entered at x=400 (i=30), left after x=600 (i=50).
    expect(t.zones).toEqual([{ zoneId: 'middle', enterTs: 3000, exitTs: 5000, dwellMs: 2000 }]);
    // The line is at x = 700 on the frame; a → b points down, so moving right is right-to-left.
    expect(t.lines).toHaveLength(1);
    expect(t.lines[0].lineId).toBe('gate');
    expect(t.lines[0].ts).toBeGreaterThanOrEqual(6000);
    expect(t.lines[0].ts).toBeLessThanOrEqual(6100);
    expect(t.speed).toEqual({ min: 30, mean: 32, max: 34 });
    expect(t.bestCrop?.frameId).toBeGreaterThanOrEqual(0);
    expect(rec.liveCount).toBe(0);
  });

  it('keeps the path bounded and the majority label; finishAll ends live tracks', () => {
    const rec = new TrackRecorder({ cameraId: 'c', maxRawPoints: 500 });
    for (let i = 0; i < 3000; i++)
      rec.update({
        frameId: i,
        ts: i * 40,
        width: W,
        height: H,
        // A zig-zag that no tolerance reduces to two points.
        detections: [
          box(1, 100 + (i % 200) * 4, 100 + (i % 7) * 40, i % 10 === 0 ? 'truck' : 'car'),
        ],
      });
    const [t] = rec.finishAll();
    expect(t.classLabel).toBe('car');
    expect(t.frames).toBe(3000);
    expect(t.path.length).toBeLessThanOrEqual(TRACK_PATH_MAX_POINTS);
    expect(t.path.length).toBeGreaterThan(2);
    expect(t.zones).toEqual([]);
    expect(t.speed).toBeUndefined();
    expect(finishedTrackSchema.safeParse(t).success).toBe(true);
    expect(rec.finishAll()).toEqual([]);
  });

  it('ignores detections without a track id', () => {
    const rec = new TrackRecorder({ cameraId: 'c' });
    rec.update({
      frameId: 0,
      ts: 0,
      width: W,
      height: H,
      detections: [{ ...box(1, 10, 10), trackId: undefined }],
    });
    expect(rec.liveCount).toBe(0);
  });
});

describe('simplifyPath', () => {
  it('keeps the corners of an L and bounds the points', () => {
    const l: Array<[number, number]> = [];
    for (let i = 0; i <= 10; i++) l.push([i / 10, 0]);
    for (let i = 1; i <= 10; i++) l.push([1, i / 10]);
    expect(simplifyPath(l, 0.001, 32)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    const noisy = Array.from(
      { length: 1000 },
      (_, i) => [i / 1000, ((i * 7919) % 13) / 13] as [number, number],
    );
    const s = simplifyPath(noisy, 0, 32);
    expect(s.length).toBeLessThanOrEqual(32);
    expect(s[0]).toEqual(noisy[0]);
    expect(s[s.length - 1]).toEqual(noisy[999]);
  });
});
