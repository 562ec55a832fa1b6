import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmService } from '../../../../electron/host/alarms/alarm-service';
import { cachedRuleLookup } from '../../../../electron/host/alarms/rule-lookup';
import type { SystemCondition } from '../../../../electron/host/alarms/system-conditions';
import type { Alarm } from '../../../../electron/shared/domain/alarm';
import type { InfractionEvent } from '../../../../electron/shared/domain/infraction';
import { CodedError } from '../../../../electron/shared/coded-error';
import { ruleAlarmDefaults, ruleSetSchema } from '../../../../electron/shared/config/rules';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

function setup() {
  t = openTestStore();
  const events: Array<{ topic: string; alarm: Alarm }> = [];
  const service = new AlarmService({
    store: t.store,
    publish: (topic, alarm) => events.push({ topic, alarm }),
    ruleFor: cachedRuleLookup(t.store.config),
  });
  return { service, events };
}

function infraction(over: Partial<InfractionEvent> = {}): InfractionEvent {
  return {
    id: randomUUID(),
    type: 'speed',
    category: 'traffic',
    cameraId: 'cam-1',
    ruleId: 'speed-1',
    ruleVersion: 1,
    occurredAt: t.clock.t,
    trackId: 1,
    classLabel: 'car',
    measured: { speedKmh: 80, limitKmh: 60 },
    confidence: 0.9,
    box: { x1: 0, y1: 0, x2: 1, y2: 1 },
    evidence: [],
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    ...over,
  } as InfractionEvent;
}

const ana = { name: 'ana' };

/** A rule set's image and its one zone `z`, for rules to refer to. */
const SCENE = {
  imageSize: { width: 100, height: 100 },
  zones: [
    {
      id: 'z',
      polygon: [
        [0, 0],
        [1, 0],
        [0, 1],
      ] as Array<[number, number]>,
    },
  ],
};

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof CodedError ? e.code : String(e);
  }
  return undefined;
}

describe('rules: alarm priority and category', () => {
  it('old rule sets parse; defaults follow the rule type', () => {
    const rs = ruleSetSchema.parse({
      ...SCENE,
      rules: [
        { id: 'p', type: 'ppe', zoneId: 'z', required: [['helmet']] },
        { id: 's', type: 'speed', zoneId: 'z', limitKmh: 50, priority: 1, autoCloseAfterSec: 60 },
      ],
    });
    expect(ruleAlarmDefaults(rs.rules[0])).toEqual({ priority: 1, category: 'safety' });
    expect(ruleAlarmDefaults(rs.rules[1])).toMatchObject({
      priority: 1,
      category: 'traffic',
      autoCloseAfterSec: 60,
    });
    expect(
      ruleSetSchema.safeParse({
        imageSize: { width: 100, height: 100 },
        zones: rs.zones,
        rules: [{ id: 's', type: 'speed', zoneId: 'z', limitKmh: 50, priority: 5 }],
      }).success,
    ).toBe(false);
  });
});

