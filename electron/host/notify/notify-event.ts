import type { Alarm } from '../../shared/domain/alarm';
import type { InfractionEvent } from '../../shared/domain/infraction';

/**
 * What a route matches and a channel tells: one event (an alarm, an infraction, a report run, a
 * test), flattened to the fields routing needs and a summary for the message. Stored as JSON in
 * the outbox row so a delivery after a restart sends exactly what was decided.
 */
export interface NotifyEvent {
  /** `alarm:<id>`, `infraction:<id>`, `report:<run id>`, `test:<uuid>`: one per route. */
  subject: string;
  kind: 'alarm' | 'infraction' | 'report' | 'test';
  type?: string;
  category?: 'traffic' | 'safety' | 'system';
  /** 1 most urgent … 4; events without one count as 4. */
  priority?: number;
  cameraId?: string;
  zoneId?: string;
  ruleId?: string;
  at: number;
  /** The infraction whose stored snapshot goes with the message, if any. */
  infractionId?: string;
  plate?: string;
  count?: number;
  /** i18n message key and params of a system alarm. */
  messageKey?: string;
  params?: Record<string, string | number>;
}

export function eventFromAlarm(alarm: Alarm): NotifyEvent {
  const src = alarm.source;
  return {
    subject: `alarm:${alarm.id}`,
    kind: 'alarm',
    type: src.kind === 'event' ? src.type : src.system,
    category: alarm.category,
    priority: alarm.priority,
    cameraId: alarm.cameraId,
    zoneId: alarm.zoneId,
    ruleId: src.kind === 'event' ? src.ruleId : src.key,
    at: alarm.firstAt,
    infractionId: src.kind === 'event' ? src.infractionId : undefined,
    count: alarm.count,
    messageKey: src.kind === 'system' ? src.messageKey : undefined,
    params: src.kind === 'system' ? src.params : undefined,
  };
}

export function eventFromInfraction(i: InfractionEvent): NotifyEvent {
  return {
    subject: `infraction:${i.id}`,
    kind: 'infraction',
    type: i.type,
    category: i.category,
    cameraId: i.cameraId,
    zoneId: i.zoneId,
    ruleId: i.ruleId,
    at: i.occurredAt,
    infractionId: i.id,
    plate: i.plate?.text,
  };
}

export function testEvent(id: string, at: number): NotifyEvent {
  return { subject: `test:${id}`, kind: 'test', type: 'test', priority: 4, at };
}
