import { CodedError } from '../../shared/coded-error';
import type { Locale } from '../../shared/i18n';
import type { DomainHandlers } from '../api-types';
import type { ControlRoomStore } from '../store/store';
import type { NotifyStore } from '../notify/notify-store';
import { isValidTimeZone } from '../notify/routing';
import { testSend } from '../notify/test-send';

/** What `notify.*` needs: the notification store, the outbox to wake, the audit log. */
export interface NotificationContext {
  notify: NotifyStore;
  store: Pick<ControlRoomStore, 'audit' | 'tx'>;
  /** Wakes the delivery loop after a manual retry. */
  wake?: () => void;
  locale?: () => Locale;
  /** Extra CA certificates (PEM) for test sends. */
  ca?: string;
}

export function createNotificationHandlers(c: NotificationContext): DomainHandlers<'notify'> {
  const actor = (s?: { username: string }) => s?.username ?? 'local';
  return {
    'notify.channels': () => ({ items: c.notify.listChannels() }),
    'notify.saveChannel': (p, { session }) => {
      const saved = c.store.tx(() => {
        const r = c.notify.saveChannel(p, actor(session));
        // The secret itself is never audited: only that it changed.
        c.store.audit.append(actor(session), 'notify.saveChannel', p.id, {
          kind: p.settings.kind,
          enabled: p.enabled,
          created: r.created,
          secretChanged: r.secretChanged,
        });
        return r;
      });
      return { channel: saved.channel };
    },
    'notify.deleteChannel': ({ id }, { session }) => {
      const users = c.notify.listRoutes().filter((r) => r.channelIds.includes(id));
      if (users.length)
        throw new CodedError('notify.error.channelInUse', `channel ${id} is used by routes`, {
          routes: users.map((r) => r.id).join(', '),
        });
      const deleted = c.store.tx(() => {
        const d = c.notify.deleteChannel(id);
        if (d) c.store.audit.append(actor(session), 'notify.deleteChannel', id);
        return d;
      });
      return { deleted };
    },
    'notify.testChannel': async ({ id }) => {
      const target = c.notify.target(id);
      if (!target) throw new CodedError('notify.error.channelNotFound', `no channel ${id}`, { id });
      const { params: _p, ...result } = await testSend(target, { locale: c.locale?.(), ca: c.ca });
      return result;
    },
    'notify.routes': () => ({ items: c.notify.listRoutes() }),
    'notify.saveRoute': (route, { session }) => {
      if (!isValidTimeZone(route.timeZone))
        throw new CodedError('notify.error.badTimeZone', `unknown time zone ${route.timeZone}`, {
          timeZone: route.timeZone,
        });
      for (const id of route.channelIds)
        if (!c.notify.getChannel(id))
          throw new CodedError('notify.error.channelNotFound', `no channel ${id}`, { id });
      c.store.tx(() => {
        const r = c.notify.saveRoute(route, actor(session));
        c.store.audit.append(actor(session), 'notify.saveRoute', route.id, {
          created: r.created,
          channels: route.channelIds,
          enabled: route.enabled,
        });
      });
      return { route };
    },
    'notify.deleteRoute': ({ id }, { session }) => {
      const deleted = c.store.tx(() => {
        const d = c.notify.deleteRoute(id);
        if (d) c.store.audit.append(actor(session), 'notify.deleteRoute', id);
        return d;
      });
      return { deleted };
    },
    'notify.deliveries': (q) => ({
      items: c.notify.listDeliveries(q),
      pending: c.notify.pendingCount(),
    }),
    'notify.retry': ({ id }, { session }) => {
      if (!c.notify.row(id))
        throw new CodedError('notify.error.deliveryNotFound', `no delivery ${id}`, { id });
      const delivery = c.store.tx(() => {
        const d = c.notify.retry(id);
        if (d) c.store.audit.append(actor(session), 'notify.retry', id);
        return d;
      });
      if (!delivery)
        throw new CodedError('notify.error.notRetryable', `delivery ${id} is not failed`, { id });
      c.wake?.();
      return { delivery };
    },
  };
}
