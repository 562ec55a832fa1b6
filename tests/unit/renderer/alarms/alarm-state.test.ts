import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../../electron/shared/domain/alarm';
import {
  acknowledgeTargets,
  ageParts,
  alarmRow,
  allowedActions,
  DEFAULT_FILTERS,
  hasUnreadOnCamera,
  isFreshRaise,
  mergeAlarms,
  moveSelection,
  priorityLevel,
  topUnreadPriority,
  unreadCount,
  visibleAlarms,
} from '../../../../renderer/src/alarms/alarm-state';

const T0 = 1_700_000_000_000;

function alarm(id: string, o: Partial<Alarm> = {}): Alarm {
  return {
    id,
    category: 'traffic',
    priority: 2,
    state: 'new',
    source: { kind: 'event', type: 'speed', ruleId: 'r1', infractionId: `inf-${id}` },
    cameraId: 'cam1',
    firstAt: T0,
    lastAt: T0,
    count: 1,
    eventIds: [`inf-${id}`],
    version: 1,
    origin: 'local',
    createdAt: T0,
    updatedAt: T0,
    ...o,
  };
}

describe('alarm store reducer', () => {
  it('merges by id keeping the higher version, whatever the arrival order', () => {
    const v1 = alarm('a');
    const v2 = alarm('a', { version: 2, acknowledgedAt: T0 + 5, acknowledgedBy: 'u1' });
    let s = mergeAlarms({}, [v1]);
    s = mergeAlarms(s, [v2]);
    expect(s.a.version).toBe(2);
    // A list fetched before the acknowledgement arrives late: it does not roll the alarm back.
    const late = mergeAlarms(s, [v1]);
    expect(late).toBe(s);
    expect(late.a.acknowledgedAt).toBe(T0 + 5);
    // The same version twice (event and list) is one alarm, unchanged.
    expect(mergeAlarms(s, [v2])).toBe(s);
    // Duplicates inside one batch: the higher wins.
    expect(mergeAlarms({}, [v2, v1]).a.version).toBe(2);
  });

  it('counts unread as open and unacknowledged, and knows which cameras have them', () => {
    const s = mergeAlarms({}, [
      alarm('a'),
      alarm('b', { acknowledgedAt: T0 }),
      alarm('c', { state: 'closed' }),
      alarm('d', { state: 'in-progress', cameraId: 'cam2', priority: 1 }),
    ]);
    expect(unreadCount(s)).toBe(2);
    expect(hasUnreadOnCamera(s, 'cam1')).toBe(true);
    expect(hasUnreadOnCamera(s, 'cam2')).toBe(true);
    expect(hasUnreadOnCamera(s, 'cam3')).toBe(false);
    expect(topUnreadPriority(s)).toBe(1);
    expect(topUnreadPriority(mergeAlarms({}, [alarm('x', { acknowledgedAt: 1 })]))).toBe(undefined);
  });

  it('filters by priority, category, camera and state, newest first', () => {
    const s = mergeAlarms({}, [
      alarm('old', { lastAt: T0 }),
      alarm('new', { lastAt: T0 + 2000 }),
      alarm('p1', { lastAt: T0 + 1000, priority: 1 }),
      alarm('sys', {
        lastAt: T0 + 500,
        category: 'system',
        cameraId: 'cam2',
        source: {
          kind: 'system',
          system: 'camera-offline',
          key: 'cam2',
          messageKey: 'alarm.system.camera-offline',
          params: {},
        },
      }),
      alarm('closed', { lastAt: T0 + 3000, state: 'closed' }),
    ]);
    const ids = (f: Partial<typeof DEFAULT_FILTERS>) =>
      visibleAlarms(s, { ...DEFAULT_FILTERS, ...f }).map((a) => a.id);
    expect(ids({})).toEqual(['new', 'p1', 'sys', 'old']);
    expect(ids({ state: '' })).toEqual(['closed', 'new', 'p1', 'sys', 'old']);
    expect(ids({ state: 'closed' })).toEqual(['closed']);
    expect(ids({ priority: '1' })).toEqual(['p1']);
    expect(ids({ category: 'system' })).toEqual(['sys']);
    expect(ids({ cameraId: 'cam2' })).toEqual(['sys']);
  });

  it('shows a flood group as one row with its count, the camera by name, and system alarms by kind', () => {
    const names = (id: string) => ({ cam1: 'Av. Arequipa' })[id];
    const flood = alarmRow(alarm('f', { count: 12, owner: 'u1' }), names);
    expect(flood).toMatchObject({
      count: 12,
      cameraName: 'Av. Arequipa',
      whatKey: 'infraction.type.speed',
      owner: 'u1',
      unread: true,
      priority: 2,
    });
    expect(alarmRow(alarm('one'), names).count).toBeUndefined();
    // A camera missing from the list still shows something (its id), never nothing.
    expect(alarmRow(alarm('x', { cameraId: 'gone' }), names).cameraName).toBe('gone');
    const sys = alarmRow(
      alarm('s', {
        cameraId: undefined,
        source: {
          kind: 'system',
          system: 'disk-budget',
          key: 'disk',
          messageKey: 'x',
          params: {},
        },
      }),
      names,
    );
    expect(sys.whatKey).toBe('alarm.system.disk-budget');
    expect(sys.cameraName).toBeUndefined();
    expect(priorityLevel(9)).toBe(4);
  });

  it('formats ages, moves the selection within bounds and picks acknowledge targets', () => {
    expect(ageParts(T0 + 42_000, T0)).toEqual({ key: 'alarm.age.seconds', n: 42 });
    expect(ageParts(T0 + 5 * 60_000, T0)).toEqual({ key: 'alarm.age.minutes', n: 5 });
    expect(ageParts(T0 + 3 * 3_600_000, T0)).toEqual({ key: 'alarm.age.hours', n: 3 });
    expect(ageParts(T0 + 2 * 86_400_000, T0)).toEqual({ key: 'alarm.age.days', n: 2 });
    expect(ageParts(T0 - 5000, T0).n).toBe(0);

    const ids = ['a', 'b', 'c'];
    expect(moveSelection(ids, undefined, 1)).toBe('a');
    expect(moveSelection(ids, 'a', 1)).toBe('b');
    expect(moveSelection(ids, 'c', 1)).toBe('c');
    expect(moveSelection(ids, 'a', -1)).toBe('a');
    expect(moveSelection(ids, 'gone', -1)).toBe('a');
    expect(moveSelection([], 'a', 1)).toBeUndefined();

    expect(acknowledgeTargets([alarm('a'), alarm('b', { acknowledgedAt: 1 }), alarm('c')])).toEqual(
      ['a', 'c'],
    );
  });

  it('offers the actions the state allows; only new unread alarms sound', () => {
    expect([...allowedActions(alarm('a'))].sort()).toEqual(
      ['acknowledge', 'assign', 'close', 'hold', 'start'].sort(),
    );
    expect(
      allowedActions(alarm('a', { state: 'in-progress', acknowledgedAt: 1 })).has('start'),
    ).toBe(false);
    expect(allowedActions(alarm('a', { state: 'on-hold' })).has('hold')).toBe(false);
    expect([...allowedActions(alarm('a', { state: 'closed' }))]).toEqual(['reopen']);

    const before = mergeAlarms({}, [alarm('known')]);
    expect(isFreshRaise(before, alarm('fresh'))).toBe(true);
    expect(isFreshRaise(before, alarm('known', { version: 2, count: 3 }))).toBe(false);
    expect(isFreshRaise(before, alarm('ackd', { acknowledgedAt: 1 }))).toBe(false);
  });
});
