import { describe, expect, it } from 'vitest';
import {
  dueSlot,
  LATE_AFTER_MS,
  nextRunAt,
  previousRunAt,
  reportPeriod,
  zonedTimeToUtc,
  type ScheduleTiming,
} from '../../../../electron/host/reports/schedules/schedule-time';

const base: ScheduleTiming = {
  frequency: 'daily',
  at: '07:00',
  weekday: 1,
  monthDay: 1,
  timeZone: 'America/Lima',
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('next run of a report schedule', () => {
  it('runs daily at the local time in Lima (UTC-5, no daylight saving)', () => {
    expect(iso(nextRunAt(base, Date.UTC(2026, 5, 10, 11, 59)))).toBe('2026-06-10T12:00:00.000Z');
    // At the slot itself the next one is tomorrow's.
    expect(iso(nextRunAt(base, Date.UTC(2026, 5, 10, 12, 0)))).toBe('2026-06-11T12:00:00.000Z');
    // Late evening in Lima is already the next UTC day.
    expect(iso(nextRunAt({ ...base, at: '23:30' }, Date.UTC(2026, 5, 11, 3)))).toBe(
      '2026-06-11T04:30:00.000Z',
    );
  });

  it('keeps the local time in Madrid across the spring and autumn changes', () => {
    const madrid = { ...base, timeZone: 'Europe/Madrid', at: '08:00' };
    // 2026-03-29: clocks go 02:00 CET → 03:00 CEST.
    expect(iso(nextRunAt(madrid, Date.UTC(2026, 2, 28, 8)))).toBe('2026-03-29T06:00:00.000Z');
    expect(iso(nextRunAt(madrid, Date.UTC(2026, 2, 27, 8)))).toBe('2026-03-28T07:00:00.000Z');
    // 2026-10-25: clocks go 03:00 CEST → 02:00 CET.
    expect(iso(nextRunAt(madrid, Date.UTC(2026, 9, 24, 7)))).toBe('2026-10-25T07:00:00.000Z');
  });

  it('runs a skipped time when the clock jumps and a repeated time once', () => {
    // 02:30 does not exist in Madrid on 2026-03-29: it runs at 03:30 CEST (01:30Z).
    expect(iso(zonedTimeToUtc({ year: 2026, month: 3, day: 29 }, 2, 30, 'Europe/Madrid'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 02:30 happens twice on 2026-10-25: the first one (CEST, 00:30Z).
    const s = { ...base, timeZone: 'Europe/Madrid', at: '02:30' };
    const first = nextRunAt(s, Date.UTC(2026, 9, 24, 12));
    expect(iso(first)).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(nextRunAt(s, first))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('runs weekly on the weekday', () => {
    // 2026-06-10 is a Wednesday; next Monday is 06-15.
    expect(
      iso(nextRunAt({ ...base, frequency: 'weekly', weekday: 1 }, Date.UTC(2026, 5, 10))),
    ).toBe('2026-06-15T12:00:00.000Z');
  });

  it('caps the monthly day at the end of a short month', () => {
    const s = { ...base, frequency: 'monthly' as const, monthDay: 31 };
    expect(iso(nextRunAt(s, Date.UTC(2026, 1, 1)))).toBe('2026-02-28T12:00:00.000Z');
    expect(iso(nextRunAt(s, Date.UTC(2028, 1, 1)))).toBe('2028-02-29T12:00:00.000Z');
    expect(iso(nextRunAt(s, Date.UTC(2026, 3, 1)))).toBe('2026-04-30T12:00:00.000Z');
    expect(iso(nextRunAt(s, Date.UTC(2026, 2, 1)))).toBe('2026-03-31T12:00:00.000Z');
    expect(iso(previousRunAt(s, Date.UTC(2026, 2, 1)))).toBe('2026-02-28T12:00:00.000Z');
  });
});

describe('catch-up after the host was off', () => {
  it('runs only the latest missed slot, once, and marks it late', () => {
    const lastDueAt = Date.UTC(2026, 5, 1, 12);
    const now = Date.UTC(2026, 5, 8, 15); // a week later, 10:00 in Lima
    const due = dueSlot(base, lastDueAt, now);
    expect(due).toEqual({ dueAt: Date.UTC(2026, 5, 8, 12), late: true });
    // Once handled, nothing until the next slot.
    expect(dueSlot(base, due!.dueAt, now)).toBeUndefined();
  });

  it('is on time when the tick comes right after the slot', () => {
    const slot = Date.UTC(2026, 5, 8, 12);
    expect(dueSlot(base, slot - 86_400_000, slot + 1000)).toEqual({ dueAt: slot, late: false });
    expect(dueSlot(base, slot - 86_400_000, slot + LATE_AFTER_MS + 1)?.late).toBe(true);
  });
});

describe('period of a run', () => {
  it('is the day, the 7 days or the month that just ended, in the zone', () => {
    // 07:00 in Lima on 2026-06-01.
    const at = Date.UTC(2026, 5, 1, 12);
    expect(reportPeriod({ frequency: 'daily', timeZone: 'America/Lima' }, at)).toEqual({
      from: '2026-05-31',
      to: '2026-05-31',
      tzOffsetMinutes: -300,
    });
    expect(reportPeriod({ frequency: 'weekly', timeZone: 'America/Lima' }, at)).toMatchObject({
      from: '2026-05-25',
      to: '2026-05-31',
    });
    expect(reportPeriod({ frequency: 'monthly', timeZone: 'America/Lima' }, at)).toMatchObject({
      from: '2026-05-01',
      to: '2026-05-31',
    });
    // 00:30 in Madrid on March 1 is still February 28 in UTC; the period is February.
    expect(
      reportPeriod(
        { frequency: 'monthly', timeZone: 'Europe/Madrid' },
        Date.UTC(2026, 1, 28, 23, 30),
      ),
    ).toEqual({ from: '2026-02-01', to: '2026-02-28', tzOffsetMinutes: 60 });
  });
});
