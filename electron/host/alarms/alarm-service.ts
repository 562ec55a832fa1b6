import { randomUUID } from 'node:crypto';
import type { AlarmSettings } from '../../shared/api/methods/alarms';
import type { Alarm, AlarmAction, AlarmHistoryEntry } from '../../shared/domain/alarm';
import type { LeaseStamp } from '../../shared/domain/fleet';
import type { InfractionEvent, InfractionType } from '../../shared/domain/infraction';
import { ruleAlarmDefaults, type RuleConfig } from '../../shared/config/rules';
import { CodedError } from '../../shared/coded-error';
import type { ControlRoomStore } from '../store/store';
import {
  publicAlarm,
  type AlarmQuery,
  type StoredAlarm,
  type StoredHistoryEntry,
} from '../store/alarms';
import { applyAlarmAction, autoCloseAlarm, dueForAutoClose, OPEN_STATES } from './alarm-state';
import { eventGroupKey, groupInto, joinsGroup, systemGroupKey } from './grouping';
import type { SystemCondition } from './system-conditions';

/** An infraction's alarm priority when its rule is not found (the rule type's default). */
const PRIORITY_BY_TYPE: Record<InfractionType, 1 | 2 | 3 | 4> = {
  ppe: 1,
  'person-down': 1,
  'red-light': 2,
  'zone-intrusion': 2,
  'wrong-way': 2,
  speed: 3,
  'lane-invasion': 3,
};

/** History text of a system alarm whose condition has gone (an i18n key, like messageKey). */
export const CONDITION_CLEARED = 'alarms.history.conditionCleared';
export const CONDITION_RETURNED = 'alarms.history.conditionReturned';

export interface AlarmServiceOptions {
  store: ControlRoomStore;
  /** Publishes through the host, so only sessions with alarms.read receive it. */
  publish: (topic: 'alarm.raised' | 'alarm.updated', alarm: Alarm) => void;
  /** The rule (of the camera's current rule set) that produced an infraction. */
  ruleFor?: (cameraId: string, ruleId: string) => RuleConfig | undefined;
}

export interface Actor {
  /** Shown in the history and the audit log (the username). */
  name: string;
}

/**
 * Alarms on the host: raised by sealed infractions (grouped per camera + rule within the window)
 * and by system conditions; operator actions through the state machine, every one audited.
 */
export class AlarmService {
  constructor(private readonly opts: AlarmServiceOptions) {}

  private get alarms() {
    return this.opts.store.alarms;
  }

  settings(): AlarmSettings {
    return this.alarms.settings();
  }

  saveSettings(patch: Partial<AlarmSettings>, actor: Actor): AlarmSettings {
    return this.opts.store.tx(() => {
      const next = this.alarms.saveSettings(patch);
      this.opts.store.audit.append(actor.name, 'alarm.settings', 'alarms:settings', {
        changed: patch,
      });
      return next;
    });
  }

  list(q: AlarmQuery = {}): { items: Alarm[]; nextCursor?: string; unacknowledged: number } {
    const page = this.alarms.list(q);
    return {
      items: page.items.map(publicAlarm),
      nextCursor: page.nextCursor,
      unacknowledged: this.alarms.unacknowledgedCount(),
    };
  }

  get(id: string): { alarm: Alarm; history: AlarmHistoryEntry[] } {
    const alarm = this.alarms.get(id);
    if (!alarm) throw new CodedError('alarms.error.notFound', `alarm ${id} not found`, { id });
    return { alarm: publicAlarm(alarm), history: this.alarms.history(id).map(historyView) };
  }

