import { z } from 'zod';
import type { MethodSpec } from '../method-spec';
import { EMBEDDING_MAX_DIMS } from '../../domain/track-appearance';

/**
 * Tracks as people and vehicles: the stored track of an infraction (its second-stage labels) and
 * the search by appearance ("where else did this person / vehicle go") over the embeddings kept
 * with finished tracks.
 */

/** Longest range one appearance search may cover. */
export const APPEARANCE_SEARCH_MAX_DAYS = 31;
export const APPEARANCE_SEARCH_MAX_RESULTS = 100;
const DAY = 86_400_000;

const idSchema = z.string().min(1).max(200);

export const appearanceQuerySchema = z.union([
  /** A stored track of a camera (the one seen nearest `at` when the id was reused). */
  z
    .object({
      cameraId: idSchema,
      trackId: z.number().int(),
      at: z.number().int().nonnegative().optional(),
    })
    .strict(),
  /** A result of an earlier search. */
  z.object({ embeddingId: z.number().int().positive() }).strict(),
  /** An embedding computed elsewhere (same model as the stored ones). */
  z.object({ vector: z.array(z.number().finite()).min(1).max(EMBEDDING_MAX_DIMS) }).strict(),
]);
export type AppearanceQuery = z.infer<typeof appearanceQuerySchema>;

/** Where and when a search by appearance looks (both kinds of search). */
const searchWindowFields = {
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
  cameraIds: z.array(idSchema).min(1).max(64).optional(),
};
const searchResultFields = {
  limit: z.number().int().min(1).max(APPEARANCE_SEARCH_MAX_RESULTS).default(24),
  minSimilarity: z.number().min(-1).max(1).default(0.5),
};

/** A search's time range must be forward and at most APPEARANCE_SEARCH_MAX_DAYS long. */
function checkSearchWindow(p: { from: number; to: number }, ctx: z.RefinementCtx): void {
  if (p.to <= p.from)
    ctx.addIssue({ code: 'custom', message: 'to must be after from', path: ['to'] });
  else if (p.to - p.from > APPEARANCE_SEARCH_MAX_DAYS * DAY)
    ctx.addIssue({
      code: 'custom',
      message: `at most ${APPEARANCE_SEARCH_MAX_DAYS} days`,
      path: ['to'],
    });
}

export const appearanceSearchParamsSchema = z
  .object({
    ...searchWindowFields,
    query: appearanceQuerySchema,
    ...searchResultFields,
  })
  .strict()
  .superRefine(checkSearchWindow);
export type AppearanceSearchParams = z.input<typeof appearanceSearchParamsSchema>;

/** Largest picture a search by image takes (bytes, after base64) and its most pixels. */
export const APPEARANCE_IMAGE_MAX_BYTES = 4 * 1024 * 1024;
export const APPEARANCE_IMAGE_MAX_PIXELS = 16_000_000;

/**
 * A search by appearance from a picture the user brings (a crop of one person or vehicle): the
 * embedding model of the cameras runs on it, then the search is the same as from a track.
 */
export const appearanceImageSearchParamsSchema = z
  .object({
    ...searchWindowFields,
    /** JPEG or PNG, base64 (a data: URL prefix is accepted). Larger than the limit: refused. */
    image: z
      .string()
      .min(1)
      // Twice the limit: the exact byte count is checked after decoding (`tracks.searchImage.tooLarge`).
      .max(Math.ceil((APPEARANCE_IMAGE_MAX_BYTES * 4) / 3) * 2),
    ...searchResultFields,
  })
  .strict()
  .superRefine(checkSearchWindow);
export type AppearanceImageSearchParams = z.input<typeof appearanceImageSearchParamsSchema>;

const bestCropSchema = z.object({
  frameId: z.number(),
  ts: z.number(),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  score: z.number(),
});

export const appearanceHitSchema = z.object({
  embeddingId: z.number(),
  cameraId: z.string(),
  cameraName: z.string().optional(),
  trackId: z.number(),
  classLabel: z.string(),
  labels: z.array(z.string()).optional(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  similarity: z.number(),
  bestCrop: bestCropSchema.optional(),
  /** base64 JPEG of the track's best crop. */
  snapshot: z.string().optional(),
});
export type AppearanceHit = z.infer<typeof appearanceHitSchema>;

export const trackSummarySchema = z.object({
  id: z.number(),
  cameraId: z.string(),
  trackId: z.number(),
  classLabel: z.string(),
  labels: z.array(z.string()).optional(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  bestCrop: bestCropSchema.optional(),
  /** Whether an appearance embedding was kept (the search can start from this track). */
  searchable: z.boolean(),
});
export type TrackSummary = z.infer<typeof trackSummarySchema>;

export const trackMethods = {
  /** The stored track of a camera's track id nearest `at` (an infraction's track), if finished. */
  'tracks.get': {
    params: z
      .object({ cameraId: idSchema, trackId: z.number().int(), at: z.number().int().nonnegative() })
      .strict(),
    result: trackSummarySchema.nullable(),
    permission: 'review.read',
  },
  /**
   * Tracks that look like the query, best first: brute-force cosine similarity over the stored
   * embeddings of the range (and cameras); a range holding more than 100 000 embeddings is
   * refused (`tracks.search.tooMany`): narrow it.
   */
  'tracks.searchByAppearance': {
    params: appearanceSearchParamsSchema,
    result: z.object({ scanned: z.number(), hits: z.array(appearanceHitSchema) }),
    permission: 'review.read',
  },
  /**
   * The same search from a picture (`appearanceImageSearchParamsSchema`): the cameras' embedding
   * model runs on it in a model probe process, never in the host. Coded errors:
   * `tracks.searchImage.noEmbedder` (no camera has an installed embedding model),
   * `tracks.searchImage.notImage` (not a JPEG or PNG, or undecodable), `tracks.searchImage.tooLarge`.
   */
  'tracks.searchByImage': {
    params: appearanceImageSearchParamsSchema,
    result: z.object({
      scanned: z.number(),
      hits: z.array(appearanceHitSchema),
      /** The embedding model that read the picture. */
      model: z.string(),
    }),
    permission: 'review.read',
  },
} satisfies Record<string, MethodSpec>;
