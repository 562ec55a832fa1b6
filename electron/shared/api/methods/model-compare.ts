import { z } from 'zod';
import { detectionSchema } from '../../domain/detection';
import type { MethodSpec } from '../method-spec';
import { modelIdSchema } from './models';

/**
 * Models → Compare and upload analysis: every chosen installed model on the same posted images,
 * run once each in a separate process. The whole request travels in one API message (at most
 * 1 MiB over the WebSocket), so the UI scales images down before sending them.
 */

/** Most models compared at once. */
export const MODEL_COMPARE_MAX_MODELS = 4;
/** Most images in one comparison. */
export const MODEL_COMPARE_MAX_IMAGES = 8;
/** Largest base64 text of one image (about 600 KB of JPEG/PNG). */
export const MODEL_COMPARE_MAX_IMAGE_BASE64 = 800 * 1024;
/** Largest base64 text of all images together, so the request fits one API message. */
export const MODEL_COMPARE_MAX_TOTAL_BASE64 = 960 * 1024;
/** Longest side the UI scales an image down to before sending it. */
export const MODEL_COMPARE_UI_MAX_SIDE = 800;

export const compareImageSchema = z.object({
  /** Shown in the results; the host never uses it as a path. */
  name: z.string().min(1).max(200),
  base64: z.string().min(8).max(MODEL_COMPARE_MAX_IMAGE_BASE64),
});

export const compareModelResultSchema = z.object({
  id: z.string(),
  kind: z.enum(['detect', 'classify']),
  provider: z.string(),
  latencyMs: z.object({ mean: z.number(), p50: z.number(), p95: z.number(), p99: z.number() }),
  fps: z.number(),
  /** Against the first model: mean per-class F1 at IoU 0.5 (detectors) or top-1 agreement. */
  agreementF1: z.number().nullable(),
  /** Share of the consensus objects (or majority labels) this model found. */
  consensusShare: z.number().nullable(),
});
export type CompareModelResult = z.infer<typeof compareModelResultSchema>;

export const compareImageResultSchema = z.object({
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Per model, in the order asked. */
  results: z.array(
    z.object({
      ms: z.number(),
      detections: z.array(detectionSchema).optional(),
      top: z.array(z.object({ label: z.string(), score: z.number() })).optional(),
    }),
  ),
  /** Detectors: objects found by at least one model, with the models (indexes) that found them. */
  consensusObjects: z
    .array(
      z.object({
        label: z.string(),
        box: z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() }),
        models: z.array(z.number().int().nonnegative()),
      }),
    )
    .optional(),
  /** Classifiers: the majority top-1 label and how many models gave it. */
  consensusLabel: z.object({ label: z.string(), votes: z.number().int() }).optional(),
});
export type CompareImageResult = z.infer<typeof compareImageResultSchema>;

export const modelCompareResultSchema = z.object({
  images: z.number().int().nonnegative(),
  models: z.array(compareModelResultSchema),
  /** [i][j]: agreement of model j with model i as reference; null across kinds. */
  agreementMatrix: z.array(z.array(z.number().nullable())),
  perImage: z.array(compareImageResultSchema),
  scoreThreshold: z.number(),
  totalMs: z.number().nonnegative(),
});
export type ModelCompareResult = z.infer<typeof modelCompareResultSchema>;

export const modelCompareMethods = {
  'models.compare': {
    params: z
      .object({
        /**
         * 2 to MODEL_COMPARE_MAX_MODELS distinct installed ids; the first is the reference. The
         * schema's bounds are loose so that the handler answers a coded error the UI can word.
         */
        models: z.array(modelIdSchema).max(16),
        /** 1 to MODEL_COMPARE_MAX_IMAGES JPEG/PNG images, MODEL_COMPARE_MAX_TOTAL_BASE64 in all. */
        images: z.array(compareImageSchema).max(64),
        scoreThreshold: z.number().min(0.01).max(1).default(0.25),
      })
      .strict(),
    result: modelCompareResultSchema,
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;

// ----------------------------------------------------------------------------------------------
// Pure helpers for the UI.

/** The comparison table as CSV (one row per model), with a header. */
export function compareTableCsv(r: ModelCompareResult): string {
  const cell = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const head = [
    'model',
    'kind',
    'provider',
    'p50_ms',
    'p95_ms',
    'p99_ms',
    'mean_ms',
    'fps',
    'agreement_with_first',
    'consensus_share',
  ];
  const rows = r.models.map((m) =>
    [
      m.id,
      m.kind,
      m.provider,
      m.latencyMs.p50,
      m.latencyMs.p95,
      m.latencyMs.p99,
      m.latencyMs.mean,
      m.fps,
      m.agreementF1,
      m.consensusShare,
    ]
      .map(cell)
      .join(','),
  );
  return [head.join(','), ...rows].join('\n') + '\n';
}
