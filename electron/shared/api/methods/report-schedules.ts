import { z } from 'zod';
import type { MethodSpec } from '../method-spec';
import { reportFormatSchema } from './report-schemas';

/**
 * Scheduled reports: daily / weekly / monthly, in the schedule's own time zone. Each run builds
 * the period report (the period that just ended) as PDF and/or XLSX, saves it to a folder and
 * emails it through an email notification channel. A run missed while the host was off runs at
 * the next start.
 */

const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/);

/** A zone of a camera, as a schedule names it. */
export const scheduleZoneSchema = z
  .object({
    cameraId: z.string().min(1).max(64),
    zoneId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict();
export type ScheduleZone = z.infer<typeof scheduleZoneSchema>;

export const reportScheduleSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(120),
  enabled: z.boolean().default(true),
  frequency: z.enum(['daily', 'weekly', 'monthly']),
  /** Local time of the run, HH:MM. */
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** weekly: 0 = Sunday … 6 = Saturday. */
  weekday: z.number().int().min(0).max(6).default(1),
  /** monthly: day of the month (capped at the month's last day). */
  monthDay: z.number().int().min(1).max(31).default(1),
  /** IANA time zone the schedule and the report's days are counted in. */
  timeZone: z.string().min(1).max(64).default('America/Lima'),
  formats: z.array(reportFormatSchema).min(1).max(3),
  /** Empty: every camera. */
  cameraIds: z.array(z.string().max(64)).max(200).default([]),
  /**
   * Zones reported on their own: each adds one file per format with that zone's figures only, on
   * top of the camera files (zone ids are per camera). Schedules saved before zones parse as [].
   */
  zones: z.array(scheduleZoneSchema).max(200).default([]),
  locale: z.enum(['es', 'en']).default('es'),
  /** Email notification channels the files are sent through (empty: not emailed). */
  emailChannelIds: z.array(idSchema).max(10).default([]),
  /** Extra recipients on top of the channel's own list. */
  recipients: z.array(z.string().min(3).max(200)).max(50).default([]),
  /** Save the files here too (absolute path on the host; must be inside the allowed folders). */
  saveToFolder: z.string().max(1000).optional(),
  /**
   * What the files report: the infractions' period report, or the Analytics view's figures (track
   * history: counts, occupancy, dwell, utilisation, people in/out, comparison with the period
   * before). Schedules saved before this field parse as `infractions`.
   */
  report: z.enum(['infractions', 'analytics']).default('infractions'),
});
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

export const scheduleRunSchema = z.object({
  id: z.string(),
  scheduleId: z.string(),
  /** The slot this run is for (epoch ms of the scheduled time), and when it actually ran. */
  dueAt: z.number(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  /** `missed`: the slot ran late because the host was off at the time. */
  state: z.enum(['running', 'done', 'failed']),
  late: z.boolean(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative() })),
  error: z.string().optional(),
});
export type ScheduleRun = z.infer<typeof scheduleRunSchema>;

export const reportScheduleMethods = {
  'schedules.list': {
    params: z.object({}).strict(),
    result: z.object({
      items: z.array(reportScheduleSchema.extend({ nextRunAt: z.number().optional() })),
    }),
    permission: 'reports',
  },
  'schedules.save': {
    params: reportScheduleSchema,
    result: z.object({ schedule: reportScheduleSchema, nextRunAt: z.number().optional() }),
    permission: 'config',
  },
  'schedules.delete': {
    params: z.object({ id: idSchema }).strict(),
    result: z.object({ deleted: z.boolean() }),
    permission: 'config',
  },
  /** Runs a schedule now (outside its slot), e.g. to check the mail arrives. */
  'schedules.runNow': {
    params: z.object({ id: idSchema }).strict(),
    result: z.object({ run: scheduleRunSchema }),
    permission: 'config',
  },
  'schedules.runs': {
    params: z
      .object({
        scheduleId: idSchema.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    result: z.object({ items: z.array(scheduleRunSchema) }),
    permission: 'reports',
  },
} satisfies Record<string, MethodSpec>;
