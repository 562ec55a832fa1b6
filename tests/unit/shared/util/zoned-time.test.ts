import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  localMinute,
  zonedParts,
} from '../../../../electron/shared/util/zoned-time';

describe('zoned time', () => {
  it('reads the wall clock of the zone, daylight saving included', () => {
    const summer = Date.UTC(2024, 6, 1, 12, 34, 56);
    expect(zonedParts(summer, 'Europe/Madrid')).toEqual({
      year: 2024,
      month: 7,
      day: 1,
      hour: 14,
      minute: 34,
      second: 56,
    });
    expect(zonedParts(summer, 'America/Lima')).toMatchObject({ day: 1, hour: 7, minute: 34 });
    // New York springs forward at 02:00 on 2024-03-10: 05:00Z is 00:00 EST, 07:00Z is 03:00 EDT.
    expect(localMinute(Date.UTC(2024, 2, 10, 5, 0), 'America/New_York')).toBe(0);
    expect(localMinute(Date.UTC(2024, 2, 10, 7, 0), 'America/New_York')).toBe(180);
  });

  it('midnight is hour 0 of the next local day, not hour 24 of the day before', () => {
    const t = Date.UTC(2024, 0, 15, 23, 30);
    expect(zonedParts(t, 'Europe/Madrid')).toMatchObject({
      year: 2024,
      month: 1,
      day: 16,
      hour: 0,
    });
    expect(localMinute(t, 'Europe/Madrid')).toBe(30);
    expect(localMinute(t, 'UTC')).toBe(23 * 60 + 30);
  });

  it('knows IANA zones and refuses others', () => {
    expect(isValidTimeZone('America/Lima')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(() => localMinute(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});
