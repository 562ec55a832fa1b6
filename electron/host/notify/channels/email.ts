import type { ChannelSender } from './channel';
import { EmailSendError, sendEmail } from '../email-transport';
import { fromEmailError } from '../errors';
import { html, plainText, summarize } from '../message';
import { translate } from '../../../shared/i18n';

/** Mail through the host's one SMTP sender: HTML summary, the snapshot inline (cid) when there is one. */
export const sendEmailChannel: ChannelSender = async (target, ctx) => {
  if (target.settings.kind !== 'email') throw new Error('not an email channel');
  const s = target.settings;
  const summary = summarize(ctx.event, ctx.locale, ctx.timeZone);
  const cid = ctx.snapshot ? `snapshot-${ctx.deliveryId}@watcher` : undefined;
  try {
    await sendEmail(
      {
        smtpUrl: s.smtpUrl,
        username: s.username,
        password: target.secret,
        allowPlaintext: s.allowPlaintext,
        from: s.from,
        ca: ctx.ca,
      },
      {
        to: s.to,
        subject: summary.title,
        text: plainText(summary),
        html: html(summary, cid, translate(ctx.locale, 'notify.message.snapshot')),
        attachments:
          ctx.snapshot && cid
            ? [
                {
                  filename: ctx.snapshot.filename,
                  content: ctx.snapshot.content,
                  contentType: ctx.snapshot.mime,
                  cid,
                },
              ]
            : undefined,
      },
      ctx.timeoutMs,
    );
  } catch (err) {
    if (err instanceof EmailSendError) throw fromEmailError(err);
    throw err;
  }
};
