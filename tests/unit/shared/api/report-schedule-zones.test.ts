import { describe, expect, it } from 'vitest';
import { reportScheduleSchema } from '../../../../electron/shared/api/methods/report-schedules';

/** A schedule as stored before schedules had zones. */
const old = {
  id: 'daily-ops',
  name: 'Diario',
  enabled: true,
  frequency: 'daily',
  at: '07:00',
  weekday: 1,
  monthDay: 1,
  timeZone: 'America/Lima',
  formats: ['pdf'],
  cameraIds: ['cam-a'],
  locale: 'es',
  emailChannelIds: [],
  recipients: [],
  saveToFolder: '/data/reports',
};

describe('schedule zones', () => {
  it('a schedule stored before zones parses with none', () => {
    const s = reportScheduleSchema.parse(old);
    expect(s.zones).toEqual([]);
    expect(s.cameraIds).toEqual(['cam-a']);
  });

  it('validates each zone: a camera and a zone id, nothing else', () => {
    const ok = reportScheduleSchema.parse({
      ...old,
      zones: [{ cameraId: 'cam-a', zoneId: 'cruce_1' }],
    });
    expect(ok.zones).toEqual([{ cameraId: 'cam-a', zoneId: 'cruce_1' }]);
    for (const zones of [
      [{ cameraId: 'cam-a' }],
      [{ zoneId: 'cruce' }],
      [{ cameraId: '', zoneId: 'cruce' }],
      [{ cameraId: 'cam-a', zoneId: 'bad id' }],
      [{ cameraId: 'cam-a', zoneId: 'x'.repeat(65) }],
      [{ cameraId: 'cam-a', zoneId: 'cruce', extra: 1 }],
      'cruce',
      Array.from({ length: 201 }, (_, i) => ({ cameraId: 'cam-a', zoneId: `z${i}` })),
    ])
      expect(reportScheduleSchema.safeParse({ ...old, zones }).success, JSON.stringify(zones)).toBe(
        false,
      );
  });
});
