import { z } from 'zod';
import { cameraIdSchema } from '../../config/camera';
import { ppeLabelMapSchema, zonePpeSchema } from '../../config/ppe';
import { zoneDangerSchema } from '../../config/danger';
import type { MethodSpec } from '../method-spec';
import { versionMetaSchema } from './calibration';

/**
 * Site safety: PPE requirements per zone (kept in the camera's rule set, so the zone tool and
 * these methods edit the same versions) and the anomaly baselines behind `anomaly` alarms.
 */

const zoneId = z.string().min(1).max(64);

export const ppeZoneSchema = z.object({
  zoneId,
  name: z.string(),
  /** Null: no PPE required in this zone. */
  ppe: zonePpeSchema.omit({ labels: true }).nullable(),
});
export type PpeZone = z.infer<typeof ppeZoneSchema>;

export const dangerZoneSchema = z.object({
  zoneId,
  name: z.string(),
  /** Null: no danger rules in this zone. */
  danger: zoneDangerSchema.nullable(),
});
export type DangerZone = z.infer<typeof dangerZoneSchema>;

export const anomalySeriesStatusSchema = z.object({
  cameraId: z.string(),
  /** `line:<id>`, `zone:<id>` or `*` (everything the camera counted). */
  target: z.string(),
  /** Class label or `*`. */
  classLabel: z.string(),
  metric: z.enum(['volume', 'dwell']),
  /** `learning` until the baseline has `weeksNeeded` weeks of history. */
  status: z.enum(['learning', 'ready']),
  weeksSeen: z.number().nonnegative(),
  weeksNeeded: z.number().int().positive(),
  /** The flag of the last evaluated hour, if any. */
  lastFlag: z
    .object({
      kind: z.enum(['high', 'low', 'absence']),
      at: z.number(),
      observed: z.number(),
      expected: z.number(),
      low: z.number(),
      high: z.number(),
    })
    .optional(),
});
export type AnomalySeriesStatus = z.infer<typeof anomalySeriesStatusSchema>;

export const safetyMethods = {
  /** The camera's zones with their PPE requirements and the camera's PPE label mapping. */
  'safety.ppe.get': {
    params: z.object({ cameraId: cameraIdSchema }).strict(),
    result: z.object({
      /** The rule-set version read; null when the camera has no zones yet. */
      version: z.number().int().positive().nullable(),
      zones: z.array(ppeZoneSchema),
      labels: ppeLabelMapSchema,
    }),
    permission: 'live',
  },
  /**
   * Saves PPE requirements as a new version of the camera's rule set (the rest of it unchanged).
   * `zones` lists the zones to change; others keep theirs. `baseVersion` is the version read:
   * a save on a stale version is refused (safety.error.versionConflict).
   */
  'safety.ppe.save': {
    params: z
      .object({
        cameraId: cameraIdSchema,
        baseVersion: z.number().int().positive(),
        zones: z
          .array(z.object({ zoneId, ppe: zonePpeSchema.omit({ labels: true }).nullable() }))
          .max(64),
        labels: ppeLabelMapSchema,
      })
      .strict(),
    result: versionMetaSchema,
    permission: 'config',
  },
  /**
   * The camera's zones with their danger rules: classes not allowed in (intrusion), classes that
   * may not stay (loitering, over a dwell), people within some metres of a machine class.
   */
  'safety.danger.get': {
    params: z.object({ cameraId: cameraIdSchema }).strict(),
    result: z.object({
      version: z.number().int().positive().nullable(),
      zones: z.array(dangerZoneSchema),
    }),
    permission: 'live',
  },
  /** Saves danger rules as a new version of the rule set (as safety.ppe.save; same errors). */
  'safety.danger.save': {
    params: z
      .object({
        cameraId: cameraIdSchema,
        baseVersion: z.number().int().positive(),
        zones: z.array(z.object({ zoneId, danger: zoneDangerSchema.nullable() })).max(64),
      })
      .strict(),
    result: versionMetaSchema,
    permission: 'config',
  },
  /** Anomaly baselines per camera × line/zone × class: learning or ready, weeks seen/needed. */
  'anomaly.baselines': {
    params: z.object({ cameraId: cameraIdSchema.optional() }).strict(),
    result: z.object({ series: z.array(anomalySeriesStatusSchema) }),
    permission: 'alarms.read',
  },
} satisfies Record<string, MethodSpec>;
