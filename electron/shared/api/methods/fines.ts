import { z } from 'zod';
import type { MethodSpec } from '../method-spec';
import { legalCodeSchema } from '../../domain/fine-lifecycle';

/** The legal-code catalogue that validated cases take their code, amount and points from. */

export const presetCountrySchema = z.enum(['PE', 'ES']);

export const fineMethods = {
  'fines.codes': {
    params: z.object({}),
    result: z.object({
      codes: z.array(legalCodeSchema),
      presets: z.array(z.object({ country: presetCountrySchema, label: z.string() })),
    }),
    permission: 'review.read',
  },
  'fines.saveCode': {
    params: legalCodeSchema,
    result: z.object({ code: legalCodeSchema }),
    permission: 'fines.admin',
  },
  'fines.deleteCode': {
    params: z.object({ id: z.string().min(1).max(64) }),
    result: z.object({ ok: z.literal(true) }),
    permission: 'fines.admin',
  },
  /** Replaces the whole catalogue with a country's preset (audited). */
  'fines.applyPreset': {
    params: z.object({ country: presetCountrySchema }),
    result: z.object({ codes: z.array(legalCodeSchema) }),
    permission: 'fines.admin',
  },
  /**
   * The notice of infraction of a validated case as PDF in the given language; exports (and
   * audits) the signed evidence package whose SHA-256 it quotes.
   */
  'fines.notice': {
    params: z.object({ infractionId: z.string().min(1).max(64), locale: z.enum(['es', 'en']) }),
    result: z.object({
      filename: z.string(),
      mime: z.literal('application/pdf'),
      base64: z.string(),
      packageSha256: z.string(),
    }),
    permission: 'review.read',
  },
  /**
   * What the QR code on a notice is checked against: whether this host issued the evidence
   * package with this SHA-256 for the case with this code (its `evidence.export` audit entry).
   */
  'fines.verify': {
    params: z.object({
      code: z
        .string()
        .min(1)
        .max(80)
        .regex(/^[A-Za-z0-9-]+$/),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
    result: z.object({
      /** A case with this code exists here. */
      found: z.boolean(),
      /** Its evidence package with this SHA-256 was exported here. */
      matches: z.boolean(),
      infractionId: z.string().optional(),
      status: z.string().optional(),
      exportedAt: z.number().optional(),
      exportedBy: z.string().optional(),
    }),
    permission: 'review.read',
  },
} satisfies Record<string, MethodSpec>;
