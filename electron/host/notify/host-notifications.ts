import { readFileSync } from 'node:fs';
import type { EventEnvelope } from '../../shared/api/envelope';
import type { Locale } from '../../shared/i18n';
import type { HandlerMap } from '../api-types';
import { createNotificationHandlers } from '../handlers/notification-handlers';
import type { HostServices } from '../host-services';
import type { Logger } from '../logging/logger';
import type { HostMetrics } from '../metrics/host-metrics';
import { registerNotifyMetrics } from './notify-metrics';
import { NotifyStore } from './notify-store';
import { Outbox, storedEvidence } from './outbox';

/**
 * Notifications of a host with a store: the handlers, and the outbox loop subscribed to the
 * host's event bus. The message language is the store setting `notify.locale` (es by default);
 * `WATCHER_NOTIFY_CA` names a PEM file of extra CAs for private relays and receivers.
 */
export function createHostNotifications(opts: {
  services: HostServices;
  logger: Logger;
  onEvent(listener: (e: EventEnvelope) => void): () => void;
  /** The host's registry: the outbox's depth, outcomes and retries go to `/metrics`. */
  metrics?: HostMetrics;
}): { handlers: HandlerMap; start(): void; stop(): Promise<void> } {
  const { services } = opts;
  const log = opts.logger.child('notify');
  const notify = new NotifyStore(services.store.db, services.store.secretBox, services.store.now);
  const locale = (): Locale => (services.store.getState('notify.locale') === 'en' ? 'en' : 'es');
  let ca: string | undefined;
  const caFile = process.env.WATCHER_NOTIFY_CA;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      log.warn('WATCHER_NOTIFY_CA could not be read; ignored', {
        file: caFile,
        error: String(err),
      });
    }
  }
  const metrics = opts.metrics && registerNotifyMetrics(opts.metrics, notify);
  const outbox = new Outbox({
    store: notify,
    log,
    metrics,
    locale,
    ca,
    evidence: storedEvidence(services.evidenceRoot, (id) => services.store.infractions.get(id)),
  });
  let off: (() => void) | undefined;
  return {
    handlers: createNotificationHandlers({
      notify,
      store: services.store,
      wake: () => outbox.wake(),
      locale,
      ca,
    }),
    start() {
      outbox.start();
      off = opts.onEvent((e) => outbox.onHostEvent(e));
    },
    async stop() {
      off?.();
      metrics?.dispose();
      await outbox.stop();
    },
  };
}
