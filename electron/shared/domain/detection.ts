import { z } from 'zod';

/**
 * One detected object, the one shape from the decoder to the screen: box corners in pixels of the
 * frame it was found in (letterbox already undone), class and score. Later stages add optional
 * fields instead of reshaping it: the tracker sets `trackId`, the speed estimator `speedKmh`.
 */
export const detectionSchema = z.object({
  x1: z.number(),
  y1: z.number(),
  x2: z.number(),
  y2: z.number(),
  score: z.number(),
  classId: z.number().int(),
  label: z.string(),
  /** Set once the tracker has confirmed the object on this frame. */
  trackId: z.number().int().optional(),
  /** Ground speed, rounded to 0.1 km/h, once the camera's calibration lets it be measured. */
  speedKmh: z.number().optional(),
});
export type Detection = z.infer<typeof detectionSchema>;

/** State of a traffic light as read from a frame or a controller feed. */
export const signalStateSchema = z.enum(['red', 'amber', 'green', 'unknown']);
export type SignalState = z.infer<typeof signalStateSchema>;

/** The detections computed on one frame, in that frame's source pixels. */
export const frameDetectionsSchema = z.object({
  cameraId: z.string(),
  /** Monotonic per camera; the preview frame they were computed on carries the same id. */
  frameId: z.number().int(),
  /** Frame timestamp in ms (epoch ms for live cameras, media time for recordings). */
  ts: z.number(),
  /** Source frame size: the coordinate space of the boxes. */
  width: z.number().int(),
  height: z.number().int(),
  detections: z.array(detectionSchema),
  /** Signal states read from this frame (the rule set's `region` signals), by signal id. */
  signals: z.record(z.string(), signalStateSchema).optional(),
});
export type FrameDetections = z.infer<typeof frameDetectionsSchema>;
