import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../../electron/shared/domain/alarm';
import { useAlarmStore } from '../../../../renderer/src/alarms/alarm-store';

const base: Alarm = {
  id: 'a1',
  category: 'safety',
  priority: 1,
  state: 'new',
  source: { kind: 'event', type: 'ppe', ruleId: 'r', infractionId: 'i1' },
  cameraId: 'c',
  firstAt: 1,
  lastAt: 1,
  count: 1,
  eventIds: ['i1'],
  version: 1,
  origin: 'local',
  createdAt: 1,
  updatedAt: 1,
};

describe('alarm store', () => {
  it('dedupes list and events by id, keeps the higher version and the unread count in step', () => {
    const s = useAlarmStore.getState();
    s.reset();
    s.upsert([base, { ...base, id: 'a2' }]);
    expect(useAlarmStore.getState().unread).toBe(2);
    // The pushed acknowledgement, then the list fetched before it (older version): stays acknowledged.
    s.upsert([{ ...base, version: 2, acknowledgedAt: 5 }]);
    s.upsert([base]);
    expect(useAlarmStore.getState().byId.a1.version).toBe(2);
    expect(useAlarmStore.getState().unread).toBe(1);
    const before = useAlarmStore.getState().byId;
    s.upsert([{ ...base, id: 'a2' }]);
    expect(useAlarmStore.getState().byId).toBe(before);
    s.setFilters({ priority: '1' });
    expect(useAlarmStore.getState().filters).toMatchObject({ priority: '1', state: 'open' });
    s.reset();
    expect(useAlarmStore.getState().unread).toBe(0);
  });
});
