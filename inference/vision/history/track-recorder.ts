import type { Detection } from '../../../electron/shared/domain/detection';
import type { RuleSetConfig } from '../../../electron/shared/config/rules';
import {
  TRACK_PATH_MAX_POINTS,
  type FinishedTrack,
  type TrackLineCrossing,
  type TrackZoneVisit,
} from '../../../electron/shared/domain/track-history';
import { bottomCenter, pointInPolygon, segmentCrossing, cross } from '../geometry/primitives';
import type { Point, Polygon } from '../geometry/primitives';
import { simplifyPath, type PathPoint } from './simplify-path';

export interface TrackRecorderOptions {
  cameraId: string;
  /** The camera's zones and lines (any image size; scaled to each frame). */
  rules?: Pick<RuleSetConfig, 'imageSize' | 'zones' | 'lines'>;
  /** A track not seen for this long has ended (default 3 s, past the tracker's own buffer). */
  endAfterMs?: number;
  /** An object briefly out of a zone keeps its visit this long (default 500 ms). */
  zoneExitGraceMs?: number;
  /** Raw points kept per live track before thinning (default 2000). */
  maxRawPoints?: number;
  /** Douglas-Peucker tolerance in normalised units (default 0.004 ≈ 4 px on 1000 px). */
  simplifyEpsilon?: number;
  /** Added to frame timestamps (a recording's start time); default 0. */
  timeOriginMs?: number;
}

export interface RecorderFrame {
  frameId: number;
  ts: number;
  width: number;
  height: number;
  /** The frame's detections; only those with a trackId are recorded. */
  detections: readonly Detection[];
}

interface LiveTrack {
  trackId: number;
  labelVotes: Map<string, number>;
  firstSeen: number;
  lastSeen: number;
  frames: number;
  raw: PathPoint[];
  /** Pixel anchor on the last frame, for line crossings. */
  lastAnchor: Point;
  /** Side of each line it was last clearly on. */
  sides: Map<string, 1 | -1>;
  openZones: Map<string, { enterTs: number; lastInside: number }>;
  zones: TrackZoneVisit[];
  lines: TrackLineCrossing[];
  speedMin: number;
  speedMax: number;
  speedSum: number;
  speedN: number;
  best?: {
    frameId: number;
    ts: number;
    box: [number, number, number, number];
    score: number;
    quality: number;
  };
}

interface Geometry {
  width: number;
  height: number;
  zones: Array<{ id: string; polygon: Polygon }>;
  lines: Array<{ id: string; a: Point; b: Point; length: number }>;
}

const LINE_MARGIN_PX = 2;

/**
 * Builds the history of each track from the tracked detections of every frame: a bounded
 * simplified path, zone visits with entry, exit and dwell, line crossings with direction, speed
 * figures and the best view. `update` returns the tracks that ended (not seen for `endAfterMs`);
 * `finishAll` ends every live one (the camera stops). Pure: no clock, no I/O.
 */
export class TrackRecorder {
  private readonly live = new Map<number, LiveTrack>();
  private geometry: Geometry | null = null;
  private readonly endAfterMs: number;
  private readonly graceMs: number;
  private readonly maxRaw: number;
  private readonly eps: number;
  private readonly origin: number;

  constructor(private readonly o: TrackRecorderOptions) {
    this.endAfterMs = o.endAfterMs ?? 3000;
    this.graceMs = o.zoneExitGraceMs ?? 500;
    this.maxRaw = o.maxRawPoints ?? 2000;
    this.eps = o.simplifyEpsilon ?? 0.004;
    this.origin = o.timeOriginMs ?? 0;
  }

  get liveCount(): number {
    return this.live.size;
  }

