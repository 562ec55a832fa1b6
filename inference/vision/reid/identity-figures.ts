/**
 * Identity figures of a tracker's output on footage where people pass one at a time and no ground
 * truth boxes exist: how many ids were given, how often the reported id changed from one frame to
 * the next while somebody was on screen, and an estimate of identity switches against the known
 * number of people (every id change beyond one per new person is a switch or a fragment).
 */
export interface IdentityFigures {
  frames: number;
  /** Frames with at least one tracked box. */
  framesWithTracks: number;
  distinctIds: number;
  /** Frame-to-frame changes of the set of ids on screen that brought in an id not seen before. */
  newIdEvents: number;
  /** When the number of people is known: distinctIds − people (0 is ideal, never negative). */
  excessIds?: number;
  /** Per id: first and last time seen (ms) and frames seen. */
  ids: Array<{ id: number; firstMs: number; lastMs: number; frames: number }>;
}

export function identityFigures(
  frames: ReadonlyArray<{ tsMs: number; ids: readonly number[] }>,
  people?: number,
): IdentityFigures {
  const seen = new Map<number, { id: number; firstMs: number; lastMs: number; frames: number }>();
  let withTracks = 0;
  let newIdEvents = 0;
  for (const f of frames) {
    if (f.ids.length) withTracks++;
    let fresh = false;
    for (const id of new Set(f.ids)) {
      const s = seen.get(id);
      if (s) {
        s.lastMs = f.tsMs;
        s.frames++;
      } else {
        seen.set(id, { id, firstMs: f.tsMs, lastMs: f.tsMs, frames: 1 });
        fresh = true;
      }
    }
    if (fresh) newIdEvents++;
  }
  const ids = [...seen.values()].sort((a, b) => a.firstMs - b.firstMs);
  return {
    frames: frames.length,
    framesWithTracks: withTracks,
    distinctIds: ids.length,
    newIdEvents,
    ...(people !== undefined ? { excessIds: Math.max(0, ids.length - people) } : {}),
    ids,
  };
}
