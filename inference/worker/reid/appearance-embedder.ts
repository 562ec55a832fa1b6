import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { CodedError } from '../../../electron/shared/coded-error';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import { l2Normalize } from '../../vision/reid/embedding';
import type { Box } from '../../vision/geometry/primitives';
import type { RgbImage } from '../../vision/plates/image';
import { resolveModel } from '../detector/model-resolver';
import { readOnnxModelInfo } from '../onnx/onnx-model-info';
import { openSession, type ProviderName } from '../onnx/session';

/** How an embedding model wants its input, read from its ONNX shape. */
export interface EmbedderSpec {
  inputName: string;
  outputName: string;
  width: number;
  height: number;
  /** `nhwc` ([1,H,W,3], OpenVINO / TensorFlow exports) or `nchw` ([1,3,H,W]). */
  layout: 'nhwc' | 'nchw';
  dims: number;
}

const num = (d: number | string | undefined): number | undefined =>
  typeof d === 'number' && d > 0 ? d : undefined;

/**
 * The spec from the model's input and output shapes: an image input [1,H,W,3] or [1,3,H,W] and an
 * output [1,D]. Pixels go in as BGR 0..255, as the Open Model Zoo re-identification models expect.
 */
export function resolveEmbedder(info: ReturnType<typeof readOnnxModelInfo>): EmbedderSpec {
  const input = info.inputs[0];
  const output = info.outputs[0];
  const d = input?.dims ?? [];
  const outDims = output?.dims ?? [];
  const dims = num(outDims[outDims.length - 1]);
  if (!input || d.length !== 4 || !output || !dims || outDims.length !== 2)
    throw new CodedError(
      'inference.model.bad_input',
      `expected an image input [1,H,W,3] or [1,3,H,W] and an output [1,D]`,
    );
  if (num(d[3]) === 3 && num(d[1]) && num(d[2]))
    return {
      inputName: input.name,
      outputName: output.name,
      height: num(d[1])!,
      width: num(d[2])!,
      layout: 'nhwc',
      dims,
    };
  if (num(d[1]) === 3 && num(d[2]) && num(d[3]))
    return {
      inputName: input.name,
      outputName: output.name,
      height: num(d[2])!,
      width: num(d[3])!,
      layout: 'nchw',
      dims,
    };
  throw new CodedError(
    'inference.model.bad_input',
    `expected an image input [1,H,W,3] or [1,3,H,W], found [${d.join(',')}]`,
  );
}

export interface AppearanceEmbedderOptions {
  modelsDir: string;
  inference: InferenceSettings;
}

/**
 * An appearance (re-identification) embedder: crops the object's box from a frame, stretches it to
 * the model's input (these models are trained on stretched person crops), BGR 0..255, and returns
 * the L2-normalised embedding, so cosine similarity is a dot product.
 */
export class AppearanceEmbedder {
  private readonly input: ort.Tensor;

  private constructor(
    readonly modelPath: string,
    readonly spec: EmbedderSpec,
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderName,
  ) {
    const shape =
      spec.layout === 'nhwc' ? [1, spec.height, spec.width, 3] : [1, 3, spec.height, spec.width];
    this.input = new ort.Tensor('float32', new Float32Array(3 * spec.width * spec.height), shape);
  }

  static async open(model: string, opts: AppearanceEmbedderOptions): Promise<AppearanceEmbedder> {
    const resolved = resolveModel(model, opts.modelsDir);
    const spec = resolveEmbedder(readOnnxModelInfo(resolved.path));
    const opened = await openSession(resolved.path, opts.inference);
    const e = new AppearanceEmbedder(resolved.path, spec, opened.session, opened.provider);
    await e.session.run({ [spec.inputName]: e.input });
    return e;
  }

  get dims(): number {
    return this.spec.dims;
  }

  /** The embedding of the box (frame pixels) in the frame; undefined when the box is empty. */
  async embed(frame: RgbImage, box: Box): Promise<Float32Array | undefined> {
    const x1 = Math.max(0, Math.floor(box.x1));
    const y1 = Math.max(0, Math.floor(box.y1));
    const x2 = Math.min(frame.width, Math.ceil(box.x2));
    const y2 = Math.min(frame.height, Math.ceil(box.y2));
    if (x2 - x1 < 2 || y2 - y1 < 2) return undefined;
    const { width: W, height: H } = this.spec;
    const buf = await sharp(frame.data, {
      raw: { width: frame.width, height: frame.height, channels: 3 },
    })
      .extract({ left: x1, top: y1, width: x2 - x1, height: y2 - y1 })
      .resize(W, H, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    // A tensor per call: calls may overlap (one camera's crop while another's runs).
    const input = new ort.Tensor('float32', new Float32Array(3 * W * H), this.input.dims);
    const t = input.data as Float32Array;
    const plane = W * H;
    for (let i = 0; i < plane; i++) {
      const r = buf[i * 3];
      const g = buf[i * 3 + 1];
      const b = buf[i * 3 + 2];
      if (this.spec.layout === 'nhwc') {
        t[i * 3] = b;
        t[i * 3 + 1] = g;
        t[i * 3 + 2] = r;
      } else {
        t[i] = b;
        t[plane + i] = g;
        t[2 * plane + i] = r;
      }
    }
    let out: ort.InferenceSession.ReturnType;
    try {
      out = await this.session.run({ [this.spec.inputName]: input });
    } catch (err) {
      throw new CodedError(
        'inference.session.run_failed',
        `inference failed: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    return l2Normalize(out[this.spec.outputName].data as Float32Array);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
