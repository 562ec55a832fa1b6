import { z } from 'zod';
import { leaseStampSchema } from './fleet';

/**
 * Alarms: what the control room must notice and act on. An infraction, a safety breach or a
 * system fault raises an alarm; a flood of the same rule on the same camera within the grouping
 * window becomes one alarm with a count. States follow the alarm managers of video management
 * systems: new → in progress → on hold → closed (closed may be reopened).
 */

/** 1 is the most urgent, 4 the least. */
export const alarmPrioritySchema = z.number().int().min(1).max(4);
export type AlarmPriority = z.infer<typeof alarmPrioritySchema>;

export const alarmCategorySchema = z.enum(['traffic', 'safety', 'system']);
export type AlarmCategory = z.infer<typeof alarmCategorySchema>;

export const alarmStateSchema = z.enum(['new', 'in-progress', 'on-hold', 'closed']);
export type AlarmState = z.infer<typeof alarmStateSchema>;

/** Faults of the installation itself, raised by the host. */
export const systemAlarmKindSchema = z.enum([
  'camera-offline',
  'worker-restarts',
  'disk-budget',
  'sync-failing',
  'provider-fallback',
  'anomaly',
]);
export type SystemAlarmKind = z.infer<typeof systemAlarmKindSchema>;

/** What raised the alarm: an infraction / safety event of a rule, or a system condition. */
export const alarmSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    /** The infraction type (speed, red-light, ppe, …). */
    type: z.string().min(1).max(40),
    ruleId: z.string().min(1).max(64),
    /** The infraction that opened the alarm; grouped ones are in `eventIds`. */
    infractionId: z.string().min(1).max(128),
    /** Fleet mode: the camera lease that infraction was raised under. */
    lease: leaseStampSchema.optional(),
  }),
  z.object({
    kind: z.literal('system'),
    system: systemAlarmKindSchema,
    /** Stable key of the condition (e.g. the camera id), so one condition is one open alarm. */
    key: z.string().min(1).max(128),
    /** i18n message key and its parameters, for the UI to translate. */
    messageKey: z.string().min(1).max(120),
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  }),
]);
export type AlarmSource = z.infer<typeof alarmSourceSchema>;

export const alarmSchema = z.object({
  id: z.string(),
  category: alarmCategorySchema,
  priority: alarmPrioritySchema,
  state: alarmStateSchema,
  source: alarmSourceSchema,
  cameraId: z.string().optional(),
  zoneId: z.string().optional(),
  /** First and last event of the group, epoch ms. */
  firstAt: z.number(),
  lastAt: z.number(),
  /** Events grouped into this alarm (1 for a single event). */
  count: z.number().int().positive(),
  /** The most recent grouped infraction ids (bounded, newest last). */
  eventIds: z.array(z.string()).max(100),
  owner: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: z.number().optional(),
  closedBy: z.string().optional(),
  closedAt: z.number().optional(),
  closeReason: z.string().optional(),
  /** Optimistic version: actions name the version they were made on. */
  version: z.number().int().positive(),
  origin: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Alarm = z.infer<typeof alarmSchema>;

export const alarmHistoryActionSchema = z.enum([
  'raised',
  'grouped',
  'acknowledged',
  'state',
  'assigned',
  'comment',
  'auto-closed',
]);

export const alarmHistoryEntrySchema = z.object({
  at: z.number(),
  /** User id, or `system` for the host's own actions. */
  by: z.string(),
  action: alarmHistoryActionSchema,
  from: alarmStateSchema.optional(),
  to: alarmStateSchema.optional(),
  text: z.string().optional(),
});
export type AlarmHistoryEntry = z.infer<typeof alarmHistoryEntrySchema>;

/** What an operator can do to an alarm; `close` may require a reason (alarm settings). */
export const alarmActionSchema = z.enum([
  'acknowledge',
  'start',
  'hold',
  'close',
  'reopen',
  'assign',
]);
export type AlarmAction = z.infer<typeof alarmActionSchema>;
