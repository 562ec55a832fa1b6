import type { z } from 'zod';
import { cameraStatusSchema } from '../config/camera';
import { frameDetectionsSchema } from '../domain/detection';
import { previewFrameSchema } from '../protocol/worker-protocol';
import { infractionEventSchema } from '../domain/infraction';
import { workerStateSchema } from './methods/system';

/** Events the host pushes to every connected UI. Binary payloads (preview JPEGs) stay binary. */
export const apiEvents = {
  'camera.status': cameraStatusSchema,
  'camera.preview': previewFrameSchema,
  /** Detections carry the frameId of the preview they were computed on, so overlays stay aligned. */
  'camera.detections': frameDetectionsSchema,
  'infraction.created': infractionEventSchema,
  'worker.state': workerStateSchema,
} as const;

export type ApiEvents = typeof apiEvents;
export type ApiEventTopic = keyof ApiEvents;
export type ApiEventPayload<T extends ApiEventTopic> = z.infer<ApiEvents[T]>;
