import type { ModelTask, Normalisation } from '../../../electron/shared/domain/model-registry';
import { NORMALISATION_PRESETS } from '../../../electron/shared/domain/model-registry';
import { resolveLayout, type DetectorSpec, type ModelDescription } from './layout';

/** What the registry records about a model file from its shapes: task, decoder, input, defaults. */
export interface ModelTaskInfo {
  task: ModelTask;
  /** A detector layout, `classifier` or `embedding`. */
  layout: string;
  inputWidth: number;
  inputHeight: number;
  /** Classifier: number of classes; embedding: vector length. */
  outputs: number;
  normalisation: Normalisation;
  /** Set for detectors. */
  spec?: DetectorSpec;
}

export type ModelTaskResult =
  { ok: true; info: ModelTaskInfo } | { ok: false; code: string; message: string };

const dimNum = (d: number | string | undefined): number | undefined =>
  typeof d === 'number' && d > 0 ? d : undefined;

/**
 * Detector (one of the decoder layouts), ImageNet-style classifier (one output [N,K] of logits,
 * K = 1000 or the number of labels given) or embedding model (one output [N,D]), from the shapes;
 * images in NCHW or channels-last NHWC. Anything else: the detector layout's explanation.
 */
export function describeModelTask(
  model: ModelDescription,
  opts: { labels?: string[] } = {},
): ModelTaskResult {
  const det = resolveLayout(model, opts.labels ? { labels: opts.labels } : {});
  if (det.ok)
    return {
      ok: true,
      info: {
        task: 'detect',
        layout: det.spec.layout,
        inputWidth: det.spec.inputWidth,
        inputHeight: det.spec.inputHeight,
        outputs: det.spec.numClasses,
        normalisation: det.spec.normalisation!,
        spec: det.spec,
      },
    };
  const input = model.inputs[0];
  const out = model.outputs;
  if (!input || input.dims.length !== 4 || out.length !== 1) return det;
  const nchw = dimNum(input.dims[1]) === 3;
  const nhwc = !nchw && dimNum(input.dims[3]) === 3;
  if (!nchw && !nhwc) return det;
  const h = dimNum(input.dims[nchw ? 2 : 1]) ?? 224;
  const w = dimNum(input.dims[nchw ? 3 : 2]) ?? 224;
  const o = out[0];
  const k = o.dims.length === 2 ? dimNum(o.dims[1]) : undefined;
  if (!k) return det;
  const tensorLayout = nhwc ? 'nhwc' : 'nchw';
  if (k === 1000 || (opts.labels && opts.labels.length === k && k > 1))
    return {
      ok: true,
      info: {
        task: 'classify',
        layout: 'classifier',
        inputWidth: w,
        inputHeight: h,
        outputs: k,
        normalisation: { ...NORMALISATION_PRESETS.imagenet, tensorLayout },
      },
    };
  return {
    ok: true,
    info: {
      task: 'embed',
      layout: 'embedding',
      inputWidth: w,
      inputHeight: h,
      outputs: k,
      normalisation: nhwc
        ? NORMALISATION_PRESETS.openvinoReid
        : { ...NORMALISATION_PRESETS.imagenet, tensorLayout },
    },
  };
}
