import type { z } from 'zod';
import { cameraStatusSchema } from '../config/camera';
import { frameDetectionsSchema } from '../domain/detection';
import { previewFrameSchema } from '../protocol/worker-protocol';
import { infractionEventSchema } from '../domain/infraction';
import type { Permission } from './method-spec';
import { workerStateSchema } from './methods/system';
import { alarmSchema } from '../domain/alarm';
import { catalogProgressSchema, compareProgressSchema } from './methods/model-lab';

/**
 * One pushed event of the contract: its payload schema (the client validates it) and what a
 * connection must be allowed to do to receive it. The host delivers an event only to connections
 * whose current session grants the permission (checked again on logout, expiry and role change),
 * the same rule as calling a method with that permission (`MethodSpec`).
 */
export interface EventSpec {
  payload: z.ZodType;
  permission: Permission;
}

/** Events the host pushes to connected UIs. Binary payloads (preview JPEGs) stay binary. */
export const apiEventSpecs = {
  /** The live wall: what `cameras.statuses` answers, pushed. */
  'camera.status': { payload: cameraStatusSchema, permission: 'live' },
  'camera.preview': { payload: previewFrameSchema, permission: 'live' },
  /** Detections carry the frameId of the preview they were computed on, so overlays stay aligned. */
  'camera.detections': { payload: frameDetectionsSchema, permission: 'live' },
  /** A new infraction with its plate and evidence: what `infractions.get` answers, pushed. */
  'infraction.created': { payload: infractionEventSchema, permission: 'review.read' },
  'worker.state': { payload: workerStateSchema, permission: 'live' },
  /** A new alarm, or a grouped event / state change / comment on one: the alarm as it is now. */
  'alarm.raised': { payload: alarmSchema, permission: 'alarms.read' },
  'alarm.updated': { payload: alarmSchema, permission: 'alarms.read' },
  /** Sent only to the connection that started the comparison or download (its `runId`). */
  'modelCompare.progress': { payload: compareProgressSchema, permission: 'config' },
  'modelCatalog.progress': { payload: catalogProgressSchema, permission: 'models.admin' },
} as const satisfies Record<string, EventSpec>;

/** Each topic's payload schema. */
export const apiEvents = Object.fromEntries(
  Object.entries(apiEventSpecs).map(([topic, spec]) => [topic, spec.payload]),
) as { [T in keyof typeof apiEventSpecs]: (typeof apiEventSpecs)[T]['payload'] };

export type ApiEvents = typeof apiEvents;
export type ApiEventTopic = keyof ApiEvents;
export type ApiEventPayload<T extends ApiEventTopic> = z.infer<ApiEvents[T]>;

/** The permission an event's topic needs; undefined for a topic outside the contract. */
export function eventPermission(topic: string): Permission | undefined {
  return Object.prototype.hasOwnProperty.call(apiEventSpecs, topic)
    ? apiEventSpecs[topic as ApiEventTopic].permission
    : undefined;
}
