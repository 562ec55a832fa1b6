import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

export const repeatOffenderSchema = z.object({
  plate: z.string(),
  /** 0..100, from a transparent formula: every factor is returned for display. */
  score: z.number(),
  level: z.enum(['none', 'low', 'medium', 'high']),
  factors: z.object({
    count30: z.number().int(),
    count90: z.number().int(),
    count365: z.number().int(),
    weightedCount: z.number(),
    meanSeverity: z.number(),
    severityFactor: z.number(),
    daysSinceLast: z.number().int().nullable(),
    recencyFactor: z.number(),
  }),
  /** The formula with this plate's numbers filled in. */
  explanation: z.string(),
});
export type RepeatOffender = z.infer<typeof repeatOffenderSchema>;

export const enrichmentSchema = z.object({
  /** `found` / `not-found`; `failed` with the reason; `disabled` when no registry is configured; `pending` until asked. */
  status: z.enum(['found', 'not-found', 'failed', 'disabled', 'no-plate', 'pending']),
  provider: z.string().optional(),
  vehicle: z
    .object({
      make: z.string().optional(),
      model: z.string().optional(),
      colour: z.string().optional(),
      year: z.number().optional(),
      ownerRef: z.string().optional(),
    })
    .optional(),
  /** i18n code of the failure (plates.registry.*) and its English detail. */
  reason: z.string().optional(),
  message: z.string().optional(),
  updatedAt: z.number().optional(),
});
export type Enrichment = z.infer<typeof enrichmentSchema>;

/** Plate-area methods: the repeat-offender score shown in review and reports. */
export const plateMethods = {
  'plates.repeatOffender': {
    params: z.object({ plate: z.string().min(1).max(16) }).strict(),
    result: repeatOffenderSchema,
    permission: 'review.read',
  },
  /** What the vehicle registry said about an infraction's plate (make, model, colour, owner ref). */
  'plates.enrichment': {
    params: z.object({ infractionId: z.string().min(1).max(64) }).strict(),
    result: enrichmentSchema,
    permission: 'review.read',
  },
} satisfies Record<string, MethodSpec>;
