import type { Detection } from '../../../electron/shared/domain/detection';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import { top1Agreement, topKAccuracy, findLabel } from '../../vision/classify/metrics';
import { resolveClassifier } from '../../vision/classify/preprocess';
import { resolveLayout } from '../../vision/detect/layout';
import {
  detectionAgreement,
  frameConsensus,
  percentileOf,
  top1Consensus,
  type ConsensusObject,
} from '../../vision/eval/agreement';
import { evaluateCoco } from '../../vision/eval/coco-eval';
import { mapClasses, resultsToDetections, toCocoResults } from '../../vision/eval/datasets';
import type { RgbImage } from '../../vision/plates/image';
import { ImageClassifier } from '../classifier/image-classifier';
import { ImageDetector } from '../detector/image-detector';
import { resolveModel } from '../detector/model-resolver';
import { readOnnxModelInfo } from '../onnx/onnx-model-info';
import type { DetectionDataset } from './detection-dataset';

/** One frame every model sees: decoded once, with its truth when the frames are a labelled set. */
export interface CompareFrame {
  name: string;
  image: RgbImage;
  /** Detection sets: the dataset's image id (for mAP). */
  imageId?: number;
  /** Classification sets: the true label. */
  label?: string;
}

export interface CompareOptions {
  models: readonly string[];
  modelsDir: string;
  inference: InferenceSettings;
  /** Detections kept for agreement and consensus (a camera's operating point); default 0.25. */
  scoreThreshold?: number;
  /** Detection truth for mAP: the frames' `imageId`s index into it. */
  dataset?: DetectionDataset;
  /** Class names for classifiers whose file has none (one per line). */
  classifierLabelsFile?: string;
  onProgress?(p: { modelIndex: number; model: string; done: number; total: number }): void;
  signal?: AbortSignal;
}

export interface ModelComparison {
  id: string;
  path: string;
  kind: 'detect' | 'classify';
  provider: string;
  latencyMs: { mean: number; p50: number; p95: number; p99: number };
  /** Frames per second one stream gets from this model alone (1000 / mean latency). */
  fps: number;
  /** Growth of the process's resident memory from before the model opened to its peak while it ran. */
  peakRssMb: number;
  /** Against the first model: mean per-class F1 at IoU 0.5 (detectors) or top-1 agreement (classifiers). */
  agreementF1: number | null;
  agreementPerClass?: { label: string; f1: number; tp: number; fp: number; fn: number }[];
  /** Share of the frames' consensus objects (or majority labels) this model found; null when there were none. */
  consensusShare: number | null;
  /** Against the dataset's labels, when given. */
  map50: number | null;
  map50_95: number | null;
  top1: number | null;
}

export interface FrameOutcome {
  name: string;
  width: number;
  height: number;
  /** Per model, in model order. */
  results: {
    ms: number;
    detections?: Detection[];
    top?: { label: string; score: number }[];
  }[];
  consensus: ConsensusObject[] | { label: string; votes: number };
}

export interface CompareReport {
  frames: number;
  models: ModelComparison[];
  /** [i][j]: agreement of model j with model i as reference (F1 or top-1 agreement); null across kinds. */
  agreementMatrix: (number | null)[][];
  perFrame: FrameOutcome[];
}

type Opened =
  { kind: 'detect'; model: ImageDetector } | { kind: 'classify'; model: ImageClassifier };

