import { z } from 'zod';

/**
 * What second-stage models said about a tracked object, carried with its finished track from the
 * worker to the host: an appearance embedding (re-identification, search by appearance) with the
 * crop it was computed on, and classifier labels.
 */

/** Longest embedding accepted (the fixture re-identification model gives 256). */
export const EMBEDDING_MAX_DIMS = 4096;
/** Largest crop snapshot kept with an embedding (base64 JPEG). */
export const APPEARANCE_CROP_MAX_CHARS = 400_000;

export const trackAppearanceSchema = z.object({
  /** Model that produced it (registry id, alias or file name). */
  model: z.string().min(1).max(200),
  /** L2-normalised embedding. */
  vector: z.array(z.number().finite()).min(1).max(EMBEDDING_MAX_DIMS),
  /** Time of the frame it was computed on (ms). */
  ts: z.number().finite(),
  /** The crop it was computed on, base64 JPEG: the snapshot search results show. */
  cropJpeg: z.string().max(APPEARANCE_CROP_MAX_CHARS).optional(),
});
export type TrackAppearance = z.infer<typeof trackAppearanceSchema>;
