import type { LayoutOverride } from '../../vision/detect/layout';
import { letterbox } from '../../vision/detect/letterbox';
import { Postprocessor } from '../../vision/detect/postprocess';
import type { OutputTensor } from '../../vision/detect/decoders';
import type { Box } from '../../vision/geometry/primitives';
import type { RgbImage } from '../../vision/plates/image';
import {
  inferenceSettingsSchema,
  type InferenceSettings,
} from '../../../electron/shared/protocol/worker-protocol';
import { ModelEngine } from '../detector/model-engine';
import { resizeImage } from './image-io';

/** A dedicated plate localiser: the reader crops what it returns and reads the text inside. */
export interface PlateDetector {
  detect(img: RgbImage): Promise<{ box: Box; score: number }[]>;
  release(): Promise<void>;
}

export interface OnnxPlateDetectorOptions {
  modelPath: string;
  /** The installed model's layout sidecar (labels, input size), as for object detectors. */
  override?: LayoutOverride;
  /** Execution provider and threads; falls back to CPU like every model. */
  inference?: Partial<InferenceSettings>;
  /**
   * Class names that are plates. Default: the classes whose label says plate / licence / placa /
   * matrícula, or every class of a model that has none of those (a single-class plate model).
   */
  classes?: string[];
  scoreThreshold?: number;
  iouThreshold?: number;
  threads?: number;
}

const PLATE_LABEL = /plate|licen[cs]e|placa|matr[ií]cula|kennzeichen/i;

/**
 * A plate detector in any layout the object detector reads (YOLOv5, YOLOv8/11, YOLOv10/26, YOLOX,
 * RT-DETR): the same model engine (provider fallback included) and the same decoders and NMS, on
 * the image letterboxed to the model's input.
 */
export class OnnxPlateDetector implements PlateDetector {
  private constructor(
    private readonly engine: ModelEngine,
    private readonly post: Postprocessor,
  ) {}

  static async create(o: OnnxPlateDetectorOptions): Promise<OnnxPlateDetector> {
    const settings = inferenceSettingsSchema.parse({
      intraOpThreads: o.threads ?? 1,
      ...o.inference,
    });
    const engine = await ModelEngine.open(o.modelPath, settings, o.override ?? {}, 1);
    const labels = engine.spec.labels;
    const classes = o.classes?.length ? o.classes : labels.filter((l) => PLATE_LABEL.test(l));
    const post = new Postprocessor(engine.spec, {
      scoreThreshold: o.scoreThreshold ?? 0.25,
      iouThreshold: o.iouThreshold ?? 0.45,
      maxDetections: 10,
      ...(classes.length ? { classes } : {}),
    });
    return new OnnxPlateDetector(engine, post);
  }

  /** The execution provider the model runs on (after any fallback). */
  get provider(): string {
    return this.engine.provider;
  }

  async detect(img: RgbImage): Promise<{ box: Box; score: number }[]> {
    const { inputWidth: W, inputHeight: H } = this.engine.spec;
    const lb = letterbox(img.width, img.height, W, H);
    const scaled = await resizeImage(img, lb.scaledWidth, lb.scaledHeight);
    // Grey 114 padding, like the training letterbox and the camera pipeline's ffmpeg filter.
    const rgb = new Uint8Array(W * H * 3).fill(114);
    for (let y = 0; y < lb.scaledHeight; y++) {
      const row = scaled.data.subarray(y * lb.scaledWidth * 3, (y + 1) * lb.scaledWidth * 3);
      rgb.set(row, ((y + lb.padY) * W + lb.padX) * 3);
    }
    const outputs = await new Promise<Record<string, OutputTensor>>((resolve, reject) =>
      this.engine.submit({
        key: 'plate',
        rgb,
        arrivedAt: performance.now(),
        keepAll: true,
        done: (o) => resolve(o),
        dropped: () => reject(new Error('plate detection was dropped')),
        failed: reject,
      }),
    );
    return this.post
      .run(outputs, 0, lb)
      .map((d) => ({ box: { x1: d.x1, y1: d.y1, x2: d.x2, y2: d.y2 }, score: d.score }))
      .sort((a, b) => b.score - a.score);
  }

  async release(): Promise<void> {
    await this.engine.close();
  }
}
