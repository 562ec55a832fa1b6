import { parseImgsz, parseNames, COCO80 } from './labels';
import { yoloxAnchorCount } from './decoders';

import type { LayoutKind } from '../../../electron/shared/domain/model-layout';
import {
  NORMALISATION_PRESETS,
  type Normalisation,
} from '../../../electron/shared/domain/model-registry';

/** A model's input/output as read from the ONNX file; symbolic dims are strings or -1. */
export interface TensorInfo {
  name: string;
  dims: ReadonlyArray<number | string>;
}

export interface ModelDescription {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** ONNX metadata_props (Ultralytics: names, imgsz, task, stride…). */
  metadata: Record<string, string>;
}

/** What a catalog entry may force, for models whose shape or metadata say too little. */
export interface LayoutOverride {
  layout?: LayoutKind;
  labels?: string[];
  inputWidth?: number;
  inputHeight?: number;
  strides?: number[];
  /** detr: class scores are logits (sigmoid applied) rather than probabilities. */
  logits?: boolean;
  /** How frames become the input tensor; default: the layout family's own convention. */
  normalisation?: Normalisation;
}

/** The preprocessing each detector family was trained with, when the registry says nothing. */
export function defaultNormalisation(layout: LayoutKind): Normalisation {
  if (layout === 'yolox') return NORMALISATION_PRESETS.yolox;
  if (layout === 'nanodet') return NORMALISATION_PRESETS.nanodet;
  return NORMALISATION_PRESETS.ultralytics;
}

export interface DetectorSpec {
  layout: LayoutKind;
  inputName: string;
  inputWidth: number;
  inputHeight: number;
  /** True when the model's batch dimension is symbolic, so frames of several cameras can share a run. */
  dynamicBatch: boolean;
  numClasses: number;
  labels: string[];
  /** Output names the decoder reads: [main] or, for split DETR heads, [boxes, scores]. */
  outputNames: string[];
  strides: number[];
  logits: boolean;
  /** How frames become the input tensor (resolveLayout always sets it; default: the family's). */
  normalisation?: Normalisation;
}

export type LayoutResult =
  { ok: true; spec: DetectorSpec } | { ok: false; code: string; message: string };

const fail = (code: string, message: string): LayoutResult => ({ ok: false, code, message });
const dimNum = (d: number | string | undefined): number | undefined =>
  typeof d === 'number' && d > 0 ? d : undefined;
const showDims = (t: TensorInfo): string => `${t.name} [${t.dims.join(',')}]`;

/**
 * Picks the decoder for a model from its output shapes and metadata (the override wins), or says
 * precisely why it cannot: expected layouts and the shapes found.
 */