/** Detector or classifier, decided from the model's shapes. */
export async function openAnyModel(
  id: string,
  opts: Pick<CompareOptions, 'modelsDir' | 'inference' | 'classifierLabelsFile'> & {
    scoreThreshold: number;
    multiLabel: boolean;
  },
): Promise<Opened> {
  const resolved = resolveModel(id, opts.modelsDir);
  const info = readOnnxModelInfo(resolved.path);
  const layout = resolveLayout(info, resolved.override);
  if (layout.ok)
    return {
      kind: 'detect',
      model: await ImageDetector.open(id, {
        modelsDir: opts.modelsDir,
        inference: opts.inference,
        scoreThreshold: opts.scoreThreshold,
        multiLabel: opts.multiLabel,
      }),
    };
  if (resolveClassifier(info).ok)
    return {
      kind: 'classify',
      model: await ImageClassifier.open(id, {
        modelsDir: opts.modelsDir,
        inference: opts.inference,
        labelsFile: opts.classifierLabelsFile,
      }),
    };
  throw new Error(`${resolved.path}: neither a detector nor a classifier (${layout.message})`);
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const r4 = (v: number) => Math.round(v * 10000) / 10000;

/**
 * Runs every model over the same decoded frames, one model at a time (so latency and memory are
 * each model's own), then scores agreement with the first model, the per-frame consensus and,
 * when the frames carry truth, accuracy. With detection truth the detectors run at score 0.001
 * (what mAP needs); agreement and consensus use the detections above `scoreThreshold` either way.
 */
export async function compareModels(
  frames: readonly CompareFrame[],
  opts: CompareOptions,
): Promise<CompareReport> {
  const operating = opts.scoreThreshold ?? 0.25;
  const forMap = Boolean(opts.dataset);
  const kept: Detection[][][] = [];
  const tops: { index: number; label: string; score: number }[][][] = [];
  const ms: number[][] = [];
  const models: ModelComparison[] = [];
  for (let mi = 0; mi < opts.models.length; mi++) {
    const id = opts.models[mi];
    const before = process.memoryUsage().rss;
    let peak = before;
    const opened = await openAnyModel(id, {
      ...opts,
      scoreThreshold: forMap ? 0.001 : operating,
      multiLabel: forMap,
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    const times: number[] = [];
    const dets: Detection[][] = [];
    const top: { index: number; label: string; score: number }[][] = [];
    const cocoResults: ReturnType<typeof toCocoResults> = [];
    const mapping =
      opened.kind === 'detect' && opts.dataset
        ? mapClasses(opened.model.spec.labels, opts.dataset.categories)
        : undefined;
    try {
      for (let f = 0; f < frames.length; f++) {
        if (opts.signal?.aborted) throw new Error('comparison cancelled');
        const frame = frames[f];
        if (opened.kind === 'detect') {
          const r = await opened.model.detect(frame.image);
          times.push(r.preprocessMs + r.inferMs + r.postprocessMs);
          dets.push(r.detections.filter((d) => d.score >= operating));
          if (mapping && frame.imageId !== undefined)
            cocoResults.push(...toCocoResults(frame.imageId, r.detections, mapping.toCategory));
        } else {
          const r = await opened.model.classify(frame.image, 5);
          times.push(r.preprocessMs + r.inferMs);
          top.push(r.top);
        }
        peak = Math.max(peak, process.memoryUsage().rss);
        opts.onProgress?.({ modelIndex: mi, model: id, done: f + 1, total: frames.length });
      }
    } finally {
      await opened.model.close();
    }
    kept.push(dets);
    tops.push(top);
    ms.push(times);
    const sorted = [...times].sort((a, b) => a - b);
    const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
    let map50: number | null = null;
    let map50_95: number | null = null;
    let top1: number | null = null;
    if (opened.kind === 'detect' && opts.dataset) {
      const ids = new Set(frames.map((f) => f.imageId));
      const coco = evaluateCoco({
        imageIds: [...ids].filter((x): x is number => x !== undefined),
        categories: opts.dataset.categories,
        groundTruths: opts.dataset.groundTruths,
        detections: resultsToDetections(cocoResults),
      });
      map50 = r4(coco.map50);
      map50_95 = r4(coco.map50_95);
    }
    if (opened.kind === 'classify' && frames.some((f) => f.label !== undefined)) {
      const labels = opened.model.spec.labels.length
        ? opened.model.spec.labels
        : Array.from({ length: opened.model.spec.numClasses }, (_, i) => String(i));
      top1 = r4(
        topKAccuracy(
          top.map((t) => t.map((x) => x.index)),
          frames.map((f) => (f.label === undefined ? -1 : findLabel(labels, f.label))),
          (k) => labels[k],
          frames.map((f) => f.label ?? ''),
        ).top1,
      );
    }
    models.push({
      id,
      path: opened.model.modelPath,
      kind: opened.kind,
      provider: opened.model.provider,
      latencyMs: {
        mean: r2(mean),
        p50: r2(percentileOf(sorted, 50)),
        p95: r2(percentileOf(sorted, 95)),
        p99: r2(percentileOf(sorted, 99)),
      },
      fps: r2(mean > 0 ? 1000 / mean : 0),
      peakRssMb: r2(Math.max(0, peak - before) / 2 ** 20),
      agreementF1: null,
      consensusShare: null,
      map50,
      map50_95,
      top1,
    });
  }

  const n = models.length;
  const agreementOf = (i: number, j: number): number | null => {
    if (models[i].kind !== models[j].kind) return null;
    if (models[i].kind === 'detect')
      return detectionAgreement(frames.map((_, f) => [kept[i][f], kept[j][f]] as const)).f1;
    return top1Agreement(
      tops[i].map((t) => t[0]?.index ?? -1),
      tops[j].map((t) => t[0]?.index ?? -1),
    );
  };
  const agreementMatrix = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      const v = i === j ? 1 : agreementOf(i, j);
      return v === null ? null : r4(v);
    }),
  );
  for (let j = 0; j < n; j++) {
    models[j].agreementF1 = agreementMatrix[0][j];
    if (models[j].kind === 'detect' && models[0].kind === 'detect') {
      models[j].agreementPerClass = detectionAgreement(
        frames.map((_, f) => [kept[0][f], kept[j][f]] as const),
      ).perClass.map((c) => ({ ...c, f1: r4(c.f1) }));
    }
  }

  // Consensus among the models of the first model's kind.
  const same = models.map((m, i) => i).filter((i) => models[i].kind === models[0]?.kind);
  const found = new Array<number>(n).fill(0);
  let objects = 0;
  const perFrame: FrameOutcome[] = frames.map((frame, f) => {
    let consensus: FrameOutcome['consensus'];
    if (models[0]?.kind === 'detect') {
      const objs = frameConsensus(same.map((i) => kept[i][f]));
      objects += objs.length;
      for (const o of objs) for (const k of o.models) found[same[k]]++;
      consensus = objs.map((o) => ({ ...o, models: o.models.map((k) => same[k]) }));
    } else {
      const labels = same.map((i) => tops[i][f][0]?.label ?? '');
      const c = top1Consensus(labels);
      objects++;
      same.forEach((i, k) => {
        if (labels[k] === c.label) found[i]++;
      });
      consensus = c;
    }
    return {
      name: frame.name,
      width: frame.image.width,
      height: frame.image.height,
      results: models.map((m, i) =>
        m.kind === 'detect'
          ? { ms: r2(ms[i][f]), detections: kept[i][f] }
          : {
              ms: r2(ms[i][f]),
              top: tops[i][f].map((t) => ({ label: t.label, score: r4(t.score) })),
            },
      ),
      consensus,
    };
  });
  for (const i of same) models[i].consensusShare = objects ? r4(found[i] / objects) : null;
  return { frames: frames.length, models, agreementMatrix, perFrame };
}
