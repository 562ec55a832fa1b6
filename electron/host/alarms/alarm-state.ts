import { CodedError } from '../../shared/coded-error';
import type { AlarmSettings } from '../../shared/api/methods/alarms';
import type { Alarm, AlarmAction, AlarmHistoryEntry, AlarmState } from '../../shared/domain/alarm';

/**
 * The alarm state machine as pure functions: new → in progress → on hold → closed, closed may
 * be reopened. Acknowledge and assign keep the state and are allowed in any open state.
 */

export const OPEN_STATES: readonly AlarmState[] = ['new', 'in-progress', 'on-hold'];

/** Which states each action may start from, and where it leads (undefined: the state stays). */
export const ALARM_TRANSITIONS: Record<
  AlarmAction,
  { from: readonly AlarmState[]; to?: AlarmState }
> = {
  acknowledge: { from: OPEN_STATES },
  assign: { from: OPEN_STATES },
  start: { from: ['new', 'on-hold'], to: 'in-progress' },
  hold: { from: ['new', 'in-progress'], to: 'on-hold' },
  close: { from: OPEN_STATES, to: 'closed' },
  reopen: { from: ['closed'], to: 'in-progress' },
};

export interface ActionRequest {
  action: AlarmAction;
  /** The acting user id. */
  by: string;
  at: number;
  reason?: string;
  /** For `assign`: the new owner (default: the acting user). */
  owner?: string;
}

/** The mutable part of an alarm the state machine changes. */
export type AlarmWorkflow = Pick<
  Alarm,
  'state' | 'owner' | 'acknowledgedBy' | 'acknowledgedAt' | 'closedBy' | 'closedAt' | 'closeReason'
>;

export interface ActionResult<T extends AlarmWorkflow> {
  alarm: T;
  history: AlarmHistoryEntry;
}

/** True when `action` may be applied to an alarm in `state` (reason rules aside). */
export function canAct(state: AlarmState, action: AlarmAction): boolean {
  return ALARM_TRANSITIONS[action].from.includes(state);
}

/** The actions an operator may take on an alarm now (for menus and keyboard shortcuts). */
export function allowedActions(alarm: Pick<Alarm, 'state' | 'acknowledgedAt'>): AlarmAction[] {
  return (Object.keys(ALARM_TRANSITIONS) as AlarmAction[]).filter(
    (a) => canAct(alarm.state, a) && !(a === 'acknowledge' && alarm.acknowledgedAt !== undefined),
  );
}

/**
 * Applies one operator action; throws CodedError `alarms.error.invalidTransition`,
 * `alarms.error.alreadyAcknowledged` or `alarms.error.reasonRequired` when it is refused.
 */
export function applyAlarmAction<T extends AlarmWorkflow>(
  alarm: T,
  req: ActionRequest,
  settings: Pick<AlarmSettings, 'closeRequiresReason'>,
): ActionResult<T> {
  const rule = ALARM_TRANSITIONS[req.action];
  if (!rule.from.includes(alarm.state)) {
    throw new CodedError(
      'alarms.error.invalidTransition',
      `cannot ${req.action} an alarm that is ${alarm.state}`,
      { action: req.action, state: alarm.state },
    );
  }
  const reason = req.reason?.trim() || undefined;
  const next: T = { ...alarm };
  const from = alarm.state;
  switch (req.action) {
    case 'acknowledge':
      if (alarm.acknowledgedAt !== undefined) {
        throw new CodedError(
          'alarms.error.alreadyAcknowledged',
          `already acknowledged by ${alarm.acknowledgedBy ?? '?'}`,
          { by: alarm.acknowledgedBy ?? '' },
        );
      }
      next.acknowledgedBy = req.by;
      next.acknowledgedAt = req.at;
      return { alarm: next, history: entry(req, 'acknowledged', reason) };
    case 'assign': {
      const owner = req.owner?.trim() || req.by;
      next.owner = owner;
      return { alarm: next, history: entry(req, 'assigned', owner) };
    }
    case 'close':
      if (settings.closeRequiresReason && !reason) {
        throw new CodedError('alarms.error.reasonRequired', 'a reason is required to close');
      }
      next.state = 'closed';
      next.closedBy = req.by;
      next.closedAt = req.at;
      next.closeReason = reason;
      break;
    case 'reopen':
      next.state = rule.to!;
      next.closedBy = undefined;
      next.closedAt = undefined;
      next.closeReason = undefined;
      next.owner = alarm.owner ?? req.by;
      break;
    case 'start':
      next.state = rule.to!;
      // Taking an alarm makes you its owner unless someone was assigned already.
      next.owner = alarm.owner ?? req.by;
      break;
    case 'hold':
      next.state = rule.to!;
      break;
  }
  return {
    alarm: next,
    history: { ...entry(req, 'state', reason), from, to: next.state },
  };
}

/** The host closing a low-priority alarm on its own (history `auto-closed` by `system`). */
export function autoCloseAlarm<T extends AlarmWorkflow>(alarm: T, at: number): ActionResult<T> {
  if (!OPEN_STATES.includes(alarm.state)) {
    throw new CodedError('alarms.error.invalidTransition', 'the alarm is already closed', {
      action: 'close',
      state: alarm.state,
    });
  }
  return {
    alarm: { ...alarm, state: 'closed', closedBy: 'system', closedAt: at, closeReason: 'auto' },
    history: { at, by: 'system', action: 'auto-closed', from: alarm.state, to: 'closed' },
  };
}

/**
 * Whether an open alarm closes itself now: its own (rule) time, or the settings' time when its
 * priority is numerically at or above `autoClosePriority`. Counted from the last event.
 */
export function dueForAutoClose(
  alarm: Pick<Alarm, 'state' | 'priority' | 'lastAt'> & { autoCloseSec?: number },
  settings: Pick<AlarmSettings, 'autoClosePriority' | 'autoCloseAfterSec'>,
  now: number,
): boolean {
  if (!OPEN_STATES.includes(alarm.state)) return false;
  const sec =
    alarm.autoCloseSec ??
    (settings.autoClosePriority !== undefined && alarm.priority >= settings.autoClosePriority
      ? settings.autoCloseAfterSec
      : undefined);
  return sec !== undefined && now - alarm.lastAt >= sec * 1000;
}

function entry(
  req: ActionRequest,
  action: AlarmHistoryEntry['action'],
  text: string | undefined,
): AlarmHistoryEntry {
  return { at: req.at, by: req.by, action, ...(text ? { text } : {}) };
}
