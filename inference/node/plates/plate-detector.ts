import ort from 'onnxruntime-node';
import { boxIoU, type Box } from '../../common/plates/geometry';
import type { RgbImage } from '../../common/plates/image';
import { resizeImage } from './image-io';

/** A dedicated plate localiser: the reader crops what it returns and reads the text inside. */
export interface PlateDetector {
  detect(img: RgbImage): Promise<{ box: Box; score: number }[]>;
  release(): Promise<void>;
}

export interface YoloPlateDetectorOptions {
  modelPath: string;
  /** Square network input; read from the model when its input shape is static. */
  inputSize?: number;
  /** Classes that are plates (a single-class plate model: [0]). */
  classIds?: number[];
  scoreThreshold?: number;
  iouThreshold?: number;
  threads?: number;
}

/**
 * Adapter for an Ultralytics-layout detector (`[1, 4 + classes, anchors]`, centre-size boxes, no
 * NMS), the layout plate detectors exported from YOLOv8/YOLO11 use. Letterboxed input, RGB 0..1.
 */
export class YoloPlateDetector implements PlateDetector {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly size: number,
    private readonly opts: Required<
      Omit<YoloPlateDetectorOptions, 'modelPath' | 'inputSize' | 'threads'>
    >,
  ) {}

  static async create(o: YoloPlateDetectorOptions): Promise<YoloPlateDetector> {
    const session = await ort.InferenceSession.create(o.modelPath, {
      executionProviders: ['cpu'],
      intraOpNumThreads: o.threads ?? 1,
    });
    const meta = session.inputMetadata[0];
    const shape = meta && meta.isTensor ? meta.shape : [];
    const fromModel = typeof shape[2] === 'number' ? shape[2] : undefined;
    const size = o.inputSize ?? fromModel ?? 640;
    return new YoloPlateDetector(session, size, {
      classIds: o.classIds ?? [0],
      scoreThreshold: o.scoreThreshold ?? 0.25,
      iouThreshold: o.iouThreshold ?? 0.45,
    });
  }

  async detect(img: RgbImage): Promise<{ box: Box; score: number }[]> {
    const S = this.size;
    const scale = Math.min(S / img.width, S / img.height);
    const rw = Math.max(1, Math.round(img.width * scale));
    const rh = Math.max(1, Math.round(img.height * scale));
    const padX = Math.floor((S - rw) / 2);
    const padY = Math.floor((S - rh) / 2);
    const resized = await resizeImage(img, rw, rh);
    const plane = S * S;
    const data = new Float32Array(3 * plane).fill(114 / 255);
    for (let y = 0; y < rh; y++) {
      for (let x = 0; x < rw; x++) {
        const i = (y * rw + x) * 3;
        const o = (y + padY) * S + x + padX;
        data[o] = resized.data[i] / 255;
        data[plane + o] = resized.data[i + 1] / 255;
        data[2 * plane + o] = resized.data[i + 2] / 255;
      }
    }
    const out = await this.session.run({
      [this.session.inputNames[0]]: new ort.Tensor('float32', data, [1, 3, S, S]),
    });
    const t = out[this.session.outputNames[0]];
    const [, rows, anchors] = t.dims as number[];
    const d = t.data as Float32Array;
    const found: { box: Box; score: number }[] = [];
    for (let a = 0; a < anchors; a++) {
      let score = 0;
      for (const c of this.opts.classIds) {
        if (4 + c < rows) score = Math.max(score, d[(4 + c) * anchors + a]);
      }
      if (score < this.opts.scoreThreshold) continue;
      const cx = d[a];
      const cy = d[anchors + a];
      const w = d[2 * anchors + a];
      const h = d[3 * anchors + a];
      const unmap = (v: number, pad: number, max: number) =>
        Math.min(max, Math.max(0, (v - pad) / scale));
      found.push({
        box: {
          x1: unmap(cx - w / 2, padX, img.width),
          y1: unmap(cy - h / 2, padY, img.height),
          x2: unmap(cx + w / 2, padX, img.width),
          y2: unmap(cy + h / 2, padY, img.height),
        },
        score,
      });
    }
    found.sort((a, b) => b.score - a.score);
    const kept: typeof found = [];
    for (const f of found)
      if (kept.every((k) => boxIoU(k.box, f.box) < this.opts.iouThreshold)) kept.push(f);
    return kept;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
