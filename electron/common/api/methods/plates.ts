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

/** Plate-area methods: the repeat-offender score shown in review and reports. */
export const plateMethods = {
  'plates.repeatOffender': {
    params: z.object({ plate: z.string().min(1).max(16) }).strict(),
    result: repeatOffenderSchema,
    permission: 'review.read',
  },
} satisfies Record<string, MethodSpec>;
