import { randomBytes } from 'node:crypto';
import type { ChannelSender } from './channel';
import { expect2xx, httpPost, type HttpAnswer } from '../http-post';
import { NotifyError, redact } from '../errors';
import { plainText, summarize } from '../message';

/** `…/bot<token>/method`, printable: the token replaced. */
export function redactTelegramUrl(url: string): string {
  return url.replace(/\/bot[^/]+\//, '/bot***/');
}

function check(answer: HttpAnswer, now: number, token: string): void {
  expect2xx(answer, now);
  let ok = false;
  try {
    ok = (JSON.parse(answer.body) as { ok?: boolean }).ok === true;
  } catch {
    ok = false;
  }
  if (!ok)
    throw new NotifyError(
      'notify.error.badResponse',
      redact(`Bot API answered ${answer.body.slice(0, 200)}`, [token]),
      false,
      { detail: redact(answer.body.slice(0, 120), [token]) },
    );
}

/**
 * Telegram Bot API: `sendPhoto` (multipart, the snapshot with the summary as caption) when the
 * event has a snapshot, else `sendMessage`. The bot token is the channel's secret; it is part of
 * the URL, so every error message is redacted.
 */
export const sendTelegram: ChannelSender = async (target, ctx) => {
  if (target.settings.kind !== 'telegram') throw new Error('not a telegram channel');
  const token = target.secret;
  if (!token) throw new NotifyError('notify.error.noSecret', 'the bot has no token', false);
  const base = target.settings.apiBase.replace(/\/+$/, '');
  const text = plainText(summarize(ctx.event, ctx.locale, ctx.timeZone));
  const opts = { timeoutMs: ctx.timeoutMs, signal: ctx.signal, ca: ctx.ca, redact: [token] };
  if (ctx.snapshot) {
    const boundary = `----watcher${randomBytes(12).toString('hex')}`;
    const field = (name: string, value: string) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const body = Buffer.concat([
      field('chat_id', target.settings.chatId),
      field('caption', text.slice(0, 1000)),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${ctx.snapshot.filename.replace(/"/g, '')}"\r\nContent-Type: ${ctx.snapshot.mime}\r\n\r\n`,
      ),
      ctx.snapshot.content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const answer = await httpPost(`${base}/bot${token}/sendPhoto`, body, {
      ...opts,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    check(answer, ctx.now(), token);
    return;
  }
  const body = Buffer.from(JSON.stringify({ chat_id: target.settings.chatId, text }));
  const answer = await httpPost(`${base}/bot${token}/sendMessage`, body, {
    ...opts,
    headers: { 'content-type': 'application/json' },
  });
  check(answer, ctx.now(), token);
};
