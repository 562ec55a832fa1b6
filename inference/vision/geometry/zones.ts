import type { Detection } from '../../../electron/shared/domain/detection';
import {
  bottomCenter,
  cross,
  pointInPolygon,
  segmentCrossing,
  type Box,
  type CrossingDirection,
  type Point,
  type Polygon,
} from './primitives';

/**
 * A polygon zone: which tracks are inside (by their bottom-centre anchor) and since when, in
 * timestamps, so dwell does not depend on the frame rate.
 */
export class PolygonZone {
  private readonly enteredAt = new Map<number, number>();
  private readonly lastSeenInside = new Map<number, number>();

  constructor(
    readonly id: string,
    readonly polygon: Polygon,
    /** An object briefly lost from the zone (occlusion, jitter on the border) keeps its dwell this long. */
    private readonly exitGraceMs = 500,
  ) {}

  /** Track ids the zone holds now: seen inside within the exit grace (after the last `update`). */
  members(): IterableIterator<number> {
    return this.lastSeenInside.keys();
  }

  contains(b: Box): boolean {
    return pointInPolygon(bottomCenter(b), this.polygon);
  }

  /**
   * Updates membership with this frame's detections (those without a `trackId` are ignored);
   * returns the track ids inside with their dwell in ms.
   */
  update(detections: readonly Detection[], tsMs: number): Map<number, number> {
    const inside = new Map<number, number>();
    for (const t of detections) {
      const trackId = t.trackId;
      if (trackId === undefined || !this.contains(t)) continue;
      const lastInside = this.lastSeenInside.get(trackId);
      let entered = this.enteredAt.get(trackId);
      if (
        entered === undefined ||
        lastInside === undefined ||
        tsMs - lastInside > this.exitGraceMs
      ) {
        entered = tsMs;
        this.enteredAt.set(trackId, entered);
      }
      this.lastSeenInside.set(trackId, tsMs);
      inside.set(trackId, tsMs - entered);
    }
    for (const [id, last] of this.lastSeenInside) {
      if (tsMs - last > this.exitGraceMs) {
        this.lastSeenInside.delete(id);
        this.enteredAt.delete(id);
      }
    }
    return inside;
  }
}

export interface LineCrossingEvent {
  trackId: number;
  /** The crossing detection's label. */
  label: string;
  direction: CrossingDirection;
  /** Anchor positions before and after the crossing. */
  from: Point;
  to: Point;
}

/**
 * A counting line (a → b): reports each track's anchor crossing it with its direction and keeps
 * counts per class and direction. A track's side only changes once its anchor is more than
 * `marginPx` from the line (hysteresis), so an object idling on the line with jittering boxes is
 * not counted again and again; one genuinely crossing back and forth counts each passage.
 */
export class LineZone {
  /** Per track: the last position clearly on one side, and that side (±1). */
  private readonly last = new Map<number, { p: Point; side: 1 | -1; tsMs: number }>();
  readonly counts = new Map<string, { 'left-to-right': number; 'right-to-left': number }>();
  private readonly length: number;

  constructor(
    readonly id: string,
    readonly a: Point,
    readonly b: Point,
    /** Tracks not seen for this long start afresh (their old position says nothing about a crossing). */
    private readonly forgetAfterMs = 2000,
    private readonly marginPx = 2,
  ) {
    this.length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  }

  /** Crossings by this frame's detections (those without a `trackId` are ignored). */
  update(detections: readonly Detection[], tsMs: number): LineCrossingEvent[] {
    const events: LineCrossingEvent[] = [];
    for (const t of detections) {
      const trackId = t.trackId;
      if (trackId === undefined) continue;
      const p = bottomCenter(t);
      const d = cross(this.a, this.b, p) / this.length;
      const prev = this.last.get(trackId);
      if (Math.abs(d) <= this.marginPx) {
        if (prev) prev.tsMs = tsMs;
        continue;
      }
      const side = d > 0 ? 1 : -1;
      this.last.set(trackId, { p, side, tsMs });
      if (!prev || prev.side === side) continue;
      // The side changed; it is a crossing only if the path passed through the segment itself.
      const dir = segmentCrossing(prev.p, p, this.a, this.b);
      if (!dir) continue;
      let c = this.counts.get(t.label);
      if (!c) this.counts.set(t.label, (c = { 'left-to-right': 0, 'right-to-left': 0 }));
      c[dir]++;
      events.push({
        trackId,
        label: t.label,
        direction: dir,
        from: prev.p,
        to: p,
      });
    }
    for (const [id, v] of this.last) if (tsMs - v.tsMs > this.forgetAfterMs) this.last.delete(id);
    return events;
  }
}
