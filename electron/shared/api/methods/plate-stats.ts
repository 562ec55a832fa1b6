import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/**
 * How well one camera reads plates: an installer spots a badly placed camera (too far, too
 * steep, backlit) by a low read rate or low confidence against the others.
 */
export const cameraReadRateSchema = z.object({
  cameraId: z.string(),
  /** Infractions in the window (each is one vehicle the reader was asked about). */
  infractions: z.number().int(),
  /** Of those, how many carry a plate read. */
  read: z.number().int(),
  /** read / infractions, 0..1. */
  readRate: z.number(),
  /** Mean reading confidence of the reads (null when none). */
  meanConfidence: z.number().nullable(),
  /** Reads under the low-confidence line (what review should look at first). */
  lowConfidence: z.number().int(),
  /** Vehicles whose plate was found but not read (glare, blur, too small, too steep). */
  unreadable: z.number().int(),
  /** unreadable / infractions, 0..1: a high share with a low read rate points at the camera. */
  unreadableShare: z.number(),
});
export type CameraReadRate = z.infer<typeof cameraReadRateSchema>;

/** Reading confidence under which a read counts as low (review's default filter line). */
export const LOW_PLATE_CONFIDENCE = 0.6;

export const plateStatsMethods = {
  /** Per-camera plate read rates over the last `days` days (default 7), worst read rate first. */
  'plateStats.readRates': {
    params: z.object({ days: z.number().int().min(1).max(366).optional() }).strict(),
    result: z.object({ sinceMs: z.number(), cameras: z.array(cameraReadRateSchema) }),
    permission: 'review.read',
  },
} satisfies Record<string, MethodSpec>;
