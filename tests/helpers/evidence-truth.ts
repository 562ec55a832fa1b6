import sharp from 'sharp';
import { decodeRawFrames } from '../../tools/synth/ffmpeg-frames';
import type { TrafficTruth } from '../../tools/synth/traffic-render';
import { iou, type Box } from '../../inference/vision/geometry/primitives';

/**
 * Checks evidence pictures against synthetic ground truth: which video frame a crop was cut from
 * (found from its pixels, not from what the event claims), and how well a stored box covers the
 * true box of a vehicle on that frame.
 */
export class EvidenceTruth {
  private constructor(
    readonly truth: TrafficTruth,
    private readonly gray: Uint8Array[],
  ) {}

  static async load(ffmpegPath: string, video: string, truth: TrafficTruth) {
    const gray: Uint8Array[] = [];
    for await (const f of decodeRawFrames(ffmpegPath, video, {
      width: truth.width,
      height: truth.height,
    }))
      gray.push(f);
    return new EvidenceTruth(truth, gray);
  }

  get frames(): number {
    return this.gray.length;
  }

  /**
   * The video frame (from 0) a crop of `box` (source pixels, the evidence writer's 15 % margin)
   * shows: the frame whose pixels there differ least from the crop's.
   */
  async frameShownByCrop(cropJpeg: Buffer, box: Box): Promise<number> {
    const { width: W, height: H } = this.truth;
    const mx = (box.x2 - box.x1) * 0.15;
    const my = (box.y2 - box.y1) * 0.15;
    const left = Math.max(0, Math.floor(box.x1 - mx));
    const top = Math.max(0, Math.floor(box.y1 - my));
    const w = Math.min(W, Math.ceil(box.x2 + mx)) - left;
    const h = Math.min(H, Math.ceil(box.y2 + my)) - top;
    const crop = await sharp(cropJpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
    if (crop.info.width !== w || crop.info.height !== h)
      throw new Error(
        `crop is ${crop.info.width}×${crop.info.height}, the box with its margin ${w}×${h}`,
      );
    let best = -1;
    let bestSad = Infinity;
    this.gray.forEach((f, i) => {
      let sad = 0;
      for (let y = 0; y < h; y++) {
        const row = (top + y) * W + left;
        for (let x = 0; x < w; x++) sad += Math.abs(f[row + x] - crop.data[y * w + x]);
      }
      if (sad < bestSad) {
        bestSad = sad;
        best = i;
      }
    });
    return best;
  }

  /** The vehicle whose true box on `frame` overlaps `box` most, and that IoU (0: none). */
  vehicleAt(frame: number, box: Box): { speedKmh: number; iou: number } {
    let best = { speedKmh: 0, iou: 0 };
    for (const v of this.truth.vehicles) {
      const f = v.frames.find((x) => x.frame === frame);
      if (!f) continue;
      const o = iou({ x1: f.box[0], y1: f.box[1], x2: f.box[2], y2: f.box[3] }, box);
      if (o > best.iou) best = { speedKmh: v.speedKmh, iou: o };
    }
    return best;
  }
}
