import { z } from 'zod';
import {
  alarmActionSchema,
  alarmCategorySchema,
  alarmHistoryEntrySchema,
  alarmPrioritySchema,
  alarmSchema,
  alarmStateSchema,
} from '../../domain/alarm';
import type { MethodSpec } from '../method-spec';

/** The control room's alarm list: filters, states, owner, comments and the alarm settings. */

export const alarmFilterSchema = z
  .object({
    state: z.array(alarmStateSchema).max(8).optional(),
    priority: z.array(alarmPrioritySchema).max(8).optional(),
    category: z.array(alarmCategorySchema).max(8).optional(),
    cameraId: z.string().max(64).optional(),
    /** Only alarms nobody acknowledged yet. */
    unacknowledged: z.boolean().optional(),
    from: z.number().optional(),
    to: z.number().optional(),
  })
  .strict();
export type AlarmFilter = z.infer<typeof alarmFilterSchema>;

export const alarmSettingsSchema = z.object({
  /** Same camera + rule within this many seconds of the last event → the same alarm, counted. */
  groupWindowSec: z.number().int().min(0).max(3600).default(60),
  /** Closing needs a reason. */
  closeRequiresReason: z.boolean().default(true),
  /** Alarms of this priority or lower (numerically ≥) close themselves after `autoCloseAfterSec`. */
  autoClosePriority: alarmPrioritySchema.optional(),
  autoCloseAfterSec: z
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(3600),
  /** A camera not streaming for longer than this raises a system alarm. */
  cameraOfflineSec: z.number().int().min(5).max(86_400).default(60),
  /** Worker restarts within 10 minutes that raise a system alarm. */
  workerRestarts: z.number().int().min(1).max(100).default(3),
  /** Evidence disk use (percent of the camera's budget) that raises a system alarm. */
  diskPercent: z.number().int().min(50).max(100).default(90),
  /** Sync failing for longer than this raises a system alarm. */
  syncFailingSec: z.number().int().min(10).max(86_400).default(300),
});
export type AlarmSettings = z.infer<typeof alarmSettingsSchema>;

const settingsShape = alarmSettingsSchema.shape;

/**
 * A change to the alarm settings: only the fields given. (`alarmSettingsSchema.partial()` would
 * fill every absent field with its default, so saving one field would reset all the others.)
 */
export const alarmSettingsPatchSchema = z
  .object({
    groupWindowSec: settingsShape.groupWindowSec.unwrap().optional(),
    closeRequiresReason: settingsShape.closeRequiresReason.unwrap().optional(),
    autoClosePriority: settingsShape.autoClosePriority,
    autoCloseAfterSec: settingsShape.autoCloseAfterSec.unwrap().optional(),
    cameraOfflineSec: settingsShape.cameraOfflineSec.unwrap().optional(),
    workerRestarts: settingsShape.workerRestarts.unwrap().optional(),
    diskPercent: settingsShape.diskPercent.unwrap().optional(),
    syncFailingSec: settingsShape.syncFailingSec.unwrap().optional(),
  })
  .strict();
export type AlarmSettingsPatch = z.infer<typeof alarmSettingsPatchSchema>;

export const alarmMethods = {
  'alarms.list': {
    params: alarmFilterSchema.extend({
      limit: z.number().int().min(1).max(500).default(100),
      cursor: z.string().max(200).optional(),
    }),
    result: z.object({
      items: z.array(alarmSchema),
      nextCursor: z.string().optional(),
      /** Open alarms nobody acknowledged (whatever the filter): the badge on the wall. */
      unacknowledged: z.number().int().nonnegative(),
    }),
    permission: 'alarms.read',
  },
  'alarms.get': {
    params: z.object({ id: z.string().min(1).max(128) }).strict(),
    result: z.object({ alarm: alarmSchema, history: z.array(alarmHistoryEntrySchema) }),
    permission: 'alarms.read',
  },
  /** A state change, acknowledge or assignment; audited. `version` is what the operator saw. */
  'alarms.act': {
    params: z
      .object({
        id: z.string().min(1).max(128),
        action: alarmActionSchema,
        version: z.number().int().positive(),
        reason: z.string().max(2000).optional(),
        /** For `assign`: the user id that owns the alarm from now on (omit to take it yourself). */
        owner: z.string().max(128).optional(),
      })
      .strict(),
    result: z.object({ alarm: alarmSchema }),
    permission: 'alarms.act',
  },
  /** Acknowledges many alarms at once (the keyboard's "acknowledge all visible"). */
  'alarms.acknowledgeMany': {
    params: z.object({ ids: z.array(z.string().min(1).max(128)).min(1).max(500) }).strict(),
    result: z.object({ acknowledged: z.number().int().nonnegative() }),
    permission: 'alarms.act',
  },
  'alarms.comment': {
    params: z
      .object({ id: z.string().min(1).max(128), text: z.string().min(1).max(2000) })
      .strict(),
    result: z.object({ alarm: alarmSchema }),
    permission: 'alarms.act',
  },
  'alarms.settings': {
    params: z.object({}).strict(),
    result: alarmSettingsSchema,
    permission: 'alarms.read',
  },
  'alarms.saveSettings': {
    params: alarmSettingsPatchSchema,
    result: alarmSettingsSchema,
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;
