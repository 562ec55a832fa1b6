import type { ReattacherOptions } from './reattach';

/**
 * How the live camera re-attaches: a new track that a lost one could be waits up to 2 s for its
 * appearance (its embedding is computed a few frames after it appears, off the frame loop); one
 * that nothing lost could be keeps its id at once.
 */
export function liveReattachOptions(c: {
  windowSec: number;
  minSimilarity: number;
}): ReattacherOptions {
  return {
    windowMs: c.windowSec * 1000,
    minSimilarity: c.minSimilarity,
    decideWithinMs: 2000,
    decideAtOnceWithoutCandidates: true,
  };
}

/**
 * How long the history waits before a track unseen has ended: with re-attachment, until it can no
 * longer be re-attached, so a track found again continues its row instead of starting a second.
 */
export function recorderEndAfterMs(reattach: ReattacherOptions | undefined): number | undefined {
  if (!reattach) return undefined;
  return Math.max(3000, (reattach.windowMs ?? 10_000) + (reattach.decideWithinMs ?? 1000) + 1000);
}
