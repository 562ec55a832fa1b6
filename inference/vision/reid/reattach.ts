import type { Box } from '../geometry/primitives';
import { cosineSimilarity } from './embedding';

/**
 * Re-identification re-attachment: when the tracker starts a new track, its appearance is compared
 * with the tracks lost recently on the same camera; the most similar one that could plausibly have
 * walked to where the new one appeared (time since lost, distance, its last velocity) and is above
 * the similarity threshold gives the new track its old id. Pure: the caller feeds boxes, times and
 * embeddings; no clock, no model.
 */

export interface ReattachOptions {
  /** Cosine similarity at or above which two tracks are the same object (default 0.7). */
  minSimilarity?: number;
  /** The best candidate must beat the second by this much, else it is ambiguous (default 0.05). */
  minMargin?: number;
  /** A lost track can be re-attached this long after it was last seen (default 10 s). */
  windowMs?: number;
  /**
   * Fastest plausible motion, in box heights per second of the lost track (default 3: a walking
   * person's box is ~1.7 m, so ~5 m/s): the new box's centre must lie within reach of where the
   * lost track was (plus its velocity times the gap, plus `slackHeights`).
   */
  maxSpeedHeightsPerS?: number;
  /** Fixed distance allowed on top of the speed bound, in box heights (default 1). */
  slackHeights?: number;
  /** The new box's height may differ from the lost one's by at most this factor (default 2). */
  maxScaleChange?: number;
}

const DEFAULTS: Required<ReattachOptions> = {
  minSimilarity: 0.7,
  minMargin: 0.05,
  windowMs: 10_000,
  maxSpeedHeightsPerS: 3,
  slackHeights: 1,
  maxScaleChange: 2,
};

export interface LostTrack {
  /** The id shown to the user (the old one, after any earlier re-attachment). */
  id: number;
  label: string;
  lastSeenMs: number;
  lastBox: Box;
  /** Centre velocity (px/s) over its last frames; zero when unknown. */
  velocity: [number, number];
  embedding: ArrayLike<number>;
}

export interface NewTrack {
  label: string;
  startMs: number;
  box: Box;
  embedding: ArrayLike<number>;
}

export type GateResult =
  { ok: true } | { ok: false; reason: 'window' | 'label' | 'scale' | 'distance' };

const centre = (b: Box): [number, number] => [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2];
const height = (b: Box): number => Math.max(1e-6, b.y2 - b.y1);

/** Whether a lost track could plausibly be the new one, by time, class, size and position alone. */
export function gateReattach(
  lost: LostTrack,
  fresh: NewTrack,
  options: ReattachOptions = {},
): GateResult {
  const o = { ...DEFAULTS, ...options };
  const gapMs = fresh.startMs - lost.lastSeenMs;
  if (gapMs < 0 || gapMs > o.windowMs) return { ok: false, reason: 'window' };
  if (lost.label !== fresh.label) return { ok: false, reason: 'label' };
  const h0 = height(lost.lastBox);
  const h1 = height(fresh.box);
  if (Math.max(h0, h1) / Math.min(h0, h1) > o.maxScaleChange) return { ok: false, reason: 'scale' };
  const gapS = gapMs / 1000;
  const [cx, cy] = centre(lost.lastBox);
  // Where it would be had it kept going, and how far it may have strayed from that.
  const px = cx + lost.velocity[0] * gapS;
  const py = cy + lost.velocity[1] * gapS;
  const [nx, ny] = centre(fresh.box);
  const reach = (o.maxSpeedHeightsPerS * gapS + o.slackHeights) * Math.max(h0, h1);
  // Either the extrapolated or the last position may be right (it may have stopped behind the occluder).
  const d = Math.min(Math.hypot(nx - px, ny - py), Math.hypot(nx - cx, ny - cy));
  if (d > reach) return { ok: false, reason: 'distance' };
  return { ok: true };
}

export interface ReattachDecision {
  /** The lost track's id to reuse, or undefined: the new track keeps its own. */
  id?: number;
  similarity?: number;
  /** Why nothing was re-attached. */
  reason?: 'no-candidate' | 'below-threshold' | 'ambiguous';
}

