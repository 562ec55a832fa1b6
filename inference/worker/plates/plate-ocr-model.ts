import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { CodedError } from '../../../electron/shared/coded-error';
import type { CtcDecoded } from '../../vision/plates/ctc';
import type { RgbImage } from '../../vision/plates/image';
import {
  checkPlateOcrOutput,
  decodePlateOcr,
  parsePlateOcrConfig,
  type PlateOcrConfig,
} from '../../vision/plates/plate-ocr';
import { resizeImage } from './image-io';

/** What the plate reader needs of a recogniser: PP-OCR's or a dedicated plate-OCR model. */
/**
 * How a line is laid out in the recogniser's input (pixels at the model's height): at least
 * `minWidth` wide, with `trailing` px of space after the line; a stretch widens a line only up to
 * `stretchUpTo` px (a line already that wide is read as it is: unset, no limit).
 */
export interface RecognizerPad {
  minWidth: number;
  trailing: number;
  stretchUpTo?: number;
}

export interface LineRecognizer {
  recognize(
    lines: readonly RgbImage[],
    stretch?: readonly number[],
    maxWidth?: number,
    pad?: RecognizerPad,
  ): Promise<CtcDecoded[]>;
  release(): Promise<void>;
}

/**
 * A dedicated plate-OCR model (fast-plate-ocr's per-slot classifier, or a fixed-step CTC model)
 * reading plate crops: each crop is brought to the model's fixed input (stretched, or letterboxed
 * when the config keeps the aspect), grey or RGB, uint8 channels-last [N, H, W, C] as
 * fast-plate-ocr exports; the output is decoded by its config (slots or CTC).
 */
export class PlateOcrRecognizer implements LineRecognizer {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly config: PlateOcrConfig,
  ) {}

  /** Loads the model (a path or its bytes) with its config's text (YAML or JSON). */
  static async create(
    model: string | Uint8Array,
    configText: string,
    threads = 1,
  ): Promise<PlateOcrRecognizer> {
    const parsed = parsePlateOcrConfig(configText);
    if (!parsed.ok)
      throw new CodedError(parsed.code, `plate-OCR config: ${parsed.detail}`, {
        detail: parsed.detail,
      });
    const opts: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    };
    const session =
      typeof model === 'string'
        ? await ort.InferenceSession.create(model, opts)
        : await ort.InferenceSession.create(model, opts);
    return new PlateOcrRecognizer(session, parsed.config);
  }

  /** A model file with its config beside it (`<model>.yaml`, `.yml` or `.json`). */
  static async fromFiles(
    modelPath: string,
    configPath: string,
    threads = 1,
  ): Promise<PlateOcrRecognizer> {
    return PlateOcrRecognizer.create(modelPath, await readFile(configPath, 'utf8'), threads);
  }

  async recognize(lines: readonly RgbImage[]): Promise<CtcDecoded[]> {
    if (lines.length === 0) return [];
    const { imgHeight: H, imgWidth: W, colorMode } = this.config;
    const C = colorMode === 'rgb' ? 3 : 1;
    const input = new Uint8Array(lines.length * H * W * C);
    for (let n = 0; n < lines.length; n++) {
      const img = await this.fit(lines[n]);
      const base = n * H * W * C;
      for (let p = 0; p < H * W; p++) {
        const r = img.data[p * 3];
        const g = img.data[p * 3 + 1];
        const b = img.data[p * 3 + 2];
        if (C === 3) {
          input[base + p * 3] = r;
          input[base + p * 3 + 1] = g;
          input[base + p * 3 + 2] = b;
        } else input[base + p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      }
    }
    const feeds = {
      [this.session.inputNames[0]]: new ort.Tensor('uint8', input, [lines.length, H, W, C]),
    };
    const out = (await this.session.run(feeds))[this.session.outputNames[0]];
    const dims = out.dims as number[];
    const problem = checkPlateOcrOutput(this.config, dims);
    if (problem)
      throw new CodedError('plates.ocr.error.output', `plate-OCR output: ${problem}`, {
        detail: problem,
      });
    const probs = out.data as Float32Array;
    return lines.map((_, n) => decodePlateOcr(probs, dims, this.config, n));
  }

  /** The crop at the model's input size: stretched, or letterboxed on the padding grey. */
  private async fit(img: RgbImage): Promise<RgbImage> {
    const { imgHeight: H, imgWidth: W, keepAspectRatio, paddingColor } = this.config;
    if (!keepAspectRatio) return resizeImage(img, W, H);
    const k = Math.min(W / img.width, H / img.height);
    const w = Math.max(1, Math.min(W, Math.round(img.width * k)));
    const h = Math.max(1, Math.min(H, Math.round(img.height * k)));
    const scaled = await resizeImage(img, w, h);
    const data = new Uint8Array(W * H * 3).fill(paddingColor);
    const ox = Math.floor((W - w) / 2);
    const oy = Math.floor((H - h) / 2);
    for (let y = 0; y < h; y++)
      data.set(scaled.data.subarray(y * w * 3, (y + 1) * w * 3), ((oy + y) * W + ox) * 3);
    return { width: W, height: H, data };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