/** `fallbackSize`: input size for models whose dims are symbolic and whose metadata has no imgsz. */
export function resolveLayout(
  model: ModelDescription,
  override: LayoutOverride = {},
  fallbackSize: { width: number; height: number } = { width: 640, height: 640 },
): LayoutResult {
  const input = model.inputs[0];
  if (!input) return fail('inference.model.no_input', 'model has no input tensor');
  if (
    input.dims.length !== 4 ||
    (dimNum(input.dims[1]) !== undefined && dimNum(input.dims[1]) !== 3)
  ) {
    return fail(
      'inference.model.bad_input',
      `expected an image input [N,3,H,W], found ${showDims(input)}`,
    );
  }
  const imgsz = parseImgsz(model.metadata.imgsz);
  const inputHeight =
    override.inputHeight ?? dimNum(input.dims[2]) ?? imgsz?.[0] ?? fallbackSize.height;
  const inputWidth =
    override.inputWidth ?? dimNum(input.dims[3]) ?? imgsz?.[1] ?? fallbackSize.width;
  const dynamicBatch = dimNum(input.dims[0]) === undefined;
  const task = model.metadata.task;
  if (task && task !== 'detect' && !override.layout) {
    return fail(
      'inference.model.task',
      `expected a detection model (task "detect"), found task "${task}"`,
    );
  }
  const names = override.labels ?? parseNames(model.metadata.names);
  const strides = override.strides ?? nanodetOutputs(model.outputs)?.strides ?? [8, 16, 32];
  const expected =
    'expected one of: YOLOv5 [1,N,5+C], YOLOv8/11 [1,4+C,N], YOLOv10/26 [1,K,6], YOLOX [1,ΣHW/s²,5+C], DETR boxes [1,Q,4] + scores [1,Q,C] or [1,Q,4+C], NanoDet cls_pred_stride_* + dis_pred_stride_*';
  const outs = model.outputs;
  const found = outs.map(showDims).join(', ') || 'no outputs';

  const make = (
    layout: LayoutKind,
    outputNames: string[],
    numClasses: number,
    logits = false,
  ): LayoutResult => {
    if (!(numClasses > 0)) return fail('inference.model.layout', `${expected}; found ${found}`);
    const labels =
      names && names.length >= numClasses
        ? names.slice(0, numClasses)
        : numClasses === 80
          ? [...COCO80]
          : range(numClasses);
    return {
      ok: true,
      spec: {
        layout,
        inputName: input.name,
        inputWidth,
        inputHeight,
        dynamicBatch,
        numClasses,
        labels,
        outputNames,
        strides,
        logits: override.logits ?? logits,
        normalisation: override.normalisation ?? defaultNormalisation(layout),
      },
    };
  };

  // NanoDet / GFL: per-stride class scores [B,N,C] and side distributions [B,N,4·bins].
  const nano = nanodetOutputs(outs);
  if (nano && (!override.layout || override.layout === 'nanodet')) {
    return make(
      'nanodet',
      [...nano.cls.map((o) => o.name), ...nano.dis.map((o) => o.name)],
      dimNum(nano.cls[0].dims[2])!,
    );
  }
  // Split DETR heads: a [B,Q,4] boxes tensor beside a [B,Q,C] scores tensor.
  if (outs.length >= 2) {
    const three = outs.filter((o) => o.dims.length === 3);
    const boxes = three.find((o) => dimNum(o.dims[2]) === 4);
    const scores = three.find(
      (o) => o !== boxes && dimNum(o.dims[2]) !== undefined && dimNum(o.dims[2]) !== 4,
    );
    if (boxes && scores && (!override.layout || override.layout === 'detr')) {
      // Split heads (HF / lyuwenyu exports) emit raw logits.
      return make('detr', [boxes.name, scores.name], dimNum(scores.dims[2])!, true);
    }
  }
  const main = outs[0];
  if (!main || main.dims.length !== 3)
    return fail('inference.model.layout', `${expected}; found ${found}`);
  const a = dimNum(main.dims[1]);
  const b = dimNum(main.dims[2]);
  if (override.layout) {
    switch (override.layout) {
      case 'yolov8':
        return make('yolov8', [main.name], (a ?? 0) - 4);
      case 'yolov5':
      case 'yolox':
        return make(override.layout, [main.name], (b ?? 0) - 5);
      case 'end2end':
        return b === 6
          ? make('end2end', [main.name], names?.length ?? 80)
          : fail('inference.model.layout', `end2end expects [1,K,6]; found ${found}`);
      case 'detr':
        return make('detr', [main.name], (b ?? 0) - 4);
      case 'nanodet':
        return fail(
          'inference.model.layout',
          `nanodet expects cls_pred_stride_* and dis_pred_stride_* outputs; found ${found}`,
        );
    }
  }
  if (a === undefined || b === undefined)
    return fail(
      'inference.model.layout',
      `${expected}; found ${found} (symbolic dims: set "layout" in the catalog entry)`,
    );
  const c = names?.length;
  // A one-class YOLOX head is [1,N,6] too: its N is the grid's cell count, never an end2end K.
  if (b === 6 && looksYolox(a, inputWidth, inputHeight, strides) && c !== 80)
    return make('yolox', [main.name], 1);
  if (b === 6 && a >= 1 && a <= 1000 && c !== 1 && c !== 2)
    return make('end2end', [main.name], c ?? 80);
  if (c !== undefined) {
    if (a === 4 + c && b > a) return make('yolov8', [main.name], c);
    if (b === 5 + c)
      return make(
        looksYolox(a, inputWidth, inputHeight, strides) ? 'yolox' : 'yolov5',
        [main.name],
        c,
      );
    if (b === 4 + c && a <= 1000) return make('detr', [main.name], c);
  }
  // No usable names: decide from the shape alone.
  if (a < b && a > 4) return make('yolov8', [main.name], a - 4);
  if (b > 5 && looksYolox(a, inputWidth, inputHeight, strides))
    return make('yolox', [main.name], b - 5);
  if (b > 5 && a === 3 * yoloxAnchorCount(inputWidth, inputHeight, strides))
    return make('yolov5', [main.name], b - 5);
  return fail('inference.model.layout', `${expected}; found ${found}`);
}

/** NanoDet's six outputs `cls_pred_stride_{s}` / `dis_pred_stride_{s}`, ordered by stride. */
function nanodetOutputs(
  outs: readonly TensorInfo[],
): { cls: TensorInfo[]; dis: TensorInfo[]; strides: number[] } | undefined {
  const by = (re: RegExp) =>
    outs
      .map((o) => ({ o, m: re.exec(o.name) }))
      .filter((x) => x.m && x.o.dims.length === 3)
      .sort((p, q) => Number(p.m![1]) - Number(q.m![1]));
  const cls = by(/cls_pred_stride_(\d+)$/);
  const dis = by(/dis_pred_stride_(\d+)$/);
  if (!cls.length || cls.length !== dis.length) return undefined;
  const strides = cls.map((x) => Number(x.m![1]));
  if (dis.some((x, i) => Number(x.m![1]) !== strides[i])) return undefined;
  const c = dimNum(cls[0].o.dims[2]);
  const bins = dimNum(dis[0].o.dims[2]);
  if (!c || !bins || bins % 4 !== 0) return undefined;
  return { cls: cls.map((x) => x.o), dis: dis.map((x) => x.o), strides };
}

function looksYolox(n: number, w: number, h: number, strides: readonly number[]): boolean {
  return n === yoloxAnchorCount(w, h, strides);
}

function range(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `class${i}`);
}