/** Picks the lost track the new one is, among those that pass the gate; see ReattachOptions. */
export function decideReattach(
  fresh: NewTrack,
  lost: readonly LostTrack[],
  options: ReattachOptions = {},
): ReattachDecision {
  const o = { ...DEFAULTS, ...options };
  let best: { id: number; s: number } | undefined;
  let second = -Infinity;
  for (const l of lost) {
    if (!gateReattach(l, fresh, o).ok) continue;
    const s = cosineSimilarity(l.embedding, fresh.embedding);
    if (!best || s > best.s) {
      if (best) second = Math.max(second, best.s);
      best = { id: l.id, s };
    } else second = Math.max(second, s);
  }
  if (!best) return { reason: 'no-candidate' };
  if (best.s < o.minSimilarity) return { similarity: best.s, reason: 'below-threshold' };
  if (best.s - second < o.minMargin) return { similarity: best.s, reason: 'ambiguous' };
  return { id: best.id, similarity: best.s };
}

export interface ReidFrameTrack {
  /** The tracker's id. */
  trackId: number;
  label: string;
  box: Box;
}

interface ReattacherTiming {
  /** A new track without a match keeps its own id this long after it started (default 1 s). */
  decideWithinMs: number;
  /**
   * A new track that no lost track could be (by the gate alone) is decided on its first frame,
   * without waiting for its appearance (default false). The live camera holds a new track's id
   * back until it is decided, so this keeps that wait to the tracks that need it.
   */
  decideAtOnceWithoutCandidates: boolean;
}

export type ReattacherOptions = ReattachOptions & Partial<ReattacherTiming>;

interface Known {
  outId: number;
  label: string;
  firstSeenMs: number;
  lastSeenMs: number;
  lastBox: Box;
  velocity: [number, number];
  embedding?: ArrayLike<number>;
  /** The embedding the last re-attachment decision was tried with. */
  tried?: ArrayLike<number>;
  /** Seen on the latest frame. */
  present: boolean;
}

/**
 * The re-attachment stage after the tracker, per camera: maps tracker ids to the ids reported,
 * reusing a lost track's id when a new track is it. A new track is decided once, on the first frame
 * its embedding is given and matches a lost track, or after `decideWithinMs` (each new embedding
 * given until then is tried; `embeddingFor` returns undefined while none is known). Lost tracks
 * stay candidates for `windowMs`.
 */
export class ReidReattacher {
  private readonly o: Required<ReattachOptions> & ReattacherTiming;
  /** By tracker id. */
  private readonly known = new Map<number, Known>();
  /** Tracker ids whose new-track decision is done. */
  private readonly decided = new Set<number>();
  /** Output ids now held by a live tracker id (an id is never given to two live tracks). */
  private readonly held = new Map<number, number>();
  reattached = 0;
  /** The latest re-attachments (bounded), for the camera's log: which track took which id, how sure. */
  readonly recent: Array<{ trackId: number; id: number; similarity: number; tsMs: number }> = [];

  constructor(options: ReattacherOptions = {}) {
    this.o = {
      ...DEFAULTS,
      ...options,
      decideWithinMs: options.decideWithinMs ?? 1000,
      decideAtOnceWithoutCandidates: options.decideAtOnceWithoutCandidates ?? false,
    };
  }

  /** The tracker ids that still wait for a decision and need an embedding. */
  pending(): number[] {
    return [...this.known]
      .filter(([id, k]) => k.present && !this.decided.has(id))
      .map(([id]) => id);
  }