  /** A sealed infraction raises an alarm or joins the open one of its camera + rule. */
  raiseFromInfraction(inf: InfractionEvent, lease?: LeaseStamp): Alarm {
    const settings = this.settings();
    const groupKey = eventGroupKey(inf.cameraId, inf.ruleId);
    const open = this.alarms.openByGroup(groupKey);
    if (open && joinsGroup(open, inf.occurredAt, settings.groupWindowSec)) {
      const next = this.alarms.update(open.id, undefined, (cur) => ({
        alarm: groupInto(cur, inf),
        history: [{ at: this.opts.store.now(), by: 'system', action: 'grouped', text: inf.id }],
      }));
      return this.emit('alarm.updated', next);
    }
    const rule = this.opts.ruleFor?.(inf.cameraId, inf.ruleId);
    const d = rule ? ruleAlarmDefaults(rule) : undefined;
    const alarm = this.alarms.insert(
      {
        id: randomUUID(),
        category: d?.category ?? inf.category,
        priority: d?.priority ?? PRIORITY_BY_TYPE[inf.type],
        state: 'new',
        source: {
          kind: 'event',
          type: inf.type,
          ruleId: inf.ruleId,
          infractionId: inf.id,
          ...(lease ? { lease } : {}),
        },
        cameraId: inf.cameraId,
        zoneId: inf.zoneId,
        firstAt: inf.occurredAt,
        lastAt: inf.occurredAt,
        count: 1,
        eventIds: [inf.id],
        groupKey,
        autoCloseSec: d?.autoCloseAfterSec,
      },
      { at: this.opts.store.now(), by: 'system', action: 'raised', text: inf.id },
    );
    return this.emit('alarm.raised', alarm);
  }

  /** An operator action on the version the operator saw; stale → alarms.error.versionConflict. */
  act(
    id: string,
    p: { action: AlarmAction; version: number; reason?: string; owner?: string },
    actor: Actor,
  ): Alarm {
    const settings = this.settings();
    let from = '';
    const next = this.opts.store.tx(() => {
      const updated = this.alarms.update(id, p.version, (cur) => {
        from = cur.state;
        const r = applyAlarmAction(
          cur,
          {
            action: p.action,
            by: actor.name,
            at: this.opts.store.now(),
            reason: p.reason,
            owner: p.owner,
          },
          settings,
        );
        return { alarm: r.alarm, history: [r.history] };
      });
      this.opts.store.audit.append(actor.name, `alarm.${p.action}`, `alarm:${id}`, {
        from,
        to: updated.state,
        reason: p.reason?.trim() || undefined,
        owner: p.action === 'assign' ? updated.owner : undefined,
        version: updated.version,
      });
      return updated;
    });
    return this.emit('alarm.updated', next);
  }

  /** Acknowledges every open, unacknowledged alarm of `ids`; the others are skipped. */
  acknowledgeMany(ids: readonly string[], actor: Actor): number {
    const done: StoredAlarm[] = [];
    this.opts.store.tx(() => {
      for (const id of new Set(ids)) {
        const cur = this.alarms.get(id);
        if (!cur || !OPEN_STATES.includes(cur.state) || cur.acknowledgedAt !== undefined) continue;
        const next = this.alarms.update(id, cur.version, (c) => {
          const r = applyAlarmAction(
            c,
            { action: 'acknowledge', by: actor.name, at: this.opts.store.now() },
            { closeRequiresReason: false },
          );
          return { alarm: r.alarm, history: [r.history] };
        });
        this.opts.store.audit.append(actor.name, 'alarm.acknowledge', `alarm:${id}`, {
          bulk: true,
          version: next.version,
        });
        done.push(next);
      }
    });
    for (const a of done) this.emit('alarm.updated', a);
    return done.length;
  }

  /** A comment is a history entry: it does not change the alarm's version. */
  comment(id: string, text: string, actor: Actor): Alarm {
    const alarm = this.opts.store.tx(() => {
      const cur = this.alarms.get(id);
      if (!cur) throw new CodedError('alarms.error.notFound', `alarm ${id} not found`, { id });
      this.alarms.addHistory(id, {
        at: this.opts.store.now(),
        by: actor.name,
        action: 'comment',
        text: text.trim(),
      });
      this.opts.store.audit.append(actor.name, 'alarm.comment', `alarm:${id}`, {
        text: text.trim(),
      });
      return cur;
    });
    return this.emit('alarm.updated', alarm);
  }

