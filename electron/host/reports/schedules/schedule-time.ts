import type { ReportSchedule } from '../../../shared/api/methods/report-schedules';
import { zonedParts } from '../../../shared/util/zoned-time';

export { isValidTimeZone, zonedParts } from '../../../shared/util/zoned-time';

/**
 * When a report schedule runs, in plain functions of the schedule and a clock: the wall-clock
 * time HH:MM on the schedule's days, counted in its IANA time zone (Intl, so daylight saving
 * follows the zone's own rules). A time that does not exist on a spring-forward day runs when
 * the clock jumps (02:30 → 03:30 summer time); a time that happens twice on a fall-back day
 * runs at its first occurrence. A monthly day past the month's end runs on its last day.
 */

export type ScheduleTiming = Pick<
  ReportSchedule,
  'frequency' | 'at' | 'weekday' | 'monthDay' | 'timeZone'
>;

/** A local calendar day. `month` is 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Minutes east of UTC in `timeZone` at `ms` (Lima: -300, Madrid in summer: 120). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant the wall clock in `timeZone` reads `date` `hour:minute`. Skipped times (spring
 * forward) map to the same distance past the jump; repeated times (fall back) to the first.
 */
export function zonedTimeToUtc(
  date: LocalDate,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // The offsets a few hours either side cover both sides of any transition near `wall`.
  const candidates = new Set([
    zoneOffsetMinutes(wall - 12 * 3_600_000, timeZone),
    zoneOffsetMinutes(wall, timeZone),
    zoneOffsetMinutes(wall + 12 * 3_600_000, timeZone),
  ]);
  const exact = [...candidates]
    .map((off) => wall - off * 60_000)
    .filter((t) => zoneOffsetMinutes(t, timeZone) * 60_000 === wall - t)
    .sort((a, b) => a - b);
  if (exact.length) return exact[0];
  // A gap: the wall time never shows; keep the offset from before the jump.
  return wall - zoneOffsetMinutes(wall - 12 * 3_600_000, timeZone) * 60_000;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function isoDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function weekdayOf(d: LocalDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** Whether the schedule runs on local day `d`. */
export function runsOn(s: ScheduleTiming, d: LocalDate): boolean {
  if (s.frequency === 'daily') return true;
  if (s.frequency === 'weekly') return weekdayOf(d) === s.weekday;
  return d.day === Math.min(s.monthDay, daysInMonth(d.year, d.month));
}

function slotOn(s: ScheduleTiming, d: LocalDate): number {
  const [h, m] = s.at.split(':').map(Number);
  return zonedTimeToUtc(d, h, m, s.timeZone);
}

/** Longest look-around: a monthly schedule always has a slot within 31 days. */
const SEARCH_DAYS = 40;

/** The first slot strictly after `now`. */
export function nextRunAt(s: ScheduleTiming, now: number): number {
  const today = zonedParts(now, s.timeZone);
  for (let i = -1; i <= SEARCH_DAYS; i++) {
    const d = addDays(today, i);
    if (!runsOn(s, d)) continue;
    const t = slotOn(s, d);
    if (t > now) return t;
  }
  throw new Error(`no slot within ${SEARCH_DAYS} days`);
}

/** The latest slot at or before `now`. */
export function previousRunAt(s: ScheduleTiming, now: number): number {
  const today = zonedParts(now, s.timeZone);
  for (let i = 1; i >= -SEARCH_DAYS; i--) {
    const d = addDays(today, i);
    if (!runsOn(s, d)) continue;
    const t = slotOn(s, d);
    if (t <= now) return t;
  }
  throw new Error(`no slot within ${SEARCH_DAYS} days`);
}

/** A run this long after its slot counts as late (the host was off or busy at the time). */
export const LATE_AFTER_MS = 5 * 60_000;

/**
 * Whether a schedule should run now, and for which slot: only the latest slot that passed since
 * the last one handled (`lastDueAt`), so a host that was off for a week runs a daily schedule
 * once, not seven times.
 */
export function dueSlot(
  s: ScheduleTiming,
  lastDueAt: number | undefined,
  now: number,
): { dueAt: number; late: boolean } | undefined {
  const slot = previousRunAt(s, now);
  if (lastDueAt !== undefined && slot <= lastDueAt) return undefined;
  return { dueAt: slot, late: now - slot > LATE_AFTER_MS };
}

/**
 * The period a run for the slot `dueAt` reports on: the one that just ended, in local days of
 * the schedule's zone. Daily: the day before; weekly: the 7 days before; monthly: the month
 * before. `tzOffsetMinutes` is the zone's offset at the period's first midnight.
 */
export function reportPeriod(
  s: Pick<ReportSchedule, 'frequency' | 'timeZone'>,
  dueAt: number,
): { from: string; to: string; tzOffsetMinutes: number } {
  const p = zonedParts(dueAt, s.timeZone);
  const today: LocalDate = { year: p.year, month: p.month, day: p.day };
  let from: LocalDate;
  let to: LocalDate;
  if (s.frequency === 'daily') {
    from = to = addDays(today, -1);
  } else if (s.frequency === 'weekly') {
    from = addDays(today, -7);
    to = addDays(today, -1);
  } else {
    to = addDays({ ...today, day: 1 }, -1);
    from = { ...to, day: 1 };
  }
  return {
    from: isoDate(from),
    to: isoDate(to),
    tzOffsetMinutes: zoneOffsetMinutes(zonedTimeToUtc(from, 0, 0, s.timeZone), s.timeZone),
  };
}
