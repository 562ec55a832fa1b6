import type { PlateCandidate } from './plate-reader';
import { cropImage, decodeImage, encodeJpeg } from './image-io';

/**
 * The picture of a plate the reader found but could not read: its best line's box, grown to the
 * plate around it, cut from the vehicle crop. Kept as `plate-crop` evidence so review can see
 * that a plate was there (glare, dirt, blur) and read it by eye. Undefined when it cannot be cut.
 */
export async function unreadablePlateCrop(
  vehicleCropJpeg: Buffer,
  best: PlateCandidate,
): Promise<Buffer | undefined> {
  try {
    const img = await decodeImage(vehicleCropJpeg);
    const w = best.box.x2 - best.box.x1;
    const h = best.box.y2 - best.box.y1;
    // The line box is the text; the plate's edge and frame are around it.
    const crop = cropImage(img, best.box.x1 - w * 0.15, best.box.y1 - h * 0.5, w * 1.3, h * 2);
    return crop ? await encodeJpeg(crop) : undefined;
  } catch {
    return undefined;
  }
}
