import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { CodedError } from '../../../electron/shared/coded-error';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import {
  centerCropPlan,
  isProbability,
  parseLabelList,
  resolveClassifier,
  softmax,
  toNormalizedChw,
  topK,
  type ClassifierOverride,
  type ClassifierSpec,
} from '../../vision/classify/preprocess';
import type { RgbImage } from '../../vision/plates/image';
import { resolveModel } from '../detector/model-resolver';
import { readOnnxModelInfo } from '../onnx/onnx-model-info';
import { openSession, type ProviderName } from '../onnx/session';

export interface ImageClassifierOptions {
  modelsDir: string;
  inference: InferenceSettings;
  /** One label per line (index 0 first); wins over the model's metadata. */
  labelsFile?: string;
  override?: ClassifierOverride;
}

export interface Classification {
  /** Best first, probabilities (softmax of the logits unless the model outputs probabilities). */
  top: { index: number; label: string; score: number }[];
  preprocessMs: number;
  inferMs: number;
}

/**
 * One image classifier: ImageNet-style preprocessing taken from the model (resize the short side,
 * centre crop, RGB /255, mean/std), a session on the chosen provider, softmax and top-k.
 */
export class ImageClassifier {
  private readonly input: ort.Tensor;

  private constructor(
    readonly modelPath: string,
    readonly spec: ClassifierSpec,
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderName,
  ) {
    const { inputWidth: w, inputHeight: h } = spec;
    this.input = new ort.Tensor('float32', new Float32Array(3 * w * h), [1, 3, h, w]);
  }

  static async open(model: string, opts: ImageClassifierOptions): Promise<ImageClassifier> {
    const resolved = resolveModel(model, opts.modelsDir);
    const labels = opts.labelsFile
      ? parseLabelList(readFileSync(opts.labelsFile, 'utf8'))
      : opts.override?.labels;
    const r = resolveClassifier(readOnnxModelInfo(resolved.path), { ...opts.override, labels });
    if (!r.ok) throw new CodedError(r.code, `${resolved.path}: ${r.message}`);
    const opened = await openSession(resolved.path, opts.inference);
    const c = new ImageClassifier(resolved.path, r.spec, opened.session, opened.provider);
    for (let i = 0; i < 2; i++) await c.session.run({ [r.spec.inputName]: c.input });
    return c;
  }

  label(index: number): string {
    return this.spec.labels[index] ?? String(index);
  }

  /** The model input: resized so the short side is crop/fraction, then centre-cropped. */
  async prepare(img: RgbImage): Promise<Uint8Array> {
    const { inputWidth: W, inputHeight: H, cropFraction } = this.spec;
    const plan = centerCropPlan(img.width, img.height, W, H, cropFraction);
    const buf = await sharp(img.data, {
      raw: { width: img.width, height: img.height, channels: 3 },
    })
      .resize(plan.resizedWidth, plan.resizedHeight, { fit: 'fill', kernel: 'linear' })
      .extract({ left: plan.left, top: plan.top, width: plan.width, height: plan.height })
      .raw()
      .toBuffer();
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  }

  async classify(img: RgbImage, k = 5): Promise<Classification> {
    const t0 = performance.now();
    const rgb = await this.prepare(img);
    const { inputWidth: W, inputHeight: H } = this.spec;
    toNormalizedChw(rgb, W, H, this.spec, this.input.data as Float32Array);
    const t1 = performance.now();
    let out: ort.InferenceSession.ReturnType;
    try {
      out = await this.session.run({ [this.spec.inputName]: this.input });
    } catch (err) {
      throw new CodedError(
        'inference.session.run_failed',
        `inference failed: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    const t2 = performance.now();
    const logits = out[this.spec.outputName].data as Float32Array;
    const n = this.spec.numClasses;
    const probs = isProbability(logits, 0, n)
      ? Float64Array.from(logits.subarray(0, n))
      : softmax(logits, 0, n);
    const top = topK(probs, k).map((s) => ({ ...s, label: this.label(s.index) }));
    return { top, preprocessMs: t1 - t0, inferMs: t2 - t1 };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
