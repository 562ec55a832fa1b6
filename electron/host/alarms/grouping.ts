import type { Alarm } from '../../shared/domain/alarm';
import type { InfractionEvent } from '../../shared/domain/infraction';

/** Grouped infraction ids kept on an alarm (newest last); older ones stay in the review queue. */
export const MAX_EVENT_IDS = 100;

/** The grouping key of an infraction alarm: one open alarm per camera + rule. */
export function eventGroupKey(cameraId: string, ruleId: string): string {
  return `event:${cameraId}:${ruleId}`;
}

/** The grouping key of a system alarm: one open alarm per condition. */
export function systemGroupKey(system: string, key: string): string {
  return `system:${system}:${key}`;
}

/**
 * Whether an infraction at `at` joins the open alarm of its camera + rule: only when that
 * alarm's last event is within `windowSec` (a window of 0 never groups).
 */
export function joinsGroup(
  open: Pick<Alarm, 'state' | 'lastAt'> | undefined,
  at: number,
  windowSec: number,
): boolean {
  if (!open || open.state === 'closed' || windowSec <= 0) return false;
  return Math.abs(at - open.lastAt) <= windowSec * 1000;
}

/** The alarm after one more grouped infraction: count + 1, lastAt, bounded eventIds. */
export function groupInto<T extends Pick<Alarm, 'count' | 'lastAt' | 'firstAt' | 'eventIds'>>(
  alarm: T,
  infraction: Pick<InfractionEvent, 'id' | 'occurredAt'>,
): T {
  const ids = alarm.eventIds.includes(infraction.id)
    ? alarm.eventIds
    : [...alarm.eventIds, infraction.id].slice(-MAX_EVENT_IDS);
  return {
    ...alarm,
    count: alarm.count + (ids === alarm.eventIds ? 0 : 1),
    eventIds: ids,
    lastAt: Math.max(alarm.lastAt, infraction.occurredAt),
    firstAt: Math.min(alarm.firstAt, infraction.occurredAt),
  };
}
