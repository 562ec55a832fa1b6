import type { Detection } from '../../../electron/shared/domain/detection';
import { iou, type Box } from '../geometry/primitives';
import { assignWithLimit } from './assignment';
import { KalmanBoxFilter, type KalmanBoxOptions } from './kalman';

export interface TrajectoryPoint {
  tsMs: number;
  /** The measured (detected) box on that frame, not the filter's estimate. */
  box: Box;
  score: number;
}

export type TrackState = 'tracked' | 'lost';

export interface TrackerOptions {
  /** Detections at or above this score are "high" and associated first (ByteTrack track_thresh). */
  highThreshold?: number;
  /** Detections above this (and below high) are used only to keep existing tracks alive. */
  lowThreshold?: number;
  /** A new track needs at least this score (ByteTrack: high + 0.1). */
  newTrackThreshold?: number;
  /** Maximum 1 − IoU for the first (high-score) association. */
  matchThreshold?: number;
  /** Maximum 1 − IoU for the second (low-score) association. */
  lowMatchThreshold?: number;
  /** Maximum 1 − IoU for matching tentative tracks. */
  unconfirmedMatchThreshold?: number;
  /** Multiply IoU by detection score in the first association (helps crowded pedestrian scenes). */
  fuseScore?: boolean;
  /** A lost track is kept (and can be re-found with its id) this long. */
  lostTimeoutMs?: number;
  /** Tracks only match detections of the same label. */
  perClass?: boolean;
  /** Trajectory points kept per track (oldest dropped). */
  maxHistory?: number;
  kalman?: KalmanBoxOptions;
}

const DEFAULTS: Required<Omit<TrackerOptions, 'kalman' | 'newTrackThreshold'>> = {
  highThreshold: 0.5,
  lowThreshold: 0.1,
  matchThreshold: 0.8,
  lowMatchThreshold: 0.5,
  unconfirmedMatchThreshold: 0.7,
  fuseScore: false,
  lostTimeoutMs: 1000,
  perClass: true,
  maxHistory: 300,
};

export class Track {
  readonly id: number;
  readonly label: string;
  state: TrackState = 'tracked';
  /** Confirmed tracks are reported; a new track is confirmed on its second hit (or on the first frame). */
  confirmed: boolean;
  score: number;
  lastSeenMs: number;
  lastPredictMs: number;
  /** Consecutive updates; 1 after birth or re-finding. */
  hits = 1;
  readonly startMs: number;
  readonly history: TrajectoryPoint[] = [];
  /** Index in this frame's detection list, -1 when not matched this frame. */
  detectionIndex = -1;
  readonly kf: KalmanBoxFilter;

  constructor(
    id: number,
    det: Detection,
    detIndex: number,
    tsMs: number,
    confirmed: boolean,
    kalman?: KalmanBoxOptions,
  ) {
    this.id = id;
    this.label = det.label;
    this.score = det.score;
    this.lastSeenMs = tsMs;
    this.lastPredictMs = tsMs;
    this.startMs = tsMs;
    this.confirmed = confirmed;
    this.detectionIndex = detIndex;
    this.kf = new KalmanBoxFilter(
      (det.x1 + det.x2) / 2,
      (det.y1 + det.y2) / 2,
      det.x2 - det.x1,
      det.y2 - det.y1,
      kalman,
    );
    this.history.push({ tsMs, box: copyBox(det), score: det.score });
  }

  /** The filter's current box (predicted to the last frame, corrected when matched). */
  box(): Box {
    return this.kf.box();
  }

  predictTo(tsMs: number): void {
    const dt = (tsMs - this.lastPredictMs) / 1000;
    if (dt > 0) this.kf.predict(dt);
    this.lastPredictMs = tsMs;
  }

  correct(det: Detection, detIndex: number, tsMs: number, maxHistory: number): void {
    this.kf.update((det.x1 + det.x2) / 2, (det.y1 + det.y2) / 2, det.x2 - det.x1, det.y2 - det.y1);
    this.hits = this.state === 'lost' ? 1 : this.hits + 1;
    this.state = 'tracked';
    this.score = det.score;
    this.lastSeenMs = tsMs;
    this.detectionIndex = detIndex;
    this.history.push({ tsMs, box: copyBox(det), score: det.score });
    if (this.history.length > maxHistory) this.history.splice(0, this.history.length - maxHistory);
  }
}

/**
 * ByteTrack (Zhang et al., 2022): two-stage association — high-score detections against all live
 * and lost tracks, then low-score detections against the tracks still unmatched — with IoU cost,
 * optimal assignment, a lost-track buffer (by time), per-class tracks and timestamped trajectories.
 */
