import { describe, it, expect } from 'vitest';
import {
  bottomCenter,
  iou,
  pointInPolygon,
  polygonArea,
  segmentCrossing,
  type Polygon,
} from '../../../../inference/vision/geometry/primitives';
import { LineZone, PolygonZone } from '../../../../inference/vision/geometry/zones';
import type { Detection } from '../../../../electron/shared/domain/detection';

describe('pointInPolygon', () => {
  const square: Polygon = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  // A "U" shape: the notch (4..6, 5..10) is outside.
  const u: Polygon = [
    [0, 0],
    [10, 0],
    [10, 10],
    [6, 10],
    [6, 5],
    [4, 5],
    [4, 10],
    [0, 10],
  ];
  it('inside, outside, and on edges/vertices (inside)', () => {
    expect(pointInPolygon([5, 5], square)).toBe(true);
    expect(pointInPolygon([15, 5], square)).toBe(false);
    expect(pointInPolygon([-0.001, 5], square)).toBe(false);
    expect(pointInPolygon([10, 5], square)).toBe(true);
    expect(pointInPolygon([0, 0], square)).toBe(true);
    expect(pointInPolygon([5, 10], square)).toBe(true);
  });
  it('handles concave polygons and rays through vertices', () => {
    expect(pointInPolygon([5, 7], u)).toBe(false);
    expect(pointInPolygon([2, 7], u)).toBe(true);
    expect(pointInPolygon([8, 7], u)).toBe(true);
    expect(pointInPolygon([5, 2], u)).toBe(true);
    // Ray along y = 5 passes through the notch's vertices.
    expect(pointInPolygon([1, 5], u)).toBe(true);
    expect(pointInPolygon([-1, 5], u)).toBe(false);
    expect(pointInPolygon([5, 10], u)).toBe(false);
  });
  it('degenerate polygons contain nothing', () => {
    expect(
      pointInPolygon(
        [0, 0],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toBe(false);
  });
  it('area and iou', () => {
    expect(polygonArea(square)).toBe(100);
    expect(polygonArea(u)).toBe(90);
    expect(iou({ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 5, y1: 0, x2: 15, y2: 10 })).toBeCloseTo(
      50 / 150,
    );
    expect(iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 2, y1: 2, x2: 3, y2: 3 })).toBe(0);
    expect(bottomCenter({ x1: 0, y1: 0, x2: 10, y2: 20 })).toEqual([5, 20]);
  });
});

describe('segmentCrossing', () => {
  // Horizontal line from (0,10) to (100,10), pointing right on screen: "left" is above (y < 10).
  const a = [0, 10] as const;
  const b = [100, 10] as const;
  it('detects direction', () => {
    expect(segmentCrossing([50, 5], [50, 15], a, b)).toBe('left-to-right');
    expect(segmentCrossing([50, 15], [50, 5], a, b)).toBe('right-to-left');
  });
  it('reversing the line reverses the direction', () => {
    expect(segmentCrossing([50, 5], [50, 15], b, a)).toBe('right-to-left');
  });
  it('no crossing: same side, beyond the segment ends, parallel, arriving on the line', () => {
    expect(segmentCrossing([50, 5], [60, 8], a, b)).toBeNull();
    expect(segmentCrossing([150, 5], [150, 15], a, b)).toBeNull();
    expect(segmentCrossing([-1, 5], [-1, 15], a, b)).toBeNull();
    expect(segmentCrossing([10, 10], [20, 10], a, b)).toBeNull();
    expect(segmentCrossing([50, 5], [50, 10], a, b)).toBeNull();
  });
  it('leaving the line counts once, and crossing through an endpoint counts', () => {
    expect(segmentCrossing([50, 10], [50, 15], a, b)).toBe('left-to-right');
    expect(segmentCrossing([100, 5], [100, 15], a, b)).toBe('left-to-right');
    // Diagonal line.
    expect(segmentCrossing([0, 10], [10, 0], [0, 0], [10, 10])).toBe('right-to-left');
  });
});

describe('zones', () => {
  const t = (trackId: number, x: number, y: number, label = 'car'): Detection => ({
    trackId,
    label,
    classId: 0,
    score: 0.9,
    x1: x - 5,
    y1: y - 10,
    x2: x + 5,
    y2: y,
  });
  it('LineZone counts per class and direction, once per passage', () => {
    const line = new LineZone('l1', [0, 50], [100, 50]);
    const path = [40, 45, 49, 55, 60, 70];
    for (let i = 0; i < path.length; i++)
      line.update([t(1, 20, path[i]), t(2, 80, 100 - path[i], 'person')], i * 40);
    expect(line.counts.get('car')).toEqual({ 'left-to-right': 1, 'right-to-left': 0 });
    expect(line.counts.get('person')).toEqual({ 'left-to-right': 0, 'right-to-left': 1 });
    // Back across: counted the other way.
    const ev = line.update([t(1, 20, 45)], 300);
    expect(ev).toHaveLength(1);
    expect(ev[0].direction).toBe('right-to-left');
  });
  it('LineZone ignores tracks seen long ago', () => {
    const line = new LineZone('l1', [0, 50], [100, 50], 1000);
    line.update([t(1, 20, 40)], 0);
    line.update([], 2000);
    expect(line.update([t(1, 20, 60)], 2100)).toEqual([]);
  });
  it('PolygonZone dwell uses timestamps and tolerates brief exits', () => {
    const zone = new PolygonZone(
      'z',
      [
        [0, 0],
        [100, 0],
        [100, 100],
        [0, 100],
      ],
      500,
    );
    expect(zone.update([t(1, 50, 50)], 1000).get(1)).toBe(0);
    for (let ts = 1200; ts < 3000; ts += 200) zone.update([t(1, 50, 50)], ts);
    expect(zone.update([t(1, 50, 50)], 3000).get(1)).toBe(2000);
    // Out for 300 ms (jitter): dwell continues.
    expect(zone.update([t(1, 150, 50)], 3100).has(1)).toBe(false);
    expect(zone.update([t(1, 50, 50)], 3300).get(1)).toBe(2300);
    // Out for 2 s: dwell restarts.
    zone.update([t(1, 150, 50)], 3400);
    zone.update([], 5400);
    expect(zone.update([t(1, 50, 50)], 5500).get(1)).toBe(0);
  });
});

describe('LineZone hysteresis', () => {
  const t = (y: number, x = 20): Detection => ({
    trackId: 1,
    label: 'car',
    classId: 0,
    score: 0.9,
    x1: x - 5,
    y1: y - 10,
    x2: x + 5,
    y2: y,
  });
  it('an object jittering on the line is not counted; a real crossing is, once', () => {
    const line = new LineZone('l', [0, 50], [100, 50], 2000, 2);
    const ys = [40, 44, 49, 51, 49.5, 51.5, 50, 48.5, 51, 49];
    for (let i = 0; i < ys.length; i++) expect(line.update([t(ys[i])], i * 40)).toEqual([]);
    expect(line.update([t(58)], 500)).toHaveLength(1);
    for (let i = 0; i < 5; i++) line.update([t(57 + (i % 2))], 540 + i * 40);
    expect(line.counts.get('car')).toEqual({ 'left-to-right': 1, 'right-to-left': 0 });
  });
  it('going round the end of the line is not a crossing', () => {
    const line = new LineZone('l', [0, 50], [100, 50]);
    line.update([t(40, 90)], 0);
    line.update([t(40, 130)], 40);
    expect(line.update([t(60, 130)], 80)).toEqual([]);
  });
});
