import type { AlarmService } from '../alarms/alarm-service';
import type { ConnectionContext, DomainHandlers } from '../api-types';

/** What `alarms.*` needs: the alarm service (store, audit and publishing behind it). */
export interface AlarmContext {
  alarms: Pick<
    AlarmService,
    'list' | 'get' | 'act' | 'acknowledgeMany' | 'comment' | 'settings' | 'saveSettings'
  >;
}

const actor = (ctx: ConnectionContext) => ({ name: ctx.session?.username ?? 'anonymous' });

export function createAlarmHandlers({ alarms }: AlarmContext): DomainHandlers<'alarms'> {
  return {
    'alarms.list': (p) => alarms.list(p),
    'alarms.get': (p) => alarms.get(p.id),
    'alarms.act': (p, ctx) => ({ alarm: alarms.act(p.id, p, actor(ctx)) }),
    'alarms.acknowledgeMany': (p, ctx) => ({
      acknowledged: alarms.acknowledgeMany(p.ids, actor(ctx)),
    }),
    'alarms.comment': (p, ctx) => ({ alarm: alarms.comment(p.id, p.text, actor(ctx)) }),
    'alarms.settings': () => alarms.settings(),
    'alarms.saveSettings': (p, ctx) => alarms.saveSettings(p, actor(ctx)),
  };
}
