import { describe, expect, it } from 'vitest';
import {
  configPullAction,
  infractionPullAction,
  infractionPushAction,
  refusedConfigs,
} from '../../../../electron/host/sync/conflict-rules';

const never = () => false;
const always = () => true;
const forbidden = () => {
  throw new Error('look-up not needed here');
};

describe('pushing an infraction', () => {
  const local = { changeId: 'c2', syncedVersion: 1 };

  it('inserts one the server does not have', () => {
    expect(infractionPushAction(local, undefined, forbidden)).toBe('insert');
  });

  it('sends nothing when the server already has this change', () => {
    expect(infractionPushAction(local, { version: 2, change_id: 'c2' }, forbidden)).toBe('already');
  });

  it('updates when the server is still at the version we built on', () => {
    expect(infractionPushAction(local, { version: 1, change_id: 'c1' }, forbidden)).toBe('update');
  });

  it('never treats version 0 as built on (never synced)', () => {
    const fresh = { changeId: 'c2', syncedVersion: 0 };
    expect(infractionPushAction(fresh, { version: 0, change_id: 'x' }, never)).toBe('conflict');
  });

  it('updates over one of our own earlier changes', () => {
    expect(infractionPushAction(local, { version: 3, change_id: 'c9' }, always)).toBe('update');
  });

  it('is a conflict when someone else moved the server on', () => {
    expect(infractionPushAction(local, { version: 3, change_id: 'c9' }, never)).toBe('conflict');
  });
});

describe('pulling an infraction', () => {
  it('applies one unknown here', () => {
    expect(infractionPullAction(undefined, { version: 1 }, 'c1', forbidden)).toBe('apply');
  });

  it('marks our own change coming back as synced', () => {
    const local = { change_id: 'c1', version: 2, synced_version: 1 };
    expect(infractionPullAction(local, { version: 2 }, 'c1', forbidden)).toBe('mark-synced');
  });

  it('applies a newer or equal version when nothing is queued', () => {
    const local = { change_id: 'c1', version: 2, synced_version: 2 };
    expect(infractionPullAction(local, { version: 3 }, 'c3', forbidden)).toBe('apply');
    expect(infractionPullAction(local, { version: 2 }, 'cx', forbidden)).toBe('apply');
  });

  it('ignores an older version when nothing is queued', () => {
    const local = { change_id: 'c1', version: 2, synced_version: 2 };
    expect(infractionPullAction(local, { version: 1 }, 'c0', forbidden)).toBe('ignore');
  });

  it('ignores our own earlier state while a push is queued', () => {
    const local = { change_id: 'c3', version: 3, synced_version: 1 };
    expect(infractionPullAction(local, { version: 2 }, 'c2', always)).toBe('ignore');
  });

  it('is a conflict when a push is queued and someone else decided', () => {
    const local = { change_id: 'c3', version: 3, synced_version: 1 };
    expect(infractionPullAction(local, { version: 2 }, 'theirs', never)).toBe('conflict');
  });
});

describe('pulling a configuration row', () => {
  const snap = (updatedAt: number, origin = 'a') => ({ updatedAt, origin, data: {} });

  it('skips a row already here with the same stamp', () => {
    expect(configPullAction(snap(5), snap(5), forbidden)).toBe('skip');
  });

  it('applies when nothing local is queued', () => {
    expect(configPullAction(undefined, snap(5), forbidden)).toBe('apply');
    expect(configPullAction(snap(9), snap(5), never)).toBe('apply');
  });

  it('lets the last writer win against a queued local edit', () => {
    expect(configPullAction(snap(4), snap(5), always)).toBe('conflict');
    expect(configPullAction(snap(6), snap(5), always)).toBe('keep-ours');
  });

  it('breaks an exact timestamp tie by origin', () => {
    expect(configPullAction(snap(5, 'a'), snap(5, 'b'), always)).toBe('conflict');
    expect(configPullAction(snap(5, 'b'), snap(5, 'a'), always)).toBe('keep-ours');
  });
});

describe('refused configuration pushes', () => {
  it('are the pushed rows the upsert did not return', () => {
    const pushed = [
      { entity: 'camera', key: 'gate', n: 1 },
      { entity: 'zone', key: 'gate', n: 2 },
      { entity: 'camera', key: 'dock', n: 3 },
    ];
    const applied = [{ entity: 'camera', key: 'gate' }];
    expect(refusedConfigs(pushed, applied).map((c) => c.n)).toEqual([2, 3]);
  });
});
