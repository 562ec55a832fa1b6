import { describe, expect, it } from 'vitest';
import { reportScheduleSchema } from '../../../../electron/shared/api/methods/report-schedules';
import { runExports } from '../../../../electron/host/reports/schedules/schedule-runner';

const old = {
  id: 'daily-ops',
  name: 'Diario',
  frequency: 'daily',
  at: '07:00',
  timeZone: 'America/Lima',
  formats: ['pdf'],
  cameraIds: ['cam-a'],
  saveToFolder: '/data/reports',
};

describe('scheduled run exports', () => {
  it('a run exports each camera and then each zone once, per format', () => {
    const s = reportScheduleSchema.parse({
      ...old,
      formats: ['pdf', 'csv'],
      zones: [
        { cameraId: 'cam-a', zoneId: 'cruce' },
        { cameraId: 'cam-b', zoneId: 'cruce' },
        { cameraId: 'cam-a', zoneId: 'cruce' },
      ],
    });
    const dueAt = Date.UTC(2026, 0, 15, 12);
    const p = runExports(s, dueAt).map((e) => [e.format, e.cameraId, e.zoneId]);
    expect(p).toEqual([
      ['pdf', 'cam-a', undefined],
      ['pdf', 'cam-a', 'cruce'],
      ['pdf', 'cam-b', 'cruce'],
      ['csv', 'cam-a', undefined],
      ['csv', 'cam-a', 'cruce'],
      ['csv', 'cam-b', 'cruce'],
    ]);
  });
});
