import { z } from 'zod';
import type { MethodSpec } from '../method-spec';
import { reportFileSchema, reportFormatSchema } from './report-schemas';
import { ANALYTICS_INTERVALS_MS, checkAnalyticsRange } from './analytics';

const keysSchema = z.array(z.string().min(1).max(64)).min(1).max(64).optional();

/**
 * What the Analytics view shows, as a file: the same range, cameras, classes, interval, count
 * source and zone/line filters. The comparison is with the period of the same length just before
 * (`compareFrom` moves it).
 */
export const analyticsExportParamsSchema = z
  .object({
    format: reportFormatSchema,
    from: z.number().int().nonnegative(),
    to: z.number().int().positive(),
    intervalMs: z.union(
      ANALYTICS_INTERVALS_MS.map((v) => z.literal(v)) as [
        z.ZodLiteral<300_000>,
        z.ZodLiteral<900_000>,
        z.ZodLiteral<3_600_000>,
        z.ZodLiteral<86_400_000>,
      ],
    ),
    cameraIds: z.array(z.string().min(1).max(200)).min(1).max(64).optional(),
    classLabels: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
    source: z.enum(['line', 'zone', 'class']).default('line'),
    zoneIds: keysSchema,
    lineIds: keysSchema,
    /** Start of the period compared with; by default the period of the same length before. */
    compareFrom: z.number().int().nonnegative().optional(),
    /** Minutes east of UTC of the times written in the file. */
    tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
    locale: z.enum(['es', 'en']).default('es'),
    /** Shown in the byline when the host has no user session; a signed-in user's name wins. */
    operator: z.string().max(120).optional(),
  })
  .strict()
  .superRefine(checkAnalyticsRange);
export type AnalyticsExportParams = z.infer<typeof analyticsExportParamsSchema>;

export const analyticsExportMethods = {
  /** The Analytics view's figures as a CSV, XLSX or PDF file, built on the host in one call. */
  'analyticsExports.export': {
    params: analyticsExportParamsSchema,
    result: reportFileSchema,
    permission: 'reports',
  },
} satisfies Record<string, MethodSpec>;
