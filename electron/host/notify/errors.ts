import { CodedError, type ErrorParams } from '../../shared/coded-error';
import { EmailSendError } from './email-transport';

/**
 * A failed send, classified: the i18n code says exactly what went wrong (DNS, refused, TLS,
 * auth, HTTP status, timeout), `retryable` whether the outbox tries again, and `retryAfterMs`
 * what the receiver asked for (HTTP Retry-After).
 */
export class NotifyError extends CodedError {
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean,
    params?: ErrorParams,
    readonly retryAfterMs?: number,
  ) {
    super(code, message, params);
    this.name = 'NotifyError';
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Replaces every secret (a bot token in a URL, a password) with `***`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** A socket-level failure of an HTTP request (node:http error codes). */
export function classifyNetworkError(err: unknown, host: string): NotifyError {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const message = e?.message ?? String(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL')
    return new NotifyError('notify.error.dns', `DNS lookup of ${host} failed (${code})`, true, {
      host,
    });
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE')
    return new NotifyError('notify.error.connection', `${host}: ${code}`, true, { host });
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN')
    return new NotifyError('notify.error.connection', `${host}: ${code}`, true, { host });
  if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(message))
    return new NotifyError('notify.error.tls', `${host}: TLS ${code || message}`, true, { host });
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT')
    return new NotifyError('notify.error.timeout', `${host}: no answer in time`, true, { host });
  return new NotifyError('notify.error.send', `${host}: ${code || message}`, true, { host });
}

/** Retry-After as delay seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * An HTTP answer that is not 2xx: 401/403 auth (permanent), 408/429/5xx retried (Retry-After
 * honoured), any other 4xx a permanent failure.
 */
export function classifyHttpStatus(
  status: number,
  retryAfter: string | undefined,
  now: number,
): NotifyError {
  if (status === 401 || status === 403)
    return new NotifyError('notify.error.auth', `HTTP ${status}`, false, { status });
  const retryable = status === 408 || status === 429 || status >= 500;
  return new NotifyError(
    'notify.error.http',
    `HTTP ${status}`,
    retryable,
    { status },
    retryable ? parseRetryAfter(retryAfter, now) : undefined,
  );
}

/** SMTP failures: a bad password or a rejected message will not fix itself; the rest is retried. */
export function fromEmailError(err: EmailSendError): NotifyError {
  const permanent = err.code === 'notify.error.auth' || err.code === 'notify.error.rejected';
  if (err.code === 'notify.error.tls' && /STARTTLS/i.test(err.message))
    return new NotifyError('notify.error.plaintext', err.message, false);
  return new NotifyError(err.code, err.message, !permanent);
}

export function toNotifyError(err: unknown): NotifyError {
  if (err instanceof NotifyError) return err;
  if (err instanceof EmailSendError) return fromEmailError(err);
  if (err instanceof CodedError) return new NotifyError(err.code, err.message, true, err.params);
  return new NotifyError('notify.error.send', err instanceof Error ? err.message : String(err), true);
}
