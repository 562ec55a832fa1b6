import type { ChannelKind } from '../../../shared/api/methods/notifications';
import type { ChannelSender } from './channel';
import { sendEmailChannel } from './email';
import { sendSms } from './sms';
import { sendTelegram } from './telegram';
import { sendWebhook } from './webhook';

export type { ChannelSender, ChannelTarget, SendContext, Snapshot } from './channel';

/** The one sender of each channel kind: the outbox, test-send and `watcher notify test` use these. */
export const senders: Record<ChannelKind, ChannelSender> = {
  webhook: sendWebhook,
  email: sendEmailChannel,
  telegram: sendTelegram,
  sms: sendSms,
};
