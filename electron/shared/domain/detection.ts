import { z } from 'zod';

/** One detected object: box corners in pixels of the frame it was found in, class and score. */
export const detectionSchema = z.object({
  x1: z.number(),
  y1: z.number(),
  x2: z.number(),
  y2: z.number(),
  score: z.number(),
  classId: z.number().int(),
  label: z.string(),
});
export type Detection = z.infer<typeof detectionSchema>;
