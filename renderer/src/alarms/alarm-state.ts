import type {
  Alarm,
  AlarmAction,
  AlarmCategory,
  AlarmPriority,
  AlarmState,
} from '../../../electron/shared/domain/alarm';

/**
 * The alarm list's pure logic: merging what `alarms.list` and the pushed events deliver, the
 * unread count, the panel's filters and how one row is shown. The zustand store only calls these.
 */

/** The four priority levels as a literal union (the schema types a priority as a number). */
export type PriorityLevel = 1 | 2 | 3 | 4;

export function priorityLevel(p: number): PriorityLevel {
  return Math.max(1, Math.min(4, Math.round(p))) as PriorityLevel;
}

export type AlarmsById = Readonly<Record<string, Alarm>>;

/**
 * Merges alarms into the map by id, keeping the higher version (an older copy arriving late, e.g.
 * a list fetched before an event, never rolls an alarm back). Returns the same map when nothing
 * changed, so subscribers do not re-render.
 */
export function mergeAlarms(byId: AlarmsById, incoming: readonly Alarm[]): AlarmsById {
  let out: Record<string, Alarm> | undefined;
  for (const a of incoming) {
    const have = (out ?? byId)[a.id];
    if (have && have.version >= a.version) continue;
    out ??= { ...byId };
    out[a.id] = a;
  }
  return out ?? byId;
}

/** Open and nobody acknowledged it yet: what the badge counts and what sounds. */
export function isUnread(a: Alarm): boolean {
  return a.state !== 'closed' && a.acknowledgedAt === undefined;
}

export function unreadCount(byId: AlarmsById): number {
  let n = 0;
  for (const a of Object.values(byId)) if (isUnread(a)) n++;
  return n;
}

export function hasUnreadOnCamera(byId: AlarmsById, cameraId: string): boolean {
  for (const a of Object.values(byId)) if (a.cameraId === cameraId && isUnread(a)) return true;
  return false;
}

/** The panel's filters; empty strings mean "any". `open` is every state but closed. */
export interface AlarmFilters {
  priority: '' | `${AlarmPriority}`;
  category: '' | AlarmCategory;
  cameraId: string;
  state: '' | 'open' | AlarmState;
}

export const DEFAULT_FILTERS: AlarmFilters = {
  priority: '',
  category: '',
  cameraId: '',
  state: 'open',
};

export function matchesFilters(a: Alarm, f: AlarmFilters): boolean {
  if (f.priority && a.priority !== Number(f.priority)) return false;
  if (f.category && a.category !== f.category) return false;
  if (f.cameraId && a.cameraId !== f.cameraId) return false;
  if (f.state === 'open' && a.state === 'closed') return false;
  if (f.state && f.state !== 'open' && a.state !== f.state) return false;
  return true;
}

/** The alarms the panel lists: filtered, newest (latest event) first. */
export function visibleAlarms(byId: AlarmsById, f: AlarmFilters): Alarm[] {
  return Object.values(byId)
    .filter((a) => matchesFilters(a, f))
    .sort((a, b) => b.lastAt - a.lastAt || b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
}

/** Age of the latest event as a message key and its number (seconds, minutes, hours, days). */
export function ageParts(
  now: number,
  at: number,
): {
  key: 'alarm.age.seconds' | 'alarm.age.minutes' | 'alarm.age.hours' | 'alarm.age.days';
  n: number;
} {
  const s = Math.max(0, Math.floor((now - at) / 1000));
  if (s < 60) return { key: 'alarm.age.seconds', n: s };
  if (s < 3600) return { key: 'alarm.age.minutes', n: Math.floor(s / 60) };
  if (s < 86_400) return { key: 'alarm.age.hours', n: Math.floor(s / 3600) };
  return { key: 'alarm.age.days', n: Math.floor(s / 86_400) };
}

/** How one row reads, before translation. A flood of one rule on one camera is one row "×N". */
export interface AlarmRow {
  id: string;
  priority: PriorityLevel;
  /** The infraction type or the system condition, as a message key. */
  whatKey: string;
  /** Fallback text when `whatKey` is not in the catalog. */
  whatFallback: string;
  cameraName?: string;
  /** Only for groups (count > 1). */
  count?: number;
  state: AlarmState;
  owner?: string;
  unread: boolean;
  lastAt: number;
}

export function alarmRow(a: Alarm, cameraName: (id: string) => string | undefined): AlarmRow {
  const what =
    a.source.kind === 'event'
      ? { whatKey: `infraction.type.${a.source.type}`, whatFallback: a.source.type }
      : { whatKey: `alarm.system.${a.source.system}`, whatFallback: a.source.system };
  return {
    id: a.id,
    priority: priorityLevel(a.priority),
    ...what,
    ...(a.cameraId ? { cameraName: cameraName(a.cameraId) ?? a.cameraId } : {}),
    ...(a.count > 1 ? { count: a.count } : {}),
    state: a.state,
    ...(a.owner ? { owner: a.owner } : {}),
    unread: isUnread(a),
    lastAt: a.lastAt,
  };
}

/** Where the selection goes on ↑/↓: stays within the list, starts at the top when unset or gone. */
export function moveSelection(
  ids: readonly string[],
  current: string | undefined,
  delta: 1 | -1,
): string | undefined {
  if (!ids.length) return undefined;
  const i = current === undefined ? -1 : ids.indexOf(current);
  if (i < 0) return ids[0];
  return ids[Math.max(0, Math.min(ids.length - 1, i + delta))];
}

/** The actions an alarm's state allows (acknowledge only while nobody has). */
export function allowedActions(a: Alarm): Set<AlarmAction> {
  const s = new Set<AlarmAction>();
  if (a.state === 'closed') {
    s.add('reopen');
    return s;
  }
  if (a.acknowledgedAt === undefined) s.add('acknowledge');
  if (a.state !== 'in-progress') s.add('start');
  if (a.state !== 'on-hold') s.add('hold');
  s.add('close');
  s.add('assign');
  return s;
}

/** Ids of the visible alarms that still need acknowledging (the target of Shift+A). */
export function acknowledgeTargets(visible: readonly Alarm[]): string[] {
  return visible.filter(isUnread).map((a) => a.id);
}

/** A new alarm (never seen) that is unread sounds and notifies; updates of known ones do not. */
export function isFreshRaise(before: AlarmsById, a: Alarm): boolean {
  return before[a.id] === undefined && isUnread(a);
}

/** The most urgent priority among unread alarms, or undefined when none is unread. */
export function topUnreadPriority(byId: AlarmsById): AlarmPriority | undefined {
  let top: AlarmPriority | undefined;
  for (const a of Object.values(byId))
    if (isUnread(a) && (top === undefined || a.priority < top)) top = a.priority;
  return top;
}
