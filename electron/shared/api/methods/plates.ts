import { z } from 'zod';
import { plateReadSchema } from '../../domain/infraction';
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

/** One text line the reader considered, best first: the winner and why the others lost. */
export const plateCandidateSchema = z.object({
  text: z.string(),
  rawText: z.string(),
  /** 0..1: geometry, format fit and OCR confidence combined. */
  score: z.number(),
});
export type PlateCandidate = z.infer<typeof plateCandidateSchema>;

const rereadCommon = {
  /** The stored evidence that was read: the vehicle crop, else the snapshot's vehicle box. */
  source: z.enum(['crop', 'snapshot']),
  candidates: z.array(plateCandidateSchema),
  elapsedMs: z.number(),
};

/**
 * A new reading of an infraction's stored image. Nothing is stored: the operator accepts the text
 * through `infractions.editPlate` (audited, synced), and the plate crop is only shown.
 */
export const plateRereadSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    plate: plateReadSchema,
    /** Base64 JPEG of the rectified plate, for display only (never stored as evidence). */
    plateCropJpegBase64: z.string().optional(),
    ...rereadCommon,
  }),
  z.object({
    ok: z.literal(false),
    /** i18n code of why no plate came back (`plates.reason.*`) and its English detail. */
    code: z.string(),
    message: z.string(),
    ...rereadCommon,
  }),
]);
export type PlateReread = z.infer<typeof plateRereadSchema>;

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
  /**
   * Reads the plate again on the infraction's stored vehicle crop (or snapshot) in an inference
   * worker: the camera's own when it runs, else any running one, else a short-lived one. Needs the
   * review permission that can act on the answer (accepting it is `infractions.editPlate`).
   */
  'plates.read': {
    params: z.object({ infractionId: z.string().min(1).max(64) }).strict(),
    result: plateRereadSchema,
    permission: 'review.decide',
  },
} satisfies Record<string, MethodSpec>;
