import type { ChannelSender } from './channel';
import { expect2xx, httpPost } from '../http-post';
import { NotifyError } from '../errors';
import { plainText, summarize } from '../message';

/** A generic SMS gateway: POST `{ to, text }` as JSON with the token as a Bearer credential. */
export const sendSms: ChannelSender = async (target, ctx) => {
  if (target.settings.kind !== 'sms') throw new Error('not an sms channel');
  if (!target.secret)
    throw new NotifyError('notify.error.noSecret', 'the SMS gateway has no token', false);
  const s = summarize(ctx.event, ctx.locale, ctx.timeZone);
  const text = plainText({ ...s, footer: '' }).trim().slice(0, 600);
  const body = Buffer.from(JSON.stringify({ to: target.settings.to, text, id: ctx.deliveryId }));
  const answer = await httpPost(target.settings.url, body, {
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${target.secret}`,
      'x-watcher-delivery': ctx.deliveryId,
    },
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    ca: ctx.ca,
    redact: [target.secret],
  });
  expect2xx(answer, ctx.now());
};