  update(frame: RecorderFrame): FinishedTrack[] {
    const g = this.geometryFor(frame.width, frame.height);
    const ts = frame.ts + this.origin;
    for (const d of frame.detections) {
      if (d.trackId === undefined) continue;
      if (![d.x1, d.y1, d.x2, d.y2].every(Number.isFinite)) continue;
      const anchor = bottomCenter(d);
      let t = this.live.get(d.trackId);
      if (!t) {
        t = {
          trackId: d.trackId,
          labelVotes: new Map(),
          firstSeen: ts,
          lastSeen: ts,
          frames: 0,
          raw: [],
          lastAnchor: anchor,
          sides: new Map(),
          openZones: new Map(),
          zones: [],
          lines: [],
          speedMin: Infinity,
          speedMax: -Infinity,
          speedSum: 0,
          speedN: 0,
        };
        this.live.set(d.trackId, t);
      }
      t.frames++;
      t.lastSeen = ts;
      t.labelVotes.set(d.label, (t.labelVotes.get(d.label) ?? 0) + 1);
      t.raw.push([clamp01(anchor[0] / g.width), clamp01(anchor[1] / g.height)]);
      if (t.raw.length > this.maxRaw) t.raw = thinHalf(t.raw);
      if (d.speedKmh !== undefined && Number.isFinite(d.speedKmh)) {
        t.speedMin = Math.min(t.speedMin, d.speedKmh);
        t.speedMax = Math.max(t.speedMax, d.speedKmh);
        t.speedSum += d.speedKmh;
        t.speedN++;
      }
      const area = Math.max(0, d.x2 - d.x1) * Math.max(0, d.y2 - d.y1);
      const quality = area * (Number.isFinite(d.score) ? d.score : 0);
      if (!t.best || quality > t.best.quality)
        t.best = {
          frameId: frame.frameId,
          ts,
          box: [
            clamp01(d.x1 / g.width),
            clamp01(d.y1 / g.height),
            clamp01(d.x2 / g.width),
            clamp01(d.y2 / g.height),
          ],
          score: d.score,
          quality,
        };
      for (const z of g.zones) {
        const open = t.openZones.get(z.id);
        if (pointInPolygon(anchor, z.polygon)) {
          if (open && ts - open.lastInside <= this.graceMs) open.lastInside = ts;
          else {
            if (open) this.closeZone(t, z.id, open);
            t.openZones.set(z.id, { enterTs: ts, lastInside: ts });
          }
        } else if (open && ts - open.lastInside > this.graceMs) {
          this.closeZone(t, z.id, open);
        }
      }
      for (const l of g.lines) {
        const side = cross(l.a, l.b, anchor) / l.length;
        if (Math.abs(side) <= LINE_MARGIN_PX) continue;
        const s: 1 | -1 = side > 0 ? 1 : -1;
        const prev = t.sides.get(l.id);
        t.sides.set(l.id, s);
        if (prev !== undefined && prev !== s) {
          const dir = segmentCrossing(t.lastAnchor, anchor, l.a, l.b);
          if (dir && t.lines.length < 200) t.lines.push({ lineId: l.id, ts, direction: dir });
        }
      }
      t.lastAnchor = anchor;
    }
    const ended: FinishedTrack[] = [];
    for (const [id, t] of this.live)
      if (ts - t.lastSeen > this.endAfterMs) {
        this.live.delete(id);
        ended.push(this.finish(t));
      }
    return ended;
  }

  /** Ends every live track (the camera stopped). */
  finishAll(): FinishedTrack[] {
    const out = [...this.live.values()].map((t) => this.finish(t));
    this.live.clear();
    return out;
  }

  private closeZone(
    t: LiveTrack,
    zoneId: string,
    open: { enterTs: number; lastInside: number },
  ): void {
    t.openZones.delete(zoneId);
    if (t.zones.length >= 200) return;
    t.zones.push({
      zoneId,
      enterTs: open.enterTs,
      exitTs: open.lastInside,
      dwellMs: open.lastInside - open.enterTs,
    });
  }

  private finish(t: LiveTrack): FinishedTrack {
    for (const [zoneId, open] of [...t.openZones]) this.closeZone(t, zoneId, open);
    t.zones.sort((a, b) => a.enterTs - b.enterTs);
    let label = '';
    let votes = -1;
    for (const [l, n] of t.labelVotes)
      if (n > votes) {
        label = l;
        votes = n;
      }
    const path = simplifyPath(t.raw, this.eps, TRACK_PATH_MAX_POINTS).map(
      (p) => [round4(p[0]), round4(p[1])] as [number, number],
    );
    return {
      cameraId: this.o.cameraId,
      trackId: t.trackId,
      classLabel: label || 'object',
      firstSeen: t.firstSeen,
      lastSeen: t.lastSeen,
      frames: t.frames,
      path,
      zones: t.zones,
      lines: t.lines,
      ...(t.speedN > 0
        ? {
            speed: {
              min: round1(t.speedMin),
              mean: round1(t.speedSum / t.speedN),
              max: round1(t.speedMax),
            },
          }
        : {}),
      ...(t.best
        ? {
            bestCrop: {
              frameId: t.best.frameId,
              ts: t.best.ts,
              box: t.best.box.map(round4) as [number, number, number, number],
              score: t.best.score,
            },
          }
        : {}),
    };
  }

  private geometryFor(width: number, height: number): Geometry {
    const g = this.geometry;
    if (g && g.width === width && g.height === height) return g;
    const rs = this.o.rules;
    const sx = rs ? width / rs.imageSize.width : 1;
    const sy = rs ? height / rs.imageSize.height : 1;
    const p = (q: readonly [number, number]): Point => [q[0] * sx, q[1] * sy];
    this.geometry = {
      width: width || 1,
      height: height || 1,
      zones: (rs?.zones ?? []).map((z) => ({ id: z.id, polygon: z.polygon.map(p) })),
      lines: (rs?.lines ?? []).map((l) => {
        const a = p(l.a);
        const b = p(l.b);
        return { id: l.id, a, b, length: Math.hypot(b[0] - a[0], b[1] - a[1]) || 1 };
      }),
    };
    return this.geometry;
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
function round4(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
/** Keeps every other point (and the last), so a very long track stays bounded in memory. */
function thinHalf(points: PathPoint[]): PathPoint[] {
  const out = points.filter((_, i) => i % 2 === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}