export class ByteTracker {
  private readonly o: typeof DEFAULTS & { newTrackThreshold: number; kalman?: KalmanBoxOptions };
  private tracks: Track[] = [];
  private nextId = 1;
  private frames = 0;

  constructor(options: TrackerOptions = {}) {
    const merged = { ...DEFAULTS, ...stripUndefined(options) };
    this.o = {
      ...merged,
      newTrackThreshold: options.newTrackThreshold ?? merged.highThreshold + 0.1,
    };
  }

  /** All live tracks (tracked and lost). */
  get all(): readonly Track[] {
    return this.tracks;
  }

  /**
   * Feed one frame. Returns the confirmed tracks matched on this frame; each has `detectionIndex`
   * pointing into `detections`.
   */
  update(detections: readonly Detection[], tsMs: number): Track[] {
    const o = this.o;
    this.frames++;
    for (const t of this.tracks) {
      t.detectionIndex = -1;
      t.predictTo(tsMs);
    }

    const high: number[] = [];
    const low: number[] = [];
    detections.forEach((d, i) => {
      if (d.score >= o.highThreshold) high.push(i);
      else if (d.score > o.lowThreshold) low.push(i);
    });

    const confirmedPool = this.tracks.filter((t) => t.confirmed);
    const unconfirmed = this.tracks.filter((t) => !t.confirmed);

    // 1) High-score detections against confirmed tracks, tracked and lost.
    const first = this.associate(confirmedPool, high, detections, o.matchThreshold, o.fuseScore);
    for (const [ti, di] of first.matches)
      confirmedPool[ti].correct(detections[di], di, tsMs, o.maxHistory);

    // 2) Low-score detections against the still-unmatched tracks that were tracked (not lost).
    const remaining = first.unmatchedTracks
      .map((i) => confirmedPool[i])
      .filter((t) => t.state === 'tracked');
    const second = this.associate(remaining, low, detections, o.lowMatchThreshold, false);
    for (const [ti, di] of second.matches)
      remaining[ti].correct(detections[di], di, tsMs, o.maxHistory);
    for (const ti of second.unmatchedTracks) remaining[ti].state = 'lost';

    // 3) Tentative tracks against the high detections nobody took; unmatched tentative ones die.
    const leftHigh = first.unmatchedDets.map((i) => high[i]);
    const third = this.associate(
      unconfirmed,
      leftHigh,
      detections,
      o.unconfirmedMatchThreshold,
      o.fuseScore,
    );
    const dead = new Set<Track>();
    for (const [ti, di] of third.matches) {
      unconfirmed[ti].correct(detections[di], di, tsMs, o.maxHistory);
      unconfirmed[ti].confirmed = true;
    }
    for (const ti of third.unmatchedTracks) dead.add(unconfirmed[ti]);

    // 4) Births.
    for (const k of third.unmatchedDets) {
      const di = leftHigh[k];
      const d = detections[di];
      if (d.score < o.newTrackThreshold) continue;
      this.tracks.push(new Track(this.nextId++, d, di, tsMs, this.frames === 1, o.kalman));
    }

    // 5) Deaths: lost too long.
    for (const t of this.tracks)
      if (t.state === 'lost' && tsMs - t.lastSeenMs > o.lostTimeoutMs) dead.add(t);
    if (dead.size) this.tracks = this.tracks.filter((t) => !dead.has(t));

    return this.tracks.filter((t) => t.confirmed && t.detectionIndex >= 0 && t.state === 'tracked');
  }

  private associate(
    tracks: readonly Track[],
    detIdx: readonly number[],
    detections: readonly Detection[],
    limit: number,
    fuseScore: boolean,
  ): { matches: Array<[number, number]>; unmatchedTracks: number[]; unmatchedDets: number[] } {
    const n = tracks.length;
    const m = detIdx.length;
    const cost = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const tb = tracks[i].box();
      for (let j = 0; j < m; j++) {
        const d = detections[detIdx[j]];
        if (this.o.perClass && d.label !== tracks[i].label) {
          cost[i * m + j] = Number.POSITIVE_INFINITY;
          continue;
        }
        const sim = iou(tb, d) * (fuseScore ? d.score : 1);
        cost[i * m + j] = 1 - sim;
      }
    }
    const r = assignWithLimit(cost, n, m, limit);
    return {
      matches: r.matches.map(([i, j]) => [i, detIdx[j]] as [number, number]),
      unmatchedTracks: r.unmatchedRows,
      unmatchedDets: r.unmatchedCols,
    };
  }
}

function copyBox(b: Box): Box {
  return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o))
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
