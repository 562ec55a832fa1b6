import { z } from 'zod';
import { repeatOffenderSchema } from './plates';

/**
 * Shapes of the reports view and of report exports (methods in reports.ts): the period report with
 * every aggregate the control room asks for, and the export job that builds its files.
 */

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Longest period a report covers (a leap year). */
export const MAX_REPORT_DAYS = 366;

/** A period of whole local days: `from` to `to`, both included (one day when equal). */
export const reportPeriodSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  /** Minutes east of UTC of the local time zone the days are counted in (Lima: -300). */
  tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
  cameraId: z.string().min(1).max(64).optional(),
  /** One zone of `cameraId` (zone ids are per camera): every figure is for that zone only. */
  zoneId: z.string().min(1).max(64).optional(),
});
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

const count = z.number().int().nonnegative();

export const repeatPlateSchema = z.object({
  plate: z.string(),
  /** Infractions of the plate inside the period (rejected ones do not count). */
  count,
  lastAt: z.number(),
  /** The same score as `plates.repeatOffender`: last 365 days, as of `scoredAt`. */
  repeat: repeatOffenderSchema.omit({ plate: true }),
});
export type RepeatPlate = z.infer<typeof repeatPlateSchema>;

export const periodReportSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  tzOffsetMinutes: z.number().int(),
  cameraId: z.string().optional(),
  /** The zone the figures are for (with `cameraId`), and its name when the host knows it. */
  zoneId: z.string().optional(),
  zoneName: z.string().optional(),
  /** Epoch ms: the period is [startMs, endMs). */
  startMs: z.number(),
  endMs: z.number(),
  days: z.number().int().positive(),
  total: count,
  byType: z.record(z.string(), count),
  byStatus: z.record(z.string(), count),
  /** Infractions per local hour of the day (00–23), summed over the period's days. */
  byHour: z.array(count).length(24),
  /** Infractions per local day, every day of the period listed. */
  byDay: z.array(z.object({ date: isoDateSchema, count })),
  /** Mean of measured minus limit over speed infractions; absent with none. */
  avgSpeedExcessKmh: z.number().optional(),
  speedInfractions: count,
  byCamera: z.array(
    z.object({
      cameraId: z.string(),
      name: z.string().optional(),
      total: count,
      byType: z.record(z.string(), count),
      avgSpeedExcessKmh: z.number().optional(),
    }),
  ),
  byZone: z.array(
    z.object({
      cameraId: z.string(),
      zoneId: z.string(),
      name: z.string().optional(),
      total: count,
      byType: z.record(z.string(), count),
    }),
  ),
  /** Crossings counted per line and direction (line-crossing events). */
  lines: z.array(
    z.object({
      cameraId: z.string(),
      lineId: z.string(),
      name: z.string().optional(),
      direction: z.string(),
      count,
    }),
  ),
  /** Plates of the period with more than one infraction in the last 365 days, highest score first. */
  repeatPlates: z.array(repeatPlateSchema),
  /** When the repeat-offender scores were computed (they look back 365 days from here). */
  scoredAt: z.number(),
});
export type PeriodReport = z.infer<typeof periodReportSchema>;

export const reportFormatSchema = z.enum(['csv', 'xlsx', 'pdf']);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

/**
 * What to export. `daily` (one `date`) and `range` (`from`–`to`) need the store; `system` exports
 * the live camera and worker figures and works on any host. `includeList` adds one row per
 * infraction (capped; the PDF keeps fewer rows than CSV and XLSX).
 */
export const reportExportParamsSchema = z
  .object({
    kind: z.enum(['daily', 'range', 'system']),
    format: reportFormatSchema,
    date: isoDateSchema.optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
    cameraId: z.string().min(1).max(64).optional(),
    /** One zone of `cameraId`: the report and its list are for that zone only. */
    zoneId: z.string().min(1).max(64).optional(),
    includeList: z.boolean().default(false),
    locale: z.enum(['es', 'en']).default('es'),
    /** Shown in the byline when the host has no user session; a signed-in user's name wins. */
    operator: z.string().max(120).optional(),
  })
  .strict();
export type ReportExportParams = z.infer<typeof reportExportParamsSchema>;

export const reportFileSchema = z.object({
  filename: z.string(),
  mime: z.string(),
  base64: z.string(),
  bytes: z.number().int(),
});
export type ReportFile = z.infer<typeof reportFileSchema>;

export const exportStageSchema = z.enum([
  'queued',
  /** Aggregates from the store. */
  'query',
  /** Repeat-offender scores of the period's plates. */
  'plates',
  /** One row per infraction (with `includeList`). */
  'list',
  /** Rows written into the file. */
  'write',
  /** Compressing (XLSX) or finishing (PDF) the file. */
  'package',
  'done',
]);
export type ExportStage = z.infer<typeof exportStageSchema>;

export const exportJobStatusSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  stage: exportStageSchema,
  /** 0–100, never decreasing while the job runs. */
  percent: z.number().min(0).max(100),
  /** Progress inside the current stage (rows written, plates scored, …). */
  done: z.number().int().nonnegative().optional(),
  total: z.number().int().nonnegative().optional(),
  format: reportFormatSchema,
  startedAt: z.number(),
  elapsedMs: z.number(),
  /** i18n code and English detail of a failure. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** The file, once, with the status that reports `done` (the job is forgotten after). */
  file: reportFileSchema.optional(),
});
export type ExportJobStatus = z.infer<typeof exportJobStatusSchema>;
