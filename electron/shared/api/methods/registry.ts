import { z } from 'zod';
import {
  aliasHistoryEntrySchema,
  MODEL_ALIASES,
  MODEL_TASKS,
  modelAliasSchema,
  modelGroupSchema,
  modelVersionSchema,
  normalisationSchema,
  sha256Schema,
  modelEvaluationSchema,
} from '../../domain/model-registry';
import type { MethodSpec } from '../method-spec';
import { modelIdSchema } from './models';

/**
 * Models → Registry: immutable model versions (by SHA-256) with their metadata and evaluations,
 * aliases per camera group (`champion`, `challenger`), promotion guarded by the shadow-mode gate
 * and one-step rollback. Reading needs `config` (supervisors, administrators); every change needs
 * `models.admin` (administrators) and is audited.
 */

const gateFiguresSchema = z.object({
  f1: z.number().optional(),
  p95Ms: z.number().optional(),
});

export const gateReportSchema = z.object({
  blocked: z.boolean(),
  reasons: z.array(z.enum(['f1', 'latency'])),
  f1DeltaPoints: z.number().optional(),
  latencyRatio: z.number().optional(),
  champion: sha256Schema.optional(),
  challenger: sha256Schema.optional(),
  championFigures: gateFiguresSchema,
  challengerFigures: gateFiguresSchema,
  decisions: z.number().int().nonnegative(),
  shadowFrames: z.number().int().nonnegative(),
});
export type GateReportDto = z.infer<typeof gateReportSchema>;

export const shadowBucketSchema = z.object({
  cameraId: z.string(),
  bucketStart: z.number(),
  championSha256: z.string(),
  frames: z.number().int(),
  agreementF1: z.number(),
  latencyP95Ms: z.number().optional(),
  championLatencyP95Ms: z.number().optional(),
});

export const registryMethods = {
  'registry.list': {
    params: z.object({}).strict(),
    result: z.object({
      versions: z.array(modelVersionSchema),
      aliases: z.array(modelAliasSchema),
      /** Camera groups known to the host (cameras' `fleet.group`, plus `default`). */
      groups: z.array(z.string()),
    }),
    permission: 'config',
  },
  /**
   * Records an installed model (Settings → Models) as a registry version: the file is hashed and
   * copied into the registry; the same bytes registered again answer the existing version.
   */
  'registry.register': {
    params: z
      .object({
        modelId: modelIdSchema,
        name: z.string().min(1).max(200).optional(),
        task: z.enum(MODEL_TASKS).optional(),
        normalisation: normalisationSchema.optional(),
      })
      .strict(),
    result: z.object({ version: modelVersionSchema, created: z.boolean() }),
    permission: 'models.admin',
  },
  'registry.setAlias': {
    params: z
      .object({
        group: modelGroupSchema,
        alias: z.enum(MODEL_ALIASES),
        /** null clears the alias. */
        sha256: sha256Schema.nullable(),
      })
      .strict(),
    result: z.object({ ok: z.literal(true) }),
    permission: 'models.admin',
  },
  /**
   * The challenger (or `sha256`) becomes the group's champion. Refused with
   * `registry.promotion_blocked` when the shadow gate fails, unless `override` (administrators
   * only; audited as an override).
   */
  'registry.promote': {
    params: z
      .object({
        group: modelGroupSchema,
        sha256: sha256Schema.optional(),
        override: z.boolean().default(false),
      })
      .strict(),
    result: z.object({
      champion: sha256Schema,
      previous: sha256Schema.nullable(),
      gate: gateReportSchema,
    }),
    permission: 'models.admin',
  },
  'registry.rollback': {
    params: z.object({ group: modelGroupSchema }).strict(),
    result: z.object({ champion: sha256Schema, replaced: sha256Schema }),
    permission: 'models.admin',
  },
  'registry.group': {
    params: z.object({ group: modelGroupSchema }).strict(),
    result: z.object({
      aliases: z.array(modelAliasSchema),
      history: z.array(aliasHistoryEntrySchema),
      gate: gateReportSchema,
    }),
    permission: 'config',
  },
  'registry.shadow': {
    params: z.object({ sha256: sha256Schema, cameraId: z.string().max(200).optional() }).strict(),
    result: z.object({ buckets: z.array(shadowBucketSchema) }),
    permission: 'config',
  },
  'registry.attachEvaluation': {
    params: modelEvaluationSchema
      .pick({ sha256: true, kind: true, dataset: true, metrics: true })
      .strict(),
    result: z.object({ evaluation: modelEvaluationSchema }),
    permission: 'models.admin',
  },
} satisfies Record<string, MethodSpec>;
