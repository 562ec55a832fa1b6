import { createHmac } from 'node:crypto';
import type { ChannelSender } from './channel';
import { expect2xx, httpPost } from '../http-post';
import { NotifyError } from '../errors';

/** `sha256=<hex HMAC-SHA256 of the raw body with the channel secret>`. */
export function signBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs the event as JSON, signed: X-Watcher-Signature (HMAC of the raw body), X-Watcher-Delivery
 * (the same id on every retry, to deduplicate) and X-Watcher-Timestamp (this attempt).
 */
export const sendWebhook: ChannelSender = async (target, ctx) => {
  if (target.settings.kind !== 'webhook') throw new Error('not a webhook channel');
  if (!target.secret)
    throw new NotifyError('notify.error.noSecret', 'the webhook has no signing secret', false);
  const { subject: _s, ...event } = ctx.event;
  const body = Buffer.from(
    JSON.stringify({
      id: ctx.deliveryId,
      kind: ctx.event.kind,
      subject: ctx.event.subject,
      event,
      evidence: ctx.evidence ?? [],
    }),
  );
  const answer = await httpPost(target.settings.url, body, {
    headers: {
      ...target.settings.headers,
      'content-type': 'application/json',
      'user-agent': 'Watcher-Notify/1',
      'x-watcher-signature': signBody(body, target.secret),
      'x-watcher-delivery': ctx.deliveryId,
      'x-watcher-timestamp': String(Math.floor(ctx.now() / 1000)),
    },
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    ca: ctx.ca,
    redact: [target.secret],
  });
  expect2xx(answer, ctx.now());
};
