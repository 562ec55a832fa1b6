import nodemailer from 'nodemailer';

/**
 * One way to send mail for every part of the host (alarm notifications, scheduled reports):
 * SMTP through nodemailer. `smtps://` is TLS from the first byte; `smtp://` must upgrade with
 * STARTTLS unless the channel explicitly allows plaintext (a relay on loopback). The password
 * comes from the sealed secret, never from the URL.
 */
export interface SmtpSettings {
  smtpUrl: string;
  username?: string;
  password?: string;
  allowPlaintext?: boolean;
  from: string;
  /** Extra CA certificates (PEM) to trust, for a relay with a private CA. */
  ca?: string;
}

export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType?: string;
  /** Content id, to show an image inline (`<img src="cid:…">`). */
  cid?: string;
}

export interface EmailMessage {
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: readonly EmailAttachment[];
}

/** Failure classes, as i18n codes: the UI says exactly what went wrong. */
export type EmailFailureCode =
  | 'notify.error.dns'
  | 'notify.error.connection'
  | 'notify.error.tls'
  | 'notify.error.auth'
  | 'notify.error.timeout'
  | 'notify.error.rejected'
  | 'notify.error.send';

export class EmailSendError extends Error {
  constructor(
    readonly code: EmailFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

export function classifyEmailError(err: unknown): EmailSendError {
  const e = err as { code?: string; message?: string; responseCode?: number; reason?: string };
  const message = e?.message ?? String(err);
  const code = e?.code ?? '';
  if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(message))
    return new EmailSendError('notify.error.dns', message);
  if (code === 'EAUTH' || e?.responseCode === 535)
    return new EmailSendError('notify.error.auth', message);
  if (code === 'ETLS' || /certificate|TLS|SSL|STARTTLS/i.test(message))
    return new EmailSendError('notify.error.tls', message);
  if (code === 'ETIMEDOUT' || /timeout/i.test(message))
    return new EmailSendError('notify.error.timeout', message);
  if (code === 'ECONNECTION' || code === 'ESOCKET' || /ECONNREFUSED|ECONNRESET/.test(message))
    return new EmailSendError('notify.error.connection', message);
  if (code === 'EENVELOPE' || code === 'EMESSAGE' || (e?.responseCode ?? 0) >= 500)
    return new EmailSendError('notify.error.rejected', message);
  return new EmailSendError('notify.error.send', message);
}

/** Sends one message; throws `EmailSendError` with the failure class. */
export async function sendEmail(
  settings: SmtpSettings,
  message: EmailMessage,
  timeoutMs = 20_000,
): Promise<{ messageId: string }> {
  const url = new URL(settings.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !settings.allowPlaintext,
    ignoreTLS: !secure && settings.allowPlaintext === true,
    auth:
      settings.username !== undefined
        ? { user: settings.username, pass: settings.password ?? '' }
        : undefined,
    tls: settings.ca ? { ca: settings.ca } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: [...message.to],
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments?.map((a) => ({ ...a })),
    });
    return { messageId: String(info.messageId) };
  } catch (err) {
    throw classifyEmailError(err);
  } finally {
    transport.close();
  }
}
