import type { CountryCode } from '../../../electron/shared/domain/plate-country';
import { combineTrackReads, type CombinedPlateRead, type TrackPlateRead } from './track-vote';

/** One frame of a track on which a plate was found but not read well enough. */
export interface UnreadablePlateFrame<T> {
  /** The reader's score of its best line (how close the frame came to a read), 0..1. */
  score: number;
  /** What the caller keeps beside it (the crop of that plate). */
  extra: T;
}

export type TrackPlateOutcome<T> =
  | { state: 'read'; combined: CombinedPlateRead<T> }
  | {
      state: 'unreadable';
      /** The frame that came closest: its crop is the evidence of a plate that was there. */
      best: UnreadablePlateFrame<T>;
    }
  | { state: 'none' };

export interface TrackPlateOptions {
  country?: CountryCode;
  /**
   * A voted reading under this confidence does not count as read (0: every reading the reader
   * accepted counts). The reader's own threshold already rejects lines that fit no plate.
   */
  minConfidence?: number;
}

/**
 * What the frames of one track say about its plate: `read` when the vote over the frames that
 * read it reaches the confidence threshold, `unreadable` when a plate was found on the vehicle
 * (some frame had a plate-like line, or the vote stayed under the threshold) but nothing reached
 * it, `none` when no frame found a plate at all. "Not readable" and "no plate" are different
 * things for review: the first is the camera's problem, the second may be the vehicle's.
 */
export function trackPlateOutcome<T>(
  reads: readonly TrackPlateRead<T>[],
  unreadable: readonly UnreadablePlateFrame<T>[],
  options: TrackPlateOptions = {},
): TrackPlateOutcome<T> {
  const combined = combineTrackReads(reads, options.country);
  const minConfidence = options.minConfidence ?? 0;
  if (combined && combined.plate.confidence >= minConfidence) return { state: 'read', combined };
  const tried: UnreadablePlateFrame<T>[] = [...unreadable];
  // A vote under the threshold still saw a plate: its standing frame is a candidate crop.
  if (combined) tried.push({ score: combined.plate.confidence, extra: combined.extra });
  if (tried.length === 0) return { state: 'none' };
  const best = tried.reduce((a, b) => (b.score > a.score ? b : a));
  return { state: 'unreadable', best };
}
