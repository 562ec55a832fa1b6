import { z } from 'zod';
import { cameraIdSchema } from '../../config/camera';
import type { CalibrationConfig } from '../../config/calibration';
import type { MethodSpec } from '../method-spec';

/** Versioned calibrations drawn in the calibration tool (image points paired with road-plane metres). */

const point = z.object({ x: z.number().finite(), y: z.number().finite() });
/**
 * A point as the calibration and zone drafts store it (`{x, y}`): the stored shape of the
 * drafts, turned into the vision `Point` (`[x, y]`) where the geometry is computed.
 */
export type DraftPoint = z.infer<typeof point>;

/** One image point (source pixels) paired with its position on the road plane in metres. */
export const calibrationPairSchema = z.object({ image: point, world: point });
export type DraftPointPair = z.infer<typeof calibrationPairSchema>;

export const calibrationDraftSchema = z.object({
  /** Size of the frozen frame the points were placed on. */
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  pairs: z.array(calibrationPairSchema).max(64),
  /** Row-major 3×3 image→world homography solved from the pairs (absent when degenerate). */
  homography: z.array(z.number().finite()).length(9).optional(),
  /** RMS reprojection error in metres at save time. */
  rmsErrorM: z.number().nonnegative().optional(),
});
export type CalibrationDraft = z.infer<typeof calibrationDraftSchema>;

/** Who saved a calibration or rule-set version, and when. */
export const versionMetaSchema = z.object({
  version: z.number().int().positive(),
  createdAt: z.number(),
  createdBy: z.string(),
});

export const calibrationMethods = {
  'calibration.get': {
    params: z
      .object({ cameraId: cameraIdSchema, version: z.number().int().positive().optional() })
      .strict(),
    result: z.object({
      calibration: versionMetaSchema.extend({ data: calibrationDraftSchema }).nullable(),
    }),
    permission: 'live',
  },
  'calibration.save': {
    params: z.object({ cameraId: cameraIdSchema, data: calibrationDraftSchema }).strict(),
    result: versionMetaSchema,
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;

/**
 * The calibration tool's draft as the tracking area's calibration config (points method), so a
 * saved version can be handed to the speed estimator as is.
 */
export function toCalibrationConfig(draft: CalibrationDraft, version: number): CalibrationConfig {
  return {
    version,
    method: 'points',
    imageSize: { width: draft.imageWidth, height: draft.imageHeight },
    points: draft.pairs.map((p) => ({
      image: [p.image.x, p.image.y],
      world: [p.world.x, p.world.y],
    })),
  };
}

/** A points calibration written by another tool, as an editable draft (field calibrations: undefined). */
export function fromCalibrationConfig(config: CalibrationConfig): CalibrationDraft | undefined {
  if (config.method !== 'points') return undefined;
  return {
    imageWidth: config.imageSize.width,
    imageHeight: config.imageSize.height,
    pairs: config.points.map((p) => ({
      image: { x: p.image[0], y: p.image[1] },
      world: { x: p.world[0], y: p.world[1] },
    })),
  };
}
