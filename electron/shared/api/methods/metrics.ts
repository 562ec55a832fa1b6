import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/**
 * Camera health history for the System view: the camera status rows the host stores (one per
 * status report) bucketed over a range. Live figures for scraping are at `GET /metrics`.
 */

export const METRICS_RANGES = ['1h', '6h', '24h', '7d'] as const;
export const metricsRangeSchema = z.enum(METRICS_RANGES);
export type MetricsRange = z.infer<typeof metricsRangeSchema>;

/** Range length and bucket width (ms): 240, 360, 288 and 336 points. */
export const METRICS_RANGE_SPECS: Record<MetricsRange, { rangeMs: number; bucketMs: number }> = {
  '1h': { rangeMs: 3_600_000, bucketMs: 15_000 },
  '6h': { rangeMs: 6 * 3_600_000, bucketMs: 60_000 },
  '24h': { rangeMs: 24 * 3_600_000, bucketMs: 5 * 60_000 },
  '7d': { rangeMs: 7 * 24 * 3_600_000, bucketMs: 30 * 60_000 },
};

export const metricsPointSchema = z.object({
  /** Bucket start, epoch ms. */
  t: z.number(),
  fpsAvg: z.number(),
  fpsMin: z.number(),
  /** Mean and worst detector time in the bucket (ms); absent for buckets without a model. */
  inferenceMsAvg: z.number().optional(),
  inferenceMsMax: z.number().optional(),
  /** Frames dropped on purpose plus frames lost during the bucket. */
  dropped: z.number().nonnegative(),
  /** Reconnects during the bucket. */
  reconnects: z.number().nonnegative(),
  /** Status reports the bucket was computed from. */
  samples: z.number().int().positive(),
});
export type MetricsPoint = z.infer<typeof metricsPointSchema>;

export const metricsHistorySchema = z.object({
  range: metricsRangeSchema,
  from: z.number(),
  to: z.number(),
  bucketMs: z.number().int().positive(),
  /** Only buckets with data; cameras without rows in the range are absent. */
  cameras: z.array(z.object({ cameraId: z.string(), points: z.array(metricsPointSchema) })),
});
export type MetricsHistory = z.infer<typeof metricsHistorySchema>;

export const metricsMethods = {
  'metrics.history': {
    params: z
      .object({ range: metricsRangeSchema.default('1h'), cameraId: z.string().max(128).optional() })
      .strict(),
    result: metricsHistorySchema,
    // The System view's own permission (as `system.info`).
    permission: 'live',
  },
} satisfies Record<string, MethodSpec>;