  /**
   * Closes this workstation's low-priority alarms whose time is up (the rule's own time, or the
   * settings' for priorities at or below `autoClosePriority`). Returns how many closed.
   */
  autoCloseDue(now = this.opts.store.now()): number {
    const settings = this.settings();
    let n = 0;
    for (const a of this.alarms.listOpen()) {
      if (a.origin !== this.opts.store.hostId || !dueForAutoClose(a, settings, now)) continue;
      try {
        const next = this.opts.store.tx(() => {
          const updated = this.alarms.update(a.id, a.version, (cur) => {
            const r = autoCloseAlarm(cur, now);
            return { alarm: r.alarm, history: [r.history] };
          });
          this.opts.store.audit.append('system', 'alarm.autoClose', `alarm:${a.id}`, {
            from: a.state,
            priority: a.priority,
            version: updated.version,
          });
          return updated;
        });
        this.emit('alarm.updated', next);
        n++;
      } catch (e) {
        // An operator acted on it meanwhile: it is theirs now.
        if (!(e instanceof CodedError)) throw e;
      }
    }
    return n;
  }

  /**
   * One open alarm per system condition. A new condition raises one; a condition that returns
   * while its alarm is still open counts on that alarm. When a condition of an evaluated kind
   * is gone, its alarm gets a "condition cleared" history entry and stays open: an operator
   * closes it, having seen what happened (a fault that comes and goes must not go unnoticed).
   */
  reconcileSystem(
    conditions: readonly SystemCondition[],
    evaluated: ReadonlySet<string>,
    /** Group keys whose condition holds but not yet for long enough (e.g. after a restart). */
    pending: ReadonlySet<string> = new Set(),
  ): void {
    const now = this.opts.store.now();
    const me = this.opts.store.hostId;
    const holding = new Set<string>();
    for (const c of conditions) {
      const groupKey = systemGroupKey(c.system, c.key);
      holding.add(groupKey);
      const open = this.alarms.openByGroup(groupKey);
      if (!open) {
        const alarm = this.alarms.insert(
          {
            id: randomUUID(),
            category: c.category ?? 'system',
            priority: c.priority,
            state: 'new',
            source: {
              kind: 'system',
              system: c.system,
              key: c.key,
              messageKey: c.messageKey,
              params: c.params,
            },
            cameraId: c.cameraId,
            firstAt: now,
            lastAt: now,
            count: 1,
            eventIds: [],
            groupKey,
          },
          { at: now, by: 'system', action: 'raised', text: c.messageKey },
        );
        this.emit('alarm.raised', alarm);
      } else if (open.clearedAt !== undefined) {
        const next = this.alarms.update(open.id, undefined, (cur) => ({
          alarm: {
            ...cur,
            clearedAt: undefined,
            count: cur.count + 1,
            lastAt: now,
            source: cur.source.kind === 'system' ? { ...cur.source, params: c.params } : cur.source,
          },
          history: [{ at: now, by: 'system', action: 'grouped', text: CONDITION_RETURNED }],
        }));
        this.emit('alarm.updated', next);
      }
    }
    for (const a of this.alarms.listOpen()) {
      if (a.source.kind !== 'system' || a.origin !== me || a.clearedAt !== undefined) continue;
      if (!evaluated.has(a.source.system) || holding.has(a.groupKey) || pending.has(a.groupKey))
        continue;
      const next = this.alarms.update(a.id, undefined, (cur) => ({
        alarm: { ...cur, clearedAt: now },
        history: [{ at: now, by: 'system', action: 'comment', text: CONDITION_CLEARED }],
      }));
      this.emit('alarm.updated', next);
    }
  }

  private emit(topic: 'alarm.raised' | 'alarm.updated', alarm: StoredAlarm): Alarm {
    const view = publicAlarm(alarm);
    this.opts.publish(topic, view);
    return view;
  }
}

function historyView(h: StoredHistoryEntry): AlarmHistoryEntry {
  const { id: _i, alarmId: _a, origin: _o, ...entry } = h;
  return entry;
}
