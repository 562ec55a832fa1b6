import { describe, expect, it } from 'vitest';
import {
  ALARM_TRANSITIONS,
  allowedActions,
  applyAlarmAction,
  autoCloseAlarm,
  dueForAutoClose,
  type AlarmWorkflow,
} from '../../../../electron/host/alarms/alarm-state';
import type { AlarmAction, AlarmState } from '../../../../electron/shared/domain/alarm';
import { CodedError } from '../../../../electron/shared/coded-error';

const STATES: AlarmState[] = ['new', 'in-progress', 'on-hold', 'closed'];
const ACTIONS: AlarmAction[] = ['acknowledge', 'start', 'hold', 'close', 'reopen', 'assign'];
const wf = (state: AlarmState): AlarmWorkflow => ({ state });
const settings = { closeRequiresReason: true };
const req = (action: AlarmAction, extra: Partial<{ reason: string; owner: string }> = {}) => ({
  action,
  by: 'ana',
  at: 1000,
  reason: 'seen on camera',
  ...extra,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof CodedError ? e.code : 'not-coded';
  }
}

// Where each action leads from each state; undefined: refused.
const EXPECTED: Record<AlarmAction, Partial<Record<AlarmState, AlarmState>>> = {
  acknowledge: { new: 'new', 'in-progress': 'in-progress', 'on-hold': 'on-hold' },
  assign: { new: 'new', 'in-progress': 'in-progress', 'on-hold': 'on-hold' },
  start: { new: 'in-progress', 'on-hold': 'in-progress' },
  hold: { new: 'on-hold', 'in-progress': 'on-hold' },
  close: { new: 'closed', 'in-progress': 'closed', 'on-hold': 'closed' },
  reopen: { closed: 'in-progress' },
};

describe('alarm state machine', () => {
  for (const action of ACTIONS)
    for (const state of STATES) {
      const to = EXPECTED[action][state];
      it(`${action} from ${state} → ${to ?? 'refused'}`, () => {
        const alarm: AlarmWorkflow = { state };
        if (to === undefined) {
          expect(codeOf(() => applyAlarmAction(alarm, req(action), settings))).toBe(
            'alarms.error.invalidTransition',
          );
        } else {
          const r = applyAlarmAction(alarm, req(action), settings);
          expect(r.alarm.state).toBe(to);
          expect(r.history.by).toBe('ana');
        }
      });
    }

  it('the table and the expectations agree', () => {
    for (const a of ACTIONS)
      expect([...ALARM_TRANSITIONS[a].from].sort()).toEqual(Object.keys(EXPECTED[a]).sort());
  });

  it('acknowledge sets who and when, once', () => {
    const r = applyAlarmAction(wf('in-progress'), req('acknowledge'), settings);
    expect(r.alarm).toMatchObject({ acknowledgedBy: 'ana', acknowledgedAt: 1000 });
    expect(r.history.action).toBe('acknowledged');
    expect(codeOf(() => applyAlarmAction(r.alarm, req('acknowledge'), settings))).toBe(
      'alarms.error.alreadyAcknowledged',
    );
  });

  it('close needs a reason when the settings say so', () => {
    expect(
      codeOf(() => applyAlarmAction(wf('new'), req('close', { reason: '  ' }), settings)),
    ).toBe('alarms.error.reasonRequired');
    const r = applyAlarmAction(wf('new'), req('close', { reason: '  ' }), {
      closeRequiresReason: false,
    });
    expect(r.alarm).toMatchObject({ state: 'closed', closedBy: 'ana', closedAt: 1000 });
    expect(r.alarm.closeReason).toBeUndefined();
    const ok = applyAlarmAction(wf('on-hold'), req('close'), settings);
    expect(ok.alarm.closeReason).toBe('seen on camera');
    expect(ok.history).toMatchObject({ action: 'state', from: 'on-hold', to: 'closed' });
  });

  it('reopen clears the close fields; start takes ownership unless assigned', () => {
    const closed: AlarmWorkflow = {
      state: 'closed',
      closedBy: 'x',
      closedAt: 5,
      closeReason: 'r',
    };
    const r = applyAlarmAction(closed, req('reopen'), settings);
    expect(r.alarm).toMatchObject({ state: 'in-progress', owner: 'ana' });
    expect(r.alarm.closedBy).toBeUndefined();
    expect(applyAlarmAction(wf('new'), req('start'), settings).alarm.owner).toBe('ana');
    expect(
      applyAlarmAction({ ...wf('new'), owner: 'luis' }, req('start'), settings).alarm.owner,
    ).toBe('luis');
  });

  it('assign sets the named owner, or the actor', () => {
    expect(
      applyAlarmAction(wf('new'), req('assign', { owner: 'luis' }), settings).alarm.owner,
    ).toBe('luis');
    expect(applyAlarmAction(wf('on-hold'), req('assign'), settings).alarm.owner).toBe('ana');
  });

  it('allowed actions follow the state and the acknowledgement', () => {
    expect(allowedActions({ state: 'new', acknowledgedAt: undefined })).toEqual([
      'acknowledge',
      'assign',
      'start',
      'hold',
      'close',
    ]);
    expect(allowedActions({ state: 'closed', acknowledgedAt: 1 })).toEqual(['reopen']);
    expect(allowedActions({ state: 'in-progress', acknowledgedAt: 1 })).not.toContain(
      'acknowledge',
    );
  });

  it('auto-close: by system, only open alarms', () => {
    const r = autoCloseAlarm({ state: 'new' }, 9);
    expect(r.alarm).toMatchObject({ state: 'closed', closedBy: 'system', closedAt: 9 });
    expect(r.history).toMatchObject({ action: 'auto-closed', by: 'system', to: 'closed' });
    expect(codeOf(() => autoCloseAlarm({ state: 'closed' }, 9))).toBe(
      'alarms.error.invalidTransition',
    );
  });

  it('auto-close is due by priority and settings, or by the rule’s own time', () => {
    const s = { autoClosePriority: 3 as const, autoCloseAfterSec: 60 };
    const a = { state: 'new' as const, priority: 4, lastAt: 0 };
    expect(dueForAutoClose(a, s, 59_999)).toBe(false);
    expect(dueForAutoClose(a, s, 60_000)).toBe(true);
    expect(dueForAutoClose({ ...a, priority: 2 }, s, 1e9)).toBe(false);
    expect(dueForAutoClose({ ...a, state: 'closed' }, s, 1e9)).toBe(false);
    expect(dueForAutoClose(a, { autoCloseAfterSec: 60 }, 1e9)).toBe(false);
    expect(
      dueForAutoClose({ ...a, priority: 1, autoCloseSec: 10 }, { autoCloseAfterSec: 60 }, 10_000),
    ).toBe(true);
  });
});
