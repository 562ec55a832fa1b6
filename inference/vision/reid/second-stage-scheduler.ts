import type { Box } from '../geometry/primitives';

/**
 * When to run a second-stage model (classifier, embedder) on a tracked object: on the track's best
 * view so far (highest score × area), at most once per track per `minIntervalMs`, and only when
 * that view got better since the last run; and never more than `maxRunsPerSecond` across the
 * worker, so the second stage can never starve detection. Pure: times are given.
 */

/** How good a view of the object a box is: confidence × area (bigger, surer boxes are better crops). */
export function cropQuality(box: Box & { score: number }): number {
  const area = Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
  return area * (Number.isFinite(box.score) ? Math.max(0, box.score) : 0);
}

/** Token bucket: `ratePerS` runs per second on average, bursts of at most `burst`. */
export class RateLimiter {
  private tokens: number;
  private lastMs: number | undefined;

  constructor(
    private readonly ratePerS: number,
    private readonly burst = Math.max(1, ratePerS),
  ) {
    this.tokens = this.burst;
  }

  /** Takes one run if the budget allows it now. */
  tryTake(nowMs: number): boolean {
    if (this.ratePerS <= 0) return false;
    if (this.lastMs !== undefined && nowMs > this.lastMs)
      this.tokens = Math.min(
        this.burst,
        this.tokens + ((nowMs - this.lastMs) / 1000) * this.ratePerS,
      );
    this.lastMs = this.lastMs === undefined ? nowMs : Math.max(this.lastMs, nowMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface SecondStageCandidate {
  trackId: number;
  frameId: number;
  box: Box;
  score: number;
  quality: number;
}

interface TrackState {
  best?: SecondStageCandidate;
  /** The view on the latest frame offered. */
  latest?: SecondStageCandidate;
  /** Quality of the view the model last ran on. */
  ranQuality: number;
  lastRunMs: number;
  runs: number;
  lastSeenMs: number;
}

export interface SchedulerOptions {
  /** At most one run per track per this long (ms). */
  minIntervalMs: number;
  /** Forget a track not seen for this long (ms, default 30 s). */
  forgetAfterMs?: number;
}

/**
 * Per model and camera: which tracks are due a run on this frame. `offer` each tracked box of the
 * frame, then `due` returns the candidates to run now (best views, rate-limited by the shared
 * limiter), marking them as run.
 */
export class SecondStageScheduler {
  private readonly tracks = new Map<number, TrackState>();
  skippedByRate = 0;

  constructor(
    private readonly o: SchedulerOptions,
    private readonly limiter: RateLimiter,
  ) {}

  offer(trackId: number, frameId: number, box: Box & { score: number }, nowMs: number): void {
    let t = this.tracks.get(trackId);
    if (!t) {
      t = { ranQuality: 0, lastRunMs: -Infinity, runs: 0, lastSeenMs: nowMs };
      this.tracks.set(trackId, t);
    }
    t.lastSeenMs = nowMs;
    const quality = cropQuality(box);
    t.latest = {
      trackId,
      frameId,
      box: { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 },
      score: box.score,
      quality,
    };
    if (!t.best || quality > t.best.quality) t.best = t.latest;
  }

  /**
   * The candidates to run on this frame (only views of `frameId`, the one whose pixels are at hand).
   * `urgent` tracks (a new track waiting to be re-identified) run on their latest view, better or
   * not, every `urgentIntervalMs`: each new look is a new chance to recognise them.
   */
  due(
    frameId: number,
    nowMs: number,
    urgent?: { ids: ReadonlySet<number>; intervalMs: number },
  ): SecondStageCandidate[] {
    const out: SecondStageCandidate[] = [];
    for (const [id, t] of this.tracks) {
      if (nowMs - t.lastSeenMs > (this.o.forgetAfterMs ?? 30_000)) {
        this.tracks.delete(id);
        continue;
      }
      const hurry = urgent?.ids.has(id) ?? false;
      const b = hurry ? t.latest : t.best;
      if (!b || b.frameId !== frameId || (!hurry && b.quality <= t.ranQuality)) continue;
      if (nowMs - t.lastRunMs < (hurry ? urgent!.intervalMs : this.o.minIntervalMs)) continue;
      if (!this.limiter.tryTake(nowMs)) {
        this.skippedByRate++;
        continue;
      }
      t.ranQuality = Math.max(t.ranQuality, b.quality);
      t.lastRunMs = nowMs;
      t.runs++;
      out.push(b);
    }
    return out;
  }

  runsOf(trackId: number): number {
    return this.tracks.get(trackId)?.runs ?? 0;
  }
}
