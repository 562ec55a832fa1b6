import type { Detection } from '../../../electron/shared/domain/detection';
import type { Box } from '../geometry/primitives';

/** What the stage remembers of one frame: the tracked detections it produced. */
export interface TrackedFrame {
  frameId: number;
  boxes: readonly Detection[];
}

/**
 * The frames (other than `exceptFrameId`) where `trackId` was seen, with its box there, largest
 * view of the vehicle first: a plate is most readable where the vehicle is biggest in the picture.
 * Only frames with a picture (`hasPicture`) are candidates.
 */
export function framesOfTrack(
  frames: readonly TrackedFrame[],
  trackId: number,
  o: { exceptFrameId: number; max: number; hasPicture(frameId: number): boolean },
): Array<{ frameId: number; box: Box }> {
  const found: Array<{ frameId: number; box: Box; area: number }> = [];
  for (const f of frames) {
    if (f.frameId === o.exceptFrameId || !o.hasPicture(f.frameId)) continue;
    const b = f.boxes.find((d) => d.trackId === trackId);
    if (!b) continue;
    const area = Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);
    if (area > 0)
      found.push({ frameId: f.frameId, box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }, area });
  }
  return found
    .sort((a, b) => b.area - a.area || b.frameId - a.frameId)
    .slice(0, Math.max(0, o.max))
    .map(({ frameId, box }) => ({ frameId, box }));
}
