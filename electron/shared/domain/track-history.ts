import { z } from 'zod';
import { trackAppearanceSchema } from './track-appearance';

/**
 * One finished track as kept in the history: what an object did while the camera saw it. Emitted
 * by the worker once the tracker has given the track up, written by the host in batches.
 * Positions are normalised to the frame (0..1 of width and height), so paths and heatmaps do not
 * depend on the analysis resolution.
 */

/** Most points a stored path keeps (after Douglas-Peucker simplification). */
export const TRACK_PATH_MAX_POINTS = 32;

export const trackZoneVisitSchema = z.object({
  zoneId: z.string().min(1).max(64),
  enterTs: z.number().finite(),
  exitTs: z.number().finite(),
  dwellMs: z.number().finite().nonnegative(),
});
export type TrackZoneVisit = z.infer<typeof trackZoneVisitSchema>;

export const trackLineCrossingSchema = z.object({
  lineId: z.string().min(1).max(64),
  ts: z.number().finite(),
  direction: z.enum(['left-to-right', 'right-to-left']),
});
export type TrackLineCrossing = z.infer<typeof trackLineCrossingSchema>;

const unit = z.number().finite().min(0).max(1);

export const finishedTrackSchema = z.object({
  cameraId: z.string().min(1).max(200),
  trackId: z.number().int(),
  classLabel: z.string().min(1).max(100),
  /** Labels a second-stage model added (PPE items, attributes, re-identification), when any. */
  labels: z.array(z.string().min(1).max(100)).max(50).optional(),
  firstSeen: z.number().finite(),
  lastSeen: z.number().finite(),
  /** Frames the track was seen on. */
  frames: z.number().int().nonnegative(),
  /** Simplified path of the box's bottom centre: [x, y] normalised, at most TRACK_PATH_MAX_POINTS. */
  path: z.array(z.tuple([unit, unit])).max(TRACK_PATH_MAX_POINTS),
  zones: z.array(trackZoneVisitSchema).max(200),
  lines: z.array(trackLineCrossingSchema).max(200),
  /** Ground speed figures (km/h), when the camera's calibration measured it. */
  speed: z
    .object({
      min: z.number().finite(),
      mean: z.number().finite(),
      max: z.number().finite(),
    })
    .optional(),
  /** The frame with the best view of the object (largest, most confident box) and that box. */
  bestCrop: z
    .object({
      frameId: z.number().int(),
      ts: z.number().finite(),
      box: z.tuple([unit, unit, unit, unit]),
      score: z.number().finite(),
    })
    .optional(),
  /** Appearance embedding reference, when a re-identification model produced one. */
  embeddingRef: z.string().max(200).optional(),
  /** The embedding itself, from the worker; the host stores it apart and keeps `embeddingRef`. */
  appearance: trackAppearanceSchema.optional(),
});
export type FinishedTrack = z.infer<typeof finishedTrackSchema>;
