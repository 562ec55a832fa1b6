import { describe, expect, it } from 'vitest';
import { routeSchema, type Route } from '../../../../electron/shared/api/methods/notifications';
import {
  decide,
  dedupKey,
  inQuietHours,
  isValidTimeZone,
  localMinute,
  matches,
} from '../../../../electron/host/notify/routing';
import type { NotifyEvent } from '../../../../electron/host/notify/notify-event';

const route = (over: Partial<Route> & { match?: Partial<Route['match']> } = {}): Route =>
  routeSchema.parse({ id: 'r1', name: 'R', channelIds: ['c1'], ...over });

const alarm: NotifyEvent = {
  subject: 'alarm:a1',
  kind: 'alarm',
  type: 'speed',
  category: 'traffic',
  priority: 2,
  cameraId: 'cam-1',
  zoneId: 'z1',
  ruleId: 'rule-1',
  at: 0,
};

describe('route matching', () => {
  it('empty lists match everything; each list narrows', () => {
    expect(matches(route(), alarm)).toBe(true);
    expect(matches(route({ match: { kinds: ['infraction'] } as Route['match'] }), alarm)).toBe(false);
    const m = (match: Partial<Route['match']>) => matches(route({ match: match as Route['match'] }), alarm);
    expect(m({ kinds: ['alarm'] })).toBe(true);
    expect(m({ types: ['red-light'] })).toBe(false);
    expect(m({ types: ['speed'] })).toBe(true);
    expect(m({ categories: ['safety'] })).toBe(false);
    expect(m({ cameraIds: ['cam-2'] })).toBe(false);
    expect(m({ cameraIds: ['cam-1'] })).toBe(true);
    expect(m({ zoneIds: ['z2'] })).toBe(false);
    expect(m({ maxPriority: 1 })).toBe(false);
    expect(m({ maxPriority: 2 })).toBe(true);
    expect(matches({ ...route(), enabled: false }, alarm)).toBe(false);
  });

  it('an event without priority counts as the least urgent; without camera it fails a camera filter', () => {
    const ev: NotifyEvent = { subject: 'infraction:1', kind: 'infraction', at: 0 };
    expect(matches(route({ match: { maxPriority: 3 } as Route['match'] }), ev)).toBe(false);
    expect(matches(route(), ev)).toBe(true);
    expect(matches(route({ match: { cameraIds: ['cam-1'] } as Route['match'] }), ev)).toBe(false);
  });
});

describe('quiet hours in the route time zone', () => {
  it('reads the wall clock of the zone (Lima is UTC−5 all year)', () => {
    expect(localMinute(Date.UTC(2026, 0, 15, 3, 30), 'America/Lima')).toBe(22 * 60 + 30);
    expect(isValidTimeZone('America/Lima')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('a window across midnight, start inclusive, end exclusive', () => {
    const r = route({ timeZone: 'America/Lima', quietHours: [{ startMinute: 22 * 60, endMinute: 6 * 60 }] });
    const lima = (h: number, m = 0) => Date.UTC(2026, 0, 15, h + 5, m);
    expect(inQuietHours(r, lima(21, 59))).toBe(false);
    expect(inQuietHours(r, lima(22, 0))).toBe(true);
    expect(inQuietHours(r, lima(23, 59) )).toBe(true);
    expect(inQuietHours(r, Date.UTC(2026, 0, 16, 10, 59))).toBe(true); // 05:59 Lima
    expect(inQuietHours(r, Date.UTC(2026, 0, 16, 11, 0))).toBe(false); // 06:00 Lima
  });

  it('DST-safe: Madrid 08:00–09:00 local stays 08:00 local on both sides of the spring change', () => {
    const r = route({ timeZone: 'Europe/Madrid', quietHours: [{ startMinute: 8 * 60, endMinute: 9 * 60 }] });
    // 2026-03-28 winter (UTC+1): 08:30 local = 07:30 UTC; 2026-03-30 summer (UTC+2): 08:30 = 06:30 UTC.
    expect(inQuietHours(r, Date.UTC(2026, 2, 28, 7, 30))).toBe(true);
    expect(inQuietHours(r, Date.UTC(2026, 2, 30, 6, 30))).toBe(true);
    expect(inQuietHours(r, Date.UTC(2026, 2, 30, 7, 30))).toBe(false); // 09:30 local
    // The night of the change: 02:00 local does not exist; 01:59 UTC+1 is followed by 03:00 UTC+2.
    expect(localMinute(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Madrid')).toBe(1 * 60 + 59);
    expect(localMinute(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Madrid')).toBe(3 * 60);
  });
});

describe('decide: quiet hours, dedup, rate limit', () => {
  const now = Date.UTC(2026, 0, 15, 17, 0); // 12:00 Lima
  it('sends when nothing holds it back', () => {
    expect(decide(route(), alarm, { sentLastMinute: 0 }, now)).toEqual({ action: 'send' });
  });
  it('suppresses in quiet hours, with the reason', () => {
    const r = route({ quietHours: [{ startMinute: 11 * 60, endMinute: 13 * 60 }] });
    expect(decide(r, alarm, { sentLastMinute: 0 }, now)).toEqual({
      action: 'suppress',
      reason: 'notify.suppressed.quietHours',
    });
  });
  it('dedups the same camera+rule+type within dedupSec, and not after', () => {
    const r = route({ dedupSec: 60 });
    expect(decide(r, alarm, { sentLastMinute: 1, lastSameKeyAt: now - 59_999 }, now)).toMatchObject({
      action: 'suppress',
      reason: 'notify.suppressed.dedup',
      params: { seconds: 60 },
    });
    expect(decide(r, alarm, { sentLastMinute: 1, lastSameKeyAt: now - 60_000 }, now).action).toBe('send');
    expect(dedupKey(alarm)).toBe(dedupKey({ ...alarm, subject: 'alarm:a2', at: 5 }));
    expect(dedupKey(alarm)).not.toBe(dedupKey({ ...alarm, cameraId: 'cam-2' }));
    expect(decide(route({ dedupSec: 0 }), alarm, { sentLastMinute: 0, lastSameKeyAt: now }, now).action).toBe('send');
  });
  it('over the per-minute limit is suppressed with the limit; 0 means no limit', () => {
    expect(decide(route({ ratePerMinute: 3 }), alarm, { sentLastMinute: 2 }, now).action).toBe('send');
    expect(decide(route({ ratePerMinute: 3 }), alarm, { sentLastMinute: 3 }, now)).toMatchObject({
      action: 'suppress',
      reason: 'notify.suppressed.rate',
      params: { limit: 3 },
    });
    expect(decide(route({ ratePerMinute: 0 }), alarm, { sentLastMinute: 10_000 }, now).action).toBe('send');
  });
  it('a test event is never suppressed', () => {
    const r = route({ ratePerMinute: 1, quietHours: [{ startMinute: 0, endMinute: 1439 }] });
    expect(decide(r, { subject: 'test:1', kind: 'test', at: now }, { sentLastMinute: 5 }, now).action).toBe('send');
  });
});
