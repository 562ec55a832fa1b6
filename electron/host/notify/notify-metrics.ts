import { channelKindSchema } from '../../shared/api/methods/notifications';
import type { HostMetrics } from '../metrics/host-metrics';
import type { NotifyStore } from './notify-store';

/** What the outbox reports for the metrics: a delivery's outcome, or one more retry. */
export interface NotifyMetricsSink {
  outcome(kind: string, state: 'sent' | 'failed' | 'suppressed'): void;
  retry(kind: string): void;
}

/**
 * The outbox in `/metrics`: its depth per channel kind (rows waiting to be sent: pending, in
 * flight and retrying, read from the store at scrape time), deliveries by outcome and retries.
 * Labels are the channel kind (a fixed list) and the outcome; never channel ids or subjects.
 */
export function registerNotifyMetrics(
  metrics: HostMetrics,
  store: NotifyStore,
): NotifyMetricsSink & { dispose(): void } {
  const kinds = channelKindSchema.options;
  const depth = metrics.gauge<'channel_kind'>({
    name: 'watcher_notify_outbox_depth',
    help: 'Notifications waiting in the outbox (pending, in flight or retrying), per channel kind.',
    labelNames: ['channel_kind'],
  });
  const deliveries = metrics.counter<'channel_kind' | 'state'>({
    name: 'watcher_notify_deliveries_total',
    help: 'Notification deliveries by outcome: sent, failed (permanently) or suppressed by a route.',
    labelNames: ['channel_kind', 'state'],
  });
  const retries = metrics.counter<'channel_kind'>({
    name: 'watcher_notify_retries_total',
    help: 'Delivery attempts that failed and were scheduled again, per channel kind.',
    labelNames: ['channel_kind'],
  });
  // Every series exists from the start (at 0), so rates and alerts need no "absent" case.
  for (const k of kinds) {
    depth.set({ channel_kind: k }, 0);
    retries.inc({ channel_kind: k }, 0);
    for (const s of ['sent', 'failed', 'suppressed'] as const)
      deliveries.inc({ channel_kind: k, state: s }, 0);
  }
  const known = (kind: string) => ((kinds as readonly string[]).includes(kind) ? kind : 'webhook');
  const unregister = metrics.registerCollector(() => {
    if (!store.db.open) return;
    const counts = store.outboxDepthByKind();
    for (const k of kinds) depth.set({ channel_kind: k }, counts.get(k) ?? 0);
  });
  return {
    outcome: (kind, state) => deliveries.inc({ channel_kind: known(kind), state }),
    retry: (kind) => retries.inc({ channel_kind: known(kind) }),
    dispose: unregister,
  };
}
