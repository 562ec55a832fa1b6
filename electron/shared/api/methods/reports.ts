import { z } from 'zod';
import type { MethodSpec } from '../method-spec';
import {
  exportJobStatusSchema,
  periodReportSchema,
  reportExportParamsSchema,
  reportFileSchema,
  reportPeriodSchema,
} from './report-schemas';

/** The reports view's period report and report exports (one-shot or as a cancellable job). */
export const reportMethods = {
  /**
   * The reports view: every aggregate of a period of whole local days (one day when `from` equals
   * `to`), including the repeat plates with their repeat-offender scores. Needs the store.
   */
  'reports.get': {
    params: reportPeriodSchema.strict(),
    result: periodReportSchema,
    permission: 'reports',
  },
  /**
   * A report file built on the host in one call (scripts, small reports). The UI uses the job
   * methods below, which report progress and can be cancelled; both build the same file.
   */
  'reports.export': {
    params: reportExportParamsSchema,
    result: reportFileSchema,
    permission: 'reports',
  },
  /** Starts building a report file in the background; poll `reports.exportStatus`. */
  'reports.exportStart': {
    params: reportExportParamsSchema,
    result: z.object({ jobId: z.string() }),
    permission: 'reports',
  },
  /** Stage and percent of an export job; the status that says `done` carries the file. */
  'reports.exportStatus': {
    params: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result: exportJobStatusSchema,
    permission: 'reports',
  },
  'reports.exportCancel': {
    params: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result: z.object({ cancelled: z.boolean() }),
    permission: 'reports',
  },
} satisfies Record<string, MethodSpec>;
