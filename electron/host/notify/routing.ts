import type { Route } from '../../shared/api/methods/notifications';
import { localMinute } from '../../shared/util/zoned-time';
import type { NotifyEvent } from './notify-event';

export { isValidTimeZone, localMinute } from '../../shared/util/zoned-time';

/** Pure routing decisions: which routes an event takes, and whether each sends or is suppressed. */

export function matches(route: Route, ev: NotifyEvent): boolean {
  if (!route.enabled) return false;
  const m = route.match;
  if (m.kinds.length && !m.kinds.includes(ev.kind)) return false;
  if (m.types.length && (!ev.type || !m.types.includes(ev.type))) return false;
  if (m.categories.length && (!ev.category || !m.categories.includes(ev.category))) return false;
  if ((ev.priority ?? 4) > m.maxPriority) return false;
  if (m.cameraIds.length && (!ev.cameraId || !m.cameraIds.includes(ev.cameraId))) return false;
  if (m.zoneIds.length && (!ev.zoneId || !m.zoneIds.includes(ev.zoneId))) return false;
  return true;
}

/** Windows are [start, end) in local minutes; one whose end is before its start spans midnight. */
export function inQuietHours(route: Pick<Route, 'quietHours' | 'timeZone'>, at: number): boolean {
  if (!route.quietHours.length) return false;
  const minute = localMinute(at, route.timeZone);
  return route.quietHours.some(({ startMinute: s, endMinute: e }) =>
    s === e ? false : s < e ? minute >= s && minute < e : minute >= s || minute < e,
  );
}

/** Camera + rule + type (and kind): the same one within dedupSec is sent once. */
export function dedupKey(ev: NotifyEvent): string {
  return [ev.kind, ev.cameraId ?? '', ev.ruleId ?? '', ev.type ?? ''].join('|');
}

/** What the store knows about the route's recent traffic, read in the deciding transaction. */
export interface RouteHistory {
  /** Events sent (not suppressed) on this route in the last 60 s. */
  sentLastMinute: number;
  /** When the same dedup key last went out on this route (not suppressed). */
  lastSameKeyAt?: number;
}

export type RouteDecision =
  | { action: 'send' }
  | { action: 'suppress'; reason: string; params?: Record<string, string | number> };

/** Quiet hours first, then dedup, then the rate limit. Test events are never suppressed. */
export function decide(
  route: Route,
  ev: NotifyEvent,
  history: RouteHistory,
  now: number,
): RouteDecision {
  if (ev.kind === 'test') return { action: 'send' };
  if (inQuietHours(route, now))
    return { action: 'suppress', reason: 'notify.suppressed.quietHours' };
  if (
    route.dedupSec > 0 &&
    history.lastSameKeyAt !== undefined &&
    now - history.lastSameKeyAt < route.dedupSec * 1000
  )
    return {
      action: 'suppress',
      reason: 'notify.suppressed.dedup',
      params: { seconds: route.dedupSec },
    };
  if (route.ratePerMinute > 0 && history.sentLastMinute >= route.ratePerMinute)
    return {
      action: 'suppress',
      reason: 'notify.suppressed.rate',
      params: { limit: route.ratePerMinute },
    };
  return { action: 'send' };
}
