import { describe, expect, it } from 'vitest';
import {
  blankScheduleForm,
  buildSchedule,
  scheduleFormOf,
  toggleZone,
  withCameras,
  zoneChoices,
  zonesOfCameras,
} from '../../../../renderer/src/reports/schedule-form';
import { translator } from '../../../../electron/shared/i18n';

const cameras = [
  { id: 'cam-a', name: 'Av. Arequipa' },
  { id: 'cam-b', name: 'Javier Prado' },
];
const saved: Record<string, Array<{ id: string; name?: string }>> = {
  'cam-a': [
    { id: 'cruce', name: 'Cruce peatonal' },
    { id: 'z2', name: '' },
  ],
  'cam-b': [{ id: 'cruce', name: 'Paradero' }],
};
const t = translator('es');
const label = (zone: string, camera: string) => t('schedules.zoneOf', { zone, camera });

describe('schedule form zones', () => {
  const filled = {
    ...blankScheduleForm('America/Lima'),
    name: 'Zonas diario',
    saveToFolder: '/data/reports',
  };

  it('offers the saved zones of the chosen cameras, of every camera while none is chosen', () => {
    const all = zoneChoices(cameras, [], (id) => saved[id], label);
    expect(all).toEqual([
      { cameraId: 'cam-a', zoneId: 'cruce', label: 'Cruce peatonal · Av. Arequipa' },
      { cameraId: 'cam-a', zoneId: 'z2', label: 'z2 · Av. Arequipa' },
      { cameraId: 'cam-b', zoneId: 'cruce', label: 'Paradero · Javier Prado' },
    ]);
    expect(zoneChoices(cameras, ['cam-b'], (id) => saved[id], label)).toEqual([all[2]]);
    // A camera without a saved rule set offers none.
    expect(zoneChoices(cameras, ['cam-a'], () => undefined, label)).toEqual([]);
  });

  it('maps the chosen zones to the schedule and back, each once, dropped with their camera', () => {
    let zones = toggleZone([], { cameraId: 'cam-a', zoneId: 'cruce' }, true);
    zones = toggleZone(zones, { cameraId: 'cam-b', zoneId: 'cruce' }, true);
    zones = toggleZone(zones, { cameraId: 'cam-a', zoneId: 'cruce' }, true);
    expect(zones).toEqual([
      { cameraId: 'cam-b', zoneId: 'cruce' },
      { cameraId: 'cam-a', zoneId: 'cruce' },
    ]);
    expect(toggleZone(zones, { cameraId: 'cam-b', zoneId: 'cruce' }, false)).toEqual([
      { cameraId: 'cam-a', zoneId: 'cruce' },
    ]);

    const r = buildSchedule({ ...filled, cameraIds: [], zones });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.schedule.zones).toEqual(zones);
    expect(scheduleFormOf(r.schedule).zones).toEqual(zones);

    // Choosing only cam-a drops cam-b's zone; the schedule keeps only zones of chosen cameras.
    const onlyA = withCameras({ ...filled, zones }, ['cam-a']);
    expect(onlyA.zones).toEqual([{ cameraId: 'cam-a', zoneId: 'cruce' }]);
    const built = buildSchedule({ ...filled, cameraIds: ['cam-a'], zones });
    expect(built.ok && built.schedule.zones).toEqual([{ cameraId: 'cam-a', zoneId: 'cruce' }]);
    expect(zonesOfCameras([...zones, ...zones], [])).toEqual(zones);
  });

  it('a schedule saved before zones opens with none', () => {
    const r = buildSchedule(filled);
    expect(r.ok && r.schedule.zones).toEqual([]);
    expect(blankScheduleForm('UTC').zones).toEqual([]);
  });
});