describe('alarm service', () => {
  it('a sealed infraction raises an alarm with the rule type defaults', () => {
    const { service, events } = setup();
    const inf = infraction();
    const a = service.raiseFromInfraction(inf);
    expect(a).toMatchObject({
      state: 'new',
      priority: 3,
      category: 'traffic',
      count: 1,
      eventIds: [inf.id],
      cameraId: 'cam-1',
      source: { kind: 'event', type: 'speed', ruleId: 'speed-1', infractionId: inf.id },
      version: 1,
      origin: t.store.hostId,
    });
    expect(events.map((e) => e.topic)).toEqual(['alarm.raised']);
    expect(service.get(a.id).history).toMatchObject([{ action: 'raised', by: 'system' }]);
    expect(
      service.raiseFromInfraction(infraction({ type: 'ppe', category: 'safety', ruleId: 'p' })),
    ).toMatchObject({ priority: 1, category: 'safety' });
  });

  it('the rule’s own priority and category win', () => {
    const { service } = setup();
    t.store.config.addRuleSet(
      'cam-1',
      {
        ...SCENE,
        rules: [
          {
            id: 'speed-1',
            type: 'speed',
            zoneId: 'z',
            limitKmh: 50,
            priority: 1,
            category: 'safety',
          },
        ],
      },
      'ana',
    );
    expect(service.raiseFromInfraction(infraction())).toMatchObject({
      priority: 1,
      category: 'safety',
    });
  });

  it('a flood within the window is one alarm with a count; after the window a new one', () => {
    const { service, events } = setup();
    const first = service.raiseFromInfraction(infraction());
    for (let i = 0; i < 9; i++) {
      t.clock.t += 5_000;
      service.raiseFromInfraction(infraction());
    }
    const a = service.get(first.id);
    expect(a.alarm).toMatchObject({ count: 10, lastAt: t.clock.t, version: 10 });
    expect(a.alarm.eventIds).toHaveLength(10);
    expect(a.history.filter((h) => h.action === 'grouped')).toHaveLength(9);
    expect(events.filter((e) => e.topic === 'alarm.updated')).toHaveLength(9);
    // another rule on the same camera is another alarm
    expect(service.raiseFromInfraction(infraction({ ruleId: 'speed-2' })).id).not.toBe(first.id);
    t.clock.t += 61_000;
    expect(service.raiseFromInfraction(infraction()).id).not.toBe(first.id);
    expect(service.list().items).toHaveLength(3);
  });

  it('acts on the version the operator saw; a stale one is a conflict; every action audited', () => {
    const { service } = setup();
    const a = service.raiseFromInfraction(infraction());
    const started = service.act(a.id, { action: 'start', version: 1 }, ana);
    expect(started).toMatchObject({ state: 'in-progress', owner: 'ana', version: 2 });
    expect(code(() => service.act(a.id, { action: 'hold', version: 1 }, { name: 'luis' }))).toBe(
      'alarms.error.versionConflict',
    );
    expect(code(() => service.act(a.id, { action: 'close', version: 2 }, ana))).toBe(
      'alarms.error.reasonRequired',
    );
    const closed = service.act(a.id, { action: 'close', version: 2, reason: 'false alarm' }, ana);
    expect(closed).toMatchObject({ state: 'closed', closedBy: 'ana', closeReason: 'false alarm' });
    expect(code(() => service.act(a.id, { action: 'hold', version: 3 }, ana))).toBe(
      'alarms.error.invalidTransition',
    );
    service.act(a.id, { action: 'reopen', version: 3 }, ana);
    const audit = t.store.audit.list({ target: `alarm:${a.id}`, limit: 10 }).reverse();
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ['ana', 'alarm.start'],
      ['ana', 'alarm.close'],
      ['ana', 'alarm.reopen'],
    ]);
    expect(code(() => service.act('nope', { action: 'start', version: 1 }, ana))).toBe(
      'alarms.error.notFound',
    );
  });

  it('acknowledgeMany skips closed and acknowledged alarms; the badge counts the rest', () => {
    const { service } = setup();
    const ids = [1, 2, 3, 4].map(
      (i) => service.raiseFromInfraction(infraction({ ruleId: `r${i}` })).id,
    );
    service.act(ids[0], { action: 'close', version: 1, reason: 'x' }, ana);
    service.act(ids[1], { action: 'acknowledge', version: 1 }, ana);
    expect(service.list().unacknowledged).toBe(2);
    expect(service.acknowledgeMany([...ids, 'missing'], { name: 'luis' })).toBe(2);
    expect(service.list().unacknowledged).toBe(0);
    expect(service.get(ids[2]).alarm).toMatchObject({ acknowledgedBy: 'luis' });
    expect(t.store.audit.list({ target: `alarm:${ids[3]}`, limit: 5 })[0]).toMatchObject({
      actor: 'luis',
      action: 'alarm.acknowledge',
    });
  });

  it('comments are history, audited, without a new version', () => {
    const { service, events } = setup();
    const a = service.raiseFromInfraction(infraction());
    const c = service.comment(a.id, ' patrol sent ', ana);
    expect(c.version).toBe(1);
    expect(service.get(a.id).history.at(-1)).toMatchObject({
      action: 'comment',
      by: 'ana',
      text: 'patrol sent',
    });
    expect(events.at(-1)?.topic).toBe('alarm.updated');
    expect(t.store.audit.list({ target: `alarm:${a.id}`, limit: 5 })[0].action).toBe(
      'alarm.comment',
    );
  });

  it('list filters, pages with a cursor', () => {
    const { service } = setup();
    for (let i = 0; i < 7; i++) {
      t.clock.t += 1000;
      service.raiseFromInfraction(
        infraction({ ruleId: `r${i}`, cameraId: i % 2 ? 'cam-2' : 'cam-1' }),
      );
    }
    const p1 = service.list({ limit: 3 });
    expect(p1.items).toHaveLength(3);
    const p2 = service.list({ limit: 3, cursor: p1.nextCursor });
    const p3 = service.list({ limit: 3, cursor: p2.nextCursor });
    expect(p3.nextCursor).toBeUndefined();
    expect(new Set([...p1.items, ...p2.items, ...p3.items].map((a) => a.id)).size).toBe(7);
    expect(service.list({ cameraId: 'cam-2' }).items).toHaveLength(3);
    expect(service.list({ priority: [1] }).items).toHaveLength(0);
    expect(service.list({ state: ['new'], category: ['traffic'] }).items).toHaveLength(7);
    expect(code(() => service.list({ cursor: 'garbage' }))).toBe('store.error.invalidInput');
  });

  it('auto-closes low-priority alarms after the configured time, by system', () => {
    const { service } = setup();
    service.saveSettings({ autoClosePriority: 3, autoCloseAfterSec: 60 }, ana);
    const low = service.raiseFromInfraction(infraction());
    const high = service.raiseFromInfraction(
      infraction({ type: 'ppe', category: 'safety', ruleId: 'p' }),
    );
    t.clock.t += 59_000;
    expect(service.autoCloseDue()).toBe(0);
    t.clock.t += 1_000;
    expect(service.autoCloseDue()).toBe(1);
    expect(service.get(low.id).alarm).toMatchObject({ state: 'closed', closedBy: 'system' });
    expect(service.get(low.id).history.at(-1)).toMatchObject({
      action: 'auto-closed',
      by: 'system',
    });
    expect(service.get(high.id).alarm.state).toBe('new');
  });

  it('settings: defaults, validated saves, audited', () => {
    const { service } = setup();
    expect(service.settings()).toMatchObject({ groupWindowSec: 60, closeRequiresReason: true });
    expect(service.saveSettings({ groupWindowSec: 5 }, ana).groupWindowSec).toBe(5);
    expect(service.settings().groupWindowSec).toBe(5);
    expect(() => service.saveSettings({ diskPercent: 10 }, ana)).toThrow();
    expect(service.settings().diskPercent).toBe(90);
    expect(t.store.audit.list({ target: 'alarms:settings', limit: 5 })).toHaveLength(1);
  });

  it('one condition is at most one open alarm; cleared conditions stay open with a history entry', () => {
    const { service, events } = setup();
    const cond: SystemCondition = {
      system: 'camera-offline',
      key: 'cam-1',
      cameraId: 'cam-1',
      messageKey: 'alarms.system.cameraOffline',
      params: { cameraId: 'cam-1', state: 'error', sec: 61 },
      priority: 2,
    };
    const kinds = new Set(['camera-offline']);
    service.reconcileSystem([cond], kinds);
    service.reconcileSystem([cond], kinds);
    let list = service.list().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      category: 'system',
      source: { kind: 'system', system: 'camera-offline', key: 'cam-1' },
    });
    expect(events.map((e) => e.topic)).toEqual(['alarm.raised']);
    // still holding but not yet long enough (a restarted host): not cleared
    service.reconcileSystem([], kinds, new Set(['system:camera-offline:cam-1']));
    expect(service.get(list[0].id).history).toHaveLength(1);
    service.reconcileSystem([], kinds);
    service.reconcileSystem([], kinds);
    const cleared = service.get(list[0].id);
    expect(cleared.alarm.state).toBe('new');
    expect(
      cleared.history.filter((h) => h.text === 'alarms.history.conditionCleared'),
    ).toHaveLength(1);
    // a kind not evaluated this tick does not clear anything
    service.reconcileSystem([cond], kinds);
    list = service.list().items;
    expect(list).toHaveLength(1);
    expect(list[0].count).toBe(2);
    service.reconcileSystem([], new Set(['disk-budget']));
    expect(service.get(list[0].id).history.at(-1)?.text).toBe('alarms.history.conditionReturned');
    // closed by an operator: the next occurrence is a new alarm
    service.act(list[0].id, { action: 'close', version: list[0].version, reason: 'fixed' }, ana);
    service.reconcileSystem([cond], kinds);
    expect(service.list({ state: ['new'] }).items).toHaveLength(1);
    expect(service.list().items).toHaveLength(2);
  });
});

describe('alarm settings patch', () => {
  it('keeps only the fields given (absent fields are not reset to defaults)', async () => {
    const { alarmSettingsPatchSchema } =
      await import('../../../../electron/shared/api/methods/alarms');
    expect(alarmSettingsPatchSchema.parse({ groupWindowSec: 5 })).toEqual({ groupWindowSec: 5 });
    expect(alarmSettingsPatchSchema.safeParse({ diskPercent: 10 }).success).toBe(false);
    expect(alarmSettingsPatchSchema.safeParse({ other: 1 }).success).toBe(false);
  });
});
