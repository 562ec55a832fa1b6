import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/coded-error';
import {
  MODEL_COMPARE_MAX_IMAGES,
  MODEL_COMPARE_MAX_MODELS,
  MODEL_COMPARE_MAX_TOTAL_BASE64,
  modelCompareResultSchema,
  type CompareImageResult,
  type ModelCompareResult,
} from '../../shared/api/methods/model-compare';
import {
  inferenceSettingsSchema,
  type InferenceSettings,
} from '../../shared/protocol/worker-protocol';
import { frameImageFromBase64 } from '../models/frame-image';
import { resolveProbeEntry, runProbe } from '../models/probe';
import type { Logger } from '../logging/logger';
import type { WorkerForker } from '../workers/worker-process';
import type { Handler } from '../api-types';

/** Comparisons running at once; each is a process holding every chosen model in turn. */
const MAX_COMPARISONS = 1;
/** Hang guard for a whole comparison (model loads included). */
const COMPARE_TIMEOUT_MS = 180_000;

export interface ModelCompareContext {
  modelsDir: string;
  forker: WorkerForker;
  /** The inference worker's entry; the probe's sits beside it. */
  workerEntry: string;
  inference?: Partial<InferenceSettings>;
  logger: Logger;
}

type ReportShape = {
  frames: number;
  models: ModelCompareResult['models'];
  agreementMatrix: ModelCompareResult['agreementMatrix'];
  perFrame: Array<
    Omit<CompareImageResult, 'consensusObjects' | 'consensusLabel'> & {
      consensus:
        NonNullable<CompareImageResult['consensusObjects']> | { label: string; votes: number };
    }
  >;
};

/** The probe's comparison report as the API answers it (paths and internals left out). */
export function compareResultFromReport(
  raw: unknown,
  scoreThreshold: number,
  started: number,
): ModelCompareResult {
  const report = raw as ReportShape;
  return {
    images: report.frames,
    models: report.models,
    agreementMatrix: report.agreementMatrix,
    perImage: report.perFrame.map(({ consensus, ...f }) =>
      Array.isArray(consensus)
        ? {
            ...f,
            consensusObjects: consensus.map((o) => ({
              label: o.label,
              box: o.box,
              models: o.models,
            })),
          }
        : { ...f, consensusLabel: consensus },
    ),
    scoreThreshold,
    totalMs: Math.round(performance.now() - started),
  };
}

/**
 * `models.compare`: the params checked here (model ids installed, counts, every image a JPEG or
 * PNG with a readable header), then the comparison runs in a model probe process, so neither the
 * model loads nor ONNX Runtime can stall or crash the host.
 */
export function createModelCompareHandlers(c: ModelCompareContext): {
  'models.compare': Handler<'models.compare'>;
} {
  const settings = inferenceSettingsSchema.parse(c.inference ?? {});
  let running = 0;
  return {
    'models.compare': async ({ models, images, scoreThreshold }) => {
      const started = performance.now();
      if (models.length < 2 || models.length > MODEL_COMPARE_MAX_MODELS)
        throw new CodedError(
          'models.compare.model_count',
          `compare 2 to ${MODEL_COMPARE_MAX_MODELS} models, got ${models.length}`,
          { max: MODEL_COMPARE_MAX_MODELS, count: models.length },
        );
      if (new Set(models).size !== models.length)
        throw new CodedError('models.compare.duplicate_model', 'each model may be chosen once');
      for (const id of models)
        if (!existsSync(path.join(c.modelsDir, `${id}.onnx`)))
          throw new CodedError('models.not_installed', `no installed model "${id}"`, { id });
      if (images.length < 1)
        throw new CodedError('models.compare.no_images', 'add at least one image');
      if (images.length > MODEL_COMPARE_MAX_IMAGES)
        throw new CodedError(
          'models.compare.too_many_images',
          `at most ${MODEL_COMPARE_MAX_IMAGES} images, got ${images.length}`,
          { max: MODEL_COMPARE_MAX_IMAGES, count: images.length },
        );
      const total = images.reduce((s, i) => s + i.base64.length, 0);
      if (total > MODEL_COMPARE_MAX_TOTAL_BASE64)
        throw new CodedError(
          'models.compare.too_much_data',
          `${Math.round(total / 1024)} KiB of images; at most ${Math.round(MODEL_COMPARE_MAX_TOTAL_BASE64 / 1024)} KiB`,
          { maxKb: Math.round(MODEL_COMPARE_MAX_TOTAL_BASE64 / 1024) },
        );
      const decoded = images.map((im, i) => {
        try {
          return { name: im.name, bytes: frameImageFromBase64(im.base64).bytes };
        } catch (e) {
          throw new CodedError(
            'models.compare.bad_image',
            `image ${i + 1} (${im.name}): ${(e as Error).message}`,
            { index: i + 1, name: im.name },
          );
        }
      });
      if (running >= MAX_COMPARISONS)
        throw new CodedError('models.busy', 'another comparison is running; try again in a moment');
      running++;
      let reply;
      try {
        reply = await runProbe(
          {
            forker: c.forker,
            entry: resolveProbeEntry(c.workerEntry),
            timeoutMs: COMPARE_TIMEOUT_MS,
          },
          {
            type: 'compare',
            modelsDir: c.modelsDir,
            models,
            images: decoded,
            inference: settings,
            scoreThreshold,
          },
          'compared',
        );
      } finally {
        running--;
      }
      const result = compareResultFromReport(reply.report, scoreThreshold, started);
      c.logger.info('models compared', { models, images: images.length, ms: result.totalMs });
      return modelCompareResultSchema.parse(result);
    },
  };
}
