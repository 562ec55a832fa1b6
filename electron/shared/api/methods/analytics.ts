import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/**
 * The Analytics view: what happened on site, from the track history's roll-ups. Every query
 * takes a time range, the cameras (all when absent), the classes (all when absent) and an
 * interval; intervals start at `from`.
 */

export const ANALYTICS_INTERVALS_MS = [300_000, 900_000, 3_600_000, 86_400_000] as const;
const DAY = 86_400_000;
/** Longest range one query may cover, and most intervals it may return. */
export const ANALYTICS_MAX_RANGE_DAYS = 400;
export const ANALYTICS_MAX_INTERVALS = 20_000;

const idSchema = z.string().min(1).max(200);
const intervalSchema = z.union(
  ANALYTICS_INTERVALS_MS.map((v) => z.literal(v)) as [
    z.ZodLiteral<300_000>,
    z.ZodLiteral<900_000>,
    z.ZodLiteral<3_600_000>,
    z.ZodLiteral<86_400_000>,
  ],
);

const rangeFields = {
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
  cameraIds: z.array(idSchema).min(1).max(64).optional(),
  classLabels: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  intervalMs: intervalSchema,
};

/** The range checks every analytics query (and its export) shares: order, length, interval count. */
export function checkAnalyticsRange(
  p: { from: number; to: number; intervalMs: number },
  ctx: z.RefinementCtx,
): void {
  if (p.to <= p.from)
    ctx.addIssue({ code: 'custom', message: 'to must be after from', path: ['to'] });
  else if (p.to - p.from > ANALYTICS_MAX_RANGE_DAYS * DAY)
    ctx.addIssue({
      code: 'custom',
      message: `at most ${ANALYTICS_MAX_RANGE_DAYS} days`,
      path: ['to'],
    });
  else if ((p.to - p.from) / p.intervalMs > ANALYTICS_MAX_INTERVALS)
    ctx.addIssue({
      code: 'custom',
      message: `at most ${ANALYTICS_MAX_INTERVALS} intervals: choose a longer interval`,
      path: ['intervalMs'],
    });
}

export const analyticsRangeSchema = z.object(rangeFields).strict().superRefine(checkAnalyticsRange);
export type AnalyticsRangeParams = z.infer<typeof analyticsRangeSchema>;

export const countSourceSchema = z.enum(['line', 'zone', 'class']);
const keysSchema = z.array(z.string().min(1).max(64)).min(1).max(64).optional();

export const analyticsCountsParamsSchema = z
  .object({ ...rangeFields, source: countSourceSchema, keys: keysSchema })
  .strict()
  .superRefine(checkAnalyticsRange);

export const countRowSchema = z.object({
  bucket: z.number(),
  cameraId: z.string(),
  key: z.string(),
  classLabel: z.string(),
  direction: z.string().nullable(),
  count: z.number(),
});

const zoneParams = z
  .object({ ...rangeFields, zoneIds: keysSchema })
  .strict()
  .superRefine(checkAnalyticsRange);
const queueParams = z
  .object({ ...rangeFields, zoneIds: z.array(z.string().min(1).max(64)).min(1).max(64) })
  .strict()
  .superRefine(checkAnalyticsRange);
const inOutParams = z
  .object({
    ...rangeFields,
    lineIds: keysSchema,
    inDirection: z.enum(['left-to-right', 'right-to-left']).default('left-to-right'),
  })
  .strict()
  .superRefine(checkAnalyticsRange);

const period = z.object({ from: z.number().int().nonnegative(), to: z.number().int().positive() });
export const analyticsCompareParamsSchema = z
  .object({
    a: period,
    b: period,
    cameraIds: rangeFields.cameraIds,
    classLabels: rangeFields.classLabels,
    intervalMs: intervalSchema,
    source: countSourceSchema,
    keys: keysSchema,
  })
  .strict()
  .superRefine((p, ctx) => {
    checkAnalyticsRange({ ...p.a, intervalMs: p.intervalMs }, ctx);
    checkAnalyticsRange({ ...p.b, intervalMs: p.intervalMs }, ctx);
  });

export const analyticsDimensionsSchema = z.object({
  cameras: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      zones: z.array(z.object({ id: z.string(), name: z.string() })),
      lines: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  classes: z.array(z.string()),
  /** Oldest and newest track in the history (absent when empty). */
  firstSeen: z.number().optional(),
  lastSeen: z.number().optional(),
  tracks: z.number(),
});
export type AnalyticsDimensions = z.infer<typeof analyticsDimensionsSchema>;

export const analyticsMethods = {
  /** Cameras with their zones and lines, the classes seen, and the span of the history. */
  'analytics.dimensions': {
    params: z.object({}).strict(),
    result: analyticsDimensionsSchema,
    permission: 'reports',
  },
  /** Counts per interval × camera × line/zone × class (× direction for lines). */
  'analytics.counts': {
    params: analyticsCountsParamsSchema,
    result: z.array(countRowSchema),
    permission: 'reports',
  },
  /** Mean number of objects inside zones per interval, per class. */
  'analytics.occupancy': {
    params: zoneParams,
    result: z.array(
      z.object({
        bucket: z.number(),
        zoneId: z.string(),
        classLabel: z.string(),
        mean: z.number(),
      }),
    ),
    permission: 'reports',
  },
  /** Dwell-time histogram of zone visits per class. */
  'analytics.dwell': {
    params: zoneParams,
    result: z.object({
      edgesMs: z.array(z.number()),
      byClass: z.array(
        z.object({
          classLabel: z.string(),
          bins: z.array(z.number()),
          visits: z.number(),
          meanMs: z.number(),
          maxMs: z.number(),
        }),
      ),
    }),
    permission: 'reports',
  },
  /** Queue in zones: mean length, mean and longest wait, arrivals per interval. */
  'analytics.queue': {
    params: queueParams,
    result: z.array(
      z.object({
        bucket: z.number(),
        meanLength: z.number(),
        meanWaitMs: z.number(),
        maxWaitMs: z.number(),
        arrivals: z.number(),
      }),
    ),
    permission: 'reports',
  },
  /** Share of time each zone was occupied per interval (the efficiency report). */
  'analytics.utilisation': {
    params: zoneParams,
    result: z.array(z.object({ bucket: z.number(), zoneId: z.string(), share: z.number() })),
    permission: 'reports',
  },
  /** People in and out through counting lines per interval, with the running balance. */
  'analytics.inOut': {
    params: inOutParams,
    result: z.array(
      z.object({ bucket: z.number(), in: z.number(), out: z.number(), inside: z.number() }),
    ),
    permission: 'reports',
  },
  /** Density of trajectories over one camera's frame. */
  'analytics.heatmap': {
    params: z
      .object({
        cameraId: idSchema,
        from: rangeFields.from,
        to: rangeFields.to,
        classLabels: rangeFields.classLabels,
      })
      .strict()
      .superRefine((p, ctx) => checkAnalyticsRange({ ...p, intervalMs: DAY }, ctx)),
    result: z.object({
      cols: z.number(),
      rows: z.number(),
      cells: z.array(z.number()),
      max: z.number(),
    }),
    permission: 'reports',
  },
  /** Two periods side by side: totals per class and the two series on the same offsets. */
  'analytics.compare': {
    params: analyticsCompareParamsSchema,
    result: z.object({
      totals: z.array(z.object({ classLabel: z.string(), a: z.number(), b: z.number() })),
      series: z.array(z.object({ offsetMs: z.number(), a: z.number(), b: z.number() })),
    }),
    permission: 'reports',
  },
} satisfies Record<string, MethodSpec>;