  /**
   * One frame's tracks (tracker ids) → the ids to report, in the same order. `embeddingFor(trackId)`
   * gives a track's latest embedding when one is known (used for new tracks, and kept for lost ones).
   */
  update(
    tracks: readonly ReidFrameTrack[],
    tsMs: number,
    embeddingFor: (trackId: number) => ArrayLike<number> | undefined,
  ): number[] {
    for (const k of this.known.values()) k.present = false;
    // Every track of the frame is marked present first: a track seen on this frame is never a lost
    // candidate for a new one (whatever their order in the list).
    const records = tracks.map((t) => {
      let k = this.known.get(t.trackId);
      if (!k) {
        k = {
          outId: t.trackId,
          label: t.label,
          firstSeenMs: tsMs,
          lastSeenMs: tsMs,
          lastBox: t.box,
          velocity: [0, 0],
          present: true,
        };
        this.known.set(t.trackId, k);
        this.held.set(t.trackId, t.trackId);
      } else {
        const dt = (tsMs - k.lastSeenMs) / 1000;
        if (dt > 0) {
          const [ax, ay] = centre(k.lastBox);
          const [bx, by] = centre(t.box);
          // Smoothed, so one jittery box does not throw the extrapolation off.
          k.velocity = [
            0.7 * k.velocity[0] + 0.3 * ((bx - ax) / dt),
            0.7 * k.velocity[1] + 0.3 * ((by - ay) / dt),
          ];
        }
        k.lastSeenMs = tsMs;
        k.lastBox = t.box;
        k.present = true;
      }
      return k;
    });
    const out: number[] = [];
    tracks.forEach((t, i) => {
      const k = records[i];
      const e = embeddingFor(t.trackId);
      if (e) k.embedding = e;
      if (!this.decided.has(t.trackId)) this.decide(t, k, tsMs);
      out.push(k.outId);
    });
    // Forget what is too old to be re-attached.
    for (const [id, k] of this.known)
      if (!k.present && tsMs - k.lastSeenMs > this.o.windowMs) {
        this.known.delete(id);
        this.decided.delete(id);
        if (this.held.get(k.outId) === id) this.held.delete(k.outId);
      }
    return out;
  }

  /** Whether the tracker id is a new track still waiting for its re-attachment decision. */
  isPending(trackId: number): boolean {
    return this.known.has(trackId) && !this.decided.has(trackId);
  }

  /** The id reported for a tracker id (its own, or the lost track's it took), while known. */
  outIdOf(trackId: number): number | undefined {
    return this.known.get(trackId)?.outId;
  }

  /** The live tracker id that reports `outId` now, if any. */
  trackIdOf(outId: number): number | undefined {
    return this.held.get(outId);
  }

  private decide(t: ReidFrameTrack, k: Known, tsMs: number): void {
    const late = tsMs - k.firstSeenMs > this.o.decideWithinMs;
    const lost: LostTrack[] = [];
    for (const [tid, c] of this.known) {
      if (tid === t.trackId || c.present || !c.embedding) continue;
      // Its id is held by another live track already.
      const holder = this.held.get(c.outId);
      if (holder !== undefined && holder !== tid) continue;
      lost.push({
        id: c.outId,
        label: c.label,
        lastSeenMs: c.lastSeenMs,
        lastBox: c.lastBox,
        velocity: c.velocity,
        embedding: c.embedding,
      });
    }
    // Nothing lost could be this track (by time, class, size and reach): it keeps its own id now,
    // without waiting for its appearance.
    if (
      this.o.decideAtOnceWithoutCandidates &&
      !lost.some((l) => gateReattach(l, { ...t, startMs: tsMs, embedding: [] }, this.o).ok)
    ) {
      this.decided.add(t.trackId);
      return;
    }
    // No (new) appearance yet: wait a little, then keep the tracker's id. A track entering the
    // picture is often cut by its edge at first, so each new embedding within the wait is tried.
    if (!k.embedding || k.embedding === k.tried) {
      if (late) this.decided.add(t.trackId);
      return;
    }
    k.tried = k.embedding;
    if (late) this.decided.add(t.trackId);
    const d = decideReattach(
      { label: t.label, startMs: tsMs, box: t.box, embedding: k.embedding },
      lost,
      this.o,
    );
    if (d.id === undefined) return;
    this.decided.add(t.trackId);
    // The old track is this one now: drop its record so it is not re-attached twice.
    for (const [tid, c] of this.known)
      if (tid !== t.trackId && c.outId === d.id) {
        this.known.delete(tid);
        this.decided.delete(tid);
      }
    if (this.held.get(k.outId) === t.trackId) this.held.delete(k.outId);
    k.outId = d.id;
    this.held.set(d.id, t.trackId);
    this.reattached++;
    this.recent.push({ trackId: t.trackId, id: d.id, similarity: d.similarity ?? 0, tsMs });
    if (this.recent.length > 50) this.recent.shift();
  }
}
