import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { CodedError } from '../../../electron/shared/coded-error';
import type { Detection } from '../../../electron/shared/domain/detection';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import type { OutputTensor } from '../../vision/detect/decoders';
import { defaultNormalisation, resolveLayout, type DetectorSpec } from '../../vision/detect/layout';
import { letterbox, type Letterbox } from '../../vision/detect/letterbox';
import { Postprocessor } from '../../vision/detect/postprocess';
import { hwcToTensor } from '../../vision/detect/preprocess';
import type { RgbImage } from '../../vision/plates/image';
import { readOnnxModelInfo } from '../onnx/onnx-model-info';
import { openSession, type ProviderName } from '../onnx/session';
import { resolveModel } from './model-resolver';

export interface ImageDetectorOptions {
  modelsDir: string;
  inference: InferenceSettings;
  /** Evaluation defaults (as Ultralytics' val): 0.001, NMS IoU 0.7, 300 kept, multi-label. */
  scoreThreshold?: number;
  iouThreshold?: number;
  maxDetections?: number;
  multiLabel?: boolean;
}

export interface ImageDetection {
  detections: Detection[];
  /** Letterbox resize + tensor fill, the session run, decode + NMS. */
  preprocessMs: number;
  inferMs: number;
  postprocessMs: number;
}

/** Grey of the padding when the model names none, as the camera pipeline's letterbox (0x727272). */
const PAD = 114;

/**
 * One detector over still images (evaluation, comparison, uploaded pictures): the model's layout
 * from its file, a session on the chosen provider (with fallback), the camera pipeline's letterbox
 * geometry and post-processing, so figures measured here describe what a camera would see.
 */
export class ImageDetector {
  private readonly input: ort.Tensor;
  private readonly post: Postprocessor;
  /** How this model wants its input: letterbox anchor and pad, channel order, scale, mean/std. */
  private readonly norm: ReturnType<typeof defaultNormalisation>;

  private constructor(
    readonly modelPath: string,
    readonly spec: DetectorSpec,
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderName,
    opts: ImageDetectorOptions,
  ) {
    const { inputWidth: w, inputHeight: h } = spec;
    this.norm = spec.normalisation ?? defaultNormalisation(spec.layout);
    this.input = new ort.Tensor(
      'float32',
      new Float32Array(3 * w * h),
      this.norm.tensorLayout === 'nhwc' ? [1, h, w, 3] : [1, 3, h, w],
    );
    this.post = new Postprocessor(spec, {
      scoreThreshold: opts.scoreThreshold ?? 0.001,
      iouThreshold: opts.iouThreshold ?? 0.7,
      maxDetections: opts.maxDetections ?? 300,
      multiLabel: opts.multiLabel ?? true,
    });
  }

  /** `model`: an installed model id or an .onnx path. */
  static async open(model: string, opts: ImageDetectorOptions): Promise<ImageDetector> {
    const resolved = resolveModel(model, opts.modelsDir);
    const layout = resolveLayout(readOnnxModelInfo(resolved.path), resolved.override);
    if (!layout.ok) throw new CodedError(layout.code, `${resolved.path}: ${layout.message}`);
    const opened = await openSession(resolved.path, opts.inference);
    const det = new ImageDetector(
      resolved.path,
      layout.spec,
      opened.session,
      opened.provider,
      opts,
    );
    // Warm-up: the first runs allocate arenas and pick kernels.
    for (let i = 0; i < 2; i++) await det.session.run({ [layout.spec.inputName]: det.input });
    return det;
  }

  /** The image letterboxed into the model input (HWC RGB) and its geometry. */
  async letterboxImage(img: RgbImage): Promise<{ rgb: Uint8Array; lb: Letterbox }> {
    const { inputWidth: W, inputHeight: H } = this.spec;
    const lb = letterbox(img.width, img.height, W, H, this.norm.letterbox);
    const pad = this.norm.padValue ?? PAD;
    const buf = await sharp(img.data, {
      raw: { width: img.width, height: img.height, channels: 3 },
    })
      .resize(lb.scaledWidth, lb.scaledHeight, { fit: 'fill', kernel: 'linear' })
      .extend({
        top: lb.padY,
        bottom: H - lb.scaledHeight - lb.padY,
        left: lb.padX,
        right: W - lb.scaledWidth - lb.padX,
        background: { r: pad, g: pad, b: pad },
      })
      .raw()
      .toBuffer();
    return { rgb: new Uint8Array(buf.buffer, buf.byteOffset, buf.length), lb };
  }

  async detect(img: RgbImage): Promise<ImageDetection> {
    const t0 = performance.now();
    const { rgb, lb } = await this.letterboxImage(img);
    hwcToTensor(
      rgb,
      this.spec.inputWidth,
      this.spec.inputHeight,
      this.input.data as Float32Array,
      0,
      this.norm,
    );
    const t1 = performance.now();
    let raw: ort.InferenceSession.ReturnType;
    try {
      raw = await this.session.run({ [this.spec.inputName]: this.input });
    } catch (err) {
      throw new CodedError(
        'inference.session.run_failed',
        `inference failed: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    const t2 = performance.now();
    const outputs: Record<string, OutputTensor> = {};
    for (const [name, t] of Object.entries(raw))
      outputs[name] = { data: t.data as Float32Array, dims: t.dims };
    const detections = this.post.run(outputs, 0, lb);
    const t3 = performance.now();
    return { detections, preprocessMs: t1 - t0, inferMs: t2 - t1, postprocessMs: t3 - t2 };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
