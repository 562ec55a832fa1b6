import type { PlateRead } from '../../../electron/shared/domain/infraction';
import type { TrackPlateRead } from './track-vote';
import type { UnreadablePlateFrame } from './plate-state';

/**
 * What the per-frame (fast, budgeted) read made of one crop of a track: a read, sure or doubtful
 * (the reader would have wanted its thorough second look), a plate-like line it could not read,
 * or nothing plate-like at all.
 */
export type FrameRead<T> =
  | { kind: 'read'; plate: PlateRead; doubtful: boolean; score: number; extra: T }
  | { kind: 'unreadable'; score: number; extra: T }
  | { kind: 'none' };

/**
 * The one frame of a track worth the thorough read, or undefined when the track needs none: a
 * track with at least one sure read is settled by its sure reads. Otherwise the frame that came
 * closest (best score of a read or a found line) gets it; when no frame found anything plate-like
 * the first frame (the infraction's own crop) does, since the thorough search looks harder for
 * small plates than the fast one.
 */
export function thoroughReadTarget<T>(frames: readonly FrameRead<T>[]): number | undefined {
  if (frames.length === 0) return undefined;
  if (frames.some((f) => f.kind === 'read' && !f.doubtful)) return undefined;
  let best: number | undefined;
  let bestScore = -Infinity;
  frames.forEach((f, i) => {
    if (f.kind !== 'none' && f.score > bestScore) {
      best = i;
      bestScore = f.score;
    }
  });
  return best ?? 0;
}

/**
 * The reads that vote for a track's plate once its thorough read (if any) is in. The thorough read
 * stands for its frame when it read a plate; else the fast read does if it read one; else the one
 * that found a plate-like line (its crop is the evidence of an unreadable plate). Doubtful reads
 * vote only when no sure read exists: the frames they came from never had their second look, so
 * they do not outvote a read the reader was sure of (the thorough read counts as sure: it is the
 * reader's last word on the track's best crop).
 */
export function settleTrackReads<T>(
  frames: readonly FrameRead<T>[],
  thorough?: { index: number; read: FrameRead<T> },
): { reads: TrackPlateRead<T>[]; unreadable: UnreadablePlateFrame<T>[] } {
  const settled = frames.map((f, i) => {
    if (!thorough || i !== thorough.index) return f;
    const t = thorough.read;
    if (t.kind === 'read') return t;
    if (f.kind === 'read') return f;
    return t.kind === 'unreadable' ? t : f;
  });
  const read = settled.filter(
    (f): f is Extract<FrameRead<T>, { kind: 'read' }> => f.kind === 'read',
  );
  const sure = read.filter((f) => !f.doubtful);
  const voting = sure.length > 0 ? sure : read;
  return {
    reads: voting.map((f) => ({ plate: f.plate, extra: f.extra })),
    unreadable: settled.flatMap((f) =>
      f.kind === 'unreadable' ? [{ score: f.score, extra: f.extra }] : [],
    ),
  };
}
