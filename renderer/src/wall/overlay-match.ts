/**
 * Picks the detections to draw over the frame on screen: those computed on exactly that frame,
 * else the newest computed on an earlier frame within `maxLag` frames (analysis may run slower
 * than preview). Never detections from a frame newer than the one shown.
 */
export function pickOverlay<T extends { frameId: number }>(
  history: readonly T[] | undefined,
  shownFrameId: number,
  maxLag = 15,
): T | undefined {
  if (!history) return undefined;
  let best: T | undefined;
  for (const d of history) {
    if (d.frameId > shownFrameId || shownFrameId - d.frameId > maxLag) continue;
    if (!best || d.frameId > best.frameId) best = d;
  }
  return best;
}
