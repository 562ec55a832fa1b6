import type { Detection } from '../../../electron/shared/domain/detection';
import { Candidates } from './candidates';
import {
  decodeDetr,
  decodeEndToEnd,
  decodeNanodet,
  decodeYolox,
  decodeYoloV5,
  YoloV8Decoder,
  type OutputTensor,
} from './decoders';
import type { DetectorSpec } from './layout';
import { unletterboxBoxes, type Letterbox } from './letterbox';
import { NmsScratch, nmsInPlace } from './nms';

export interface PostprocessOptions {
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  /** Class names to keep; empty or undefined keeps all. */
  classes?: readonly string[];
  /** YOLOv8-family: keep every class above the threshold per anchor, not only the best. */
  multiLabel?: boolean;
}

/**
 * Model outputs → detections in source pixels: decode (per layout) → class-aware NMS where the
 * family needs it → undo the letterbox. One instance per camera: it owns reusable buffers.
 */
export class Postprocessor {
  private readonly cand = new Candidates(1024);
  private readonly scratch = new NmsScratch();
  private readonly v8 = new YoloV8Decoder();
  private readonly allowed: Uint8Array | null;

  constructor(
    readonly spec: DetectorSpec,
    readonly opts: PostprocessOptions,
  ) {
    const wanted = opts.classes?.length ? new Set(opts.classes) : undefined;
    this.allowed = wanted
      ? Uint8Array.from(spec.labels, (l, i) => (wanted.has(l) || wanted.has(String(i)) ? 1 : 0))
      : null;
  }

  /** Decodes batch item `b` of `outputs` (keyed by output name) for a frame letterboxed as `lb`. */
  run(outputs: Record<string, OutputTensor>, b: number, lb: Letterbox): Detection[] {
    const { spec, opts } = this;
    const c = this.cand;
    c.clear();
    const main = outputs[spec.outputNames[0]];
    if (!main) throw new Error(`model output "${spec.outputNames[0]}" missing`);
    const thr = opts.scoreThreshold;
    let needsNms = true;
    switch (spec.layout) {
      case 'yolov8':
        this.v8.decode(main, b, thr, this.allowed, c, opts.multiLabel);
        break;
      case 'yolov5':
        decodeYoloV5(main, b, thr, this.allowed, c);
        break;
      case 'yolox':
        decodeYolox(main, b, thr, this.allowed, c, spec.inputWidth, spec.inputHeight, spec.strides);
        break;
      case 'nanodet': {
        const k = spec.strides.length;
        const pick = (names: string[]) =>
          names.map((name) => {
            const t = outputs[name];
            if (!t) throw new Error(`model output "${name}" missing`);
            return t;
          });
        decodeNanodet(
          pick(spec.outputNames.slice(0, k)),
          pick(spec.outputNames.slice(k, 2 * k)),
          spec.strides,
          b,
          thr,
          this.allowed,
          c,
          spec.inputWidth,
          spec.inputHeight,
        );
        break;
      }
      case 'end2end':
        decodeEndToEnd(main, b, thr, this.allowed, c);
        needsNms = false;
        break;
      case 'detr':
        decodeDetr(
          main,
          spec.outputNames[1] ? outputs[spec.outputNames[1]] : undefined,
          spec.logits,
          b,
          thr,
          this.allowed,
          c,
          spec.inputWidth,
          spec.inputHeight,
        );
        needsNms = false;
        break;
    }
    if (needsNms) nmsInPlace(c, opts.iouThreshold, opts.maxDetections, this.scratch);
    else if (c.count > opts.maxDetections) c.count = opts.maxDetections;
    unletterboxBoxes(c.boxes, c.count, lb);
    const out: Detection[] = new Array(c.count);
    for (let i = 0; i < c.count; i++) {
      const o = i * 4;
      const cls = c.classes[i];
      out[i] = {
        x1: c.boxes[o],
        y1: c.boxes[o + 1],
        x2: c.boxes[o + 2],
        y2: c.boxes[o + 3],
        score: c.scores[i],
        classId: cls,
        label: spec.labels[cls] ?? `class${cls}`,
      };
    }
    // Detectors without NMS return queries in arbitrary order: best first, like the rest.
    if (!needsNms) out.sort((p, q) => q.score - p.score);
    return out;
  }
}
