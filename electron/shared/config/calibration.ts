import { z } from 'zod';

/**
 * A camera's ground-plane calibration: how image pixels map to metres on the road, so speeds and
 * distances can be measured. Two ways to give it (the editor offers both):
 *
 * - `points`: at least 4 pairs of an image point (pixels) and where that point is on the ground
 *   (metres, any flat Cartesian frame: e.g. x across the road, y along it). More points are solved
 *   by least squares; `ransac` discards pairs that disagree with the rest (a mis-clicked point).
 * - `field`: what an operator can measure on site with a tape: the width of one lane, and along
 *   its left and right edge lines one distance each (e.g. a dash plus a gap of the lane marking).
 *   The operator clicks, on each edge line, a near point and a far point; the two near points must
 *   be straight across the lane from each other.
 *
 * Image coordinates refer to `imageSize`; a frame of another size is scaled proportionally.
 * `version` increases on every saved change so infractions record which calibration they used.
 */
export const imagePointSchema = z
  .tuple([z.number().finite(), z.number().finite()])
  .describe('[x, y] in image pixels, origin top-left, y down');
export const worldPointSchema = z
  .tuple([z.number().finite(), z.number().finite()])
  .describe('[x, y] in metres on the ground');

export const imageSizeSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const calibrationPairSchema = z.object({
  image: imagePointSchema,
  world: worldPointSchema,
  /** Optional name shown in the editor ("lane 1 dash start"). */
  label: z.string().max(80).optional(),
});
export type CalibrationPair = z.infer<typeof calibrationPairSchema>;

const common = {
  version: z.number().int().nonnegative().default(1),
  imageSize: imageSizeSchema,
};

export const pointsCalibrationSchema = z.object({
  ...common,
  method: z.literal('points'),
  points: z.array(calibrationPairSchema).min(4, 'at least 4 image↔world point pairs are needed'),
  /** Robust fit: pairs whose reprojection error exceeds `thresholdM` metres are left out. */
  ransac: z.object({ thresholdM: z.number().positive().default(0.5) }).optional(),
});

const edgeLineSchema = z.object({
  near: imagePointSchema,
  far: imagePointSchema,
  /** Ground distance between `near` and `far` along the road, metres. */
  distanceM: z.number().positive(),
});

export const fieldCalibrationSchema = z.object({
  ...common,
  method: z.literal('field'),
  /** Lane width between the two edge lines, metres (typically 3.0–3.75). */
  laneWidthM: z.number().positive(),
  left: edgeLineSchema,
  right: edgeLineSchema,
});

export const calibrationConfigSchema = z.discriminatedUnion('method', [
  pointsCalibrationSchema,
  fieldCalibrationSchema,
]);
export type CalibrationConfig = z.infer<typeof calibrationConfigSchema>;
export type CalibrationConfigInput = z.input<typeof calibrationConfigSchema>;
