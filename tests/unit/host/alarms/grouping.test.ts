import { describe, expect, it } from 'vitest';
import {
  eventGroupKey,
  groupInto,
  joinsGroup,
  MAX_EVENT_IDS,
  systemGroupKey,
} from '../../../../electron/host/alarms/grouping';

describe('alarm grouping', () => {
  it('keys per camera + rule and per system condition', () => {
    expect(eventGroupKey('cam-1', 'speed-1')).toBe('event:cam-1:speed-1');
    expect(systemGroupKey('camera-offline', 'cam-1')).toBe('system:camera-offline:cam-1');
  });

  it('joins an open alarm only within the window of its last event', () => {
    const open = { state: 'new' as const, lastAt: 100_000 };
    expect(joinsGroup(open, 160_000, 60)).toBe(true);
    expect(joinsGroup(open, 160_001, 60)).toBe(false);
    expect(joinsGroup({ ...open, state: 'closed' }, 100_001, 60)).toBe(false);
    expect(joinsGroup(undefined, 100_001, 60)).toBe(false);
    expect(joinsGroup(open, 100_000, 0)).toBe(false);
    expect(joinsGroup({ ...open, state: 'on-hold' }, 130_000, 60)).toBe(true);
  });

  it('counts, moves lastAt and keeps the newest 100 ids', () => {
    let a = { count: 1, firstAt: 10, lastAt: 10, eventIds: ['e0'] };
    for (let i = 1; i < 150; i++) a = groupInto(a, { id: `e${i}`, occurredAt: 10 + i });
    expect(a.count).toBe(150);
    expect(a.lastAt).toBe(159);
    expect(a.firstAt).toBe(10);
    expect(a.eventIds).toHaveLength(MAX_EVENT_IDS);
    expect(a.eventIds[0]).toBe('e50');
    expect(a.eventIds.at(-1)).toBe('e149');
  });

  it('a re-sent infraction is not counted twice', () => {
    const a = { count: 1, firstAt: 10, lastAt: 10, eventIds: ['e0'] };
    expect(groupInto(a, { id: 'e0', occurredAt: 10 })).toMatchObject({ count: 1 });
  });
});
