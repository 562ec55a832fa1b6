import type { ChannelSettings } from '../../../shared/api/methods/notifications';
import type { Locale } from '../../../shared/i18n';
import type { NotifyEvent } from '../notify-event';

/** A channel as the sender sees it: its settings and the unsealed secret. */
export interface ChannelTarget {
  id: string;
  settings: ChannelSettings;
  secret?: string;
}

export interface Snapshot {
  filename: string;
  content: Buffer;
  mime: string;
}

export interface SendContext {
  /** The outbox row's id: the same on every retry, so receivers can deduplicate. */
  deliveryId: string;
  event: NotifyEvent;
  /** The stored snapshot of the event, when it has one. */
  snapshot?: Snapshot;
  /** Paths (relative to the evidence root) of the event's evidence, for webhook receivers. */
  evidence?: Array<{ kind: string; path: string; mime: string }>;
  locale: Locale;
  timeZone?: string;
  now: () => number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra CA certificates (PEM) for TLS to a private relay or receiver. */
  ca?: string;
}

/** Sends once; resolves on success, throws a NotifyError with the failure class otherwise. */
export type ChannelSender = (target: ChannelTarget, ctx: SendContext) => Promise<void>;
