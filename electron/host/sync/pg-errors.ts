import { isCodedError } from '../../shared/coded-error';
import { redactSecrets } from '../../shared/util/redact';

/** i18n code for a connection/query failure. */
export function classifyPgError(e: unknown): { code: string; message: string } {
  if (isCodedError(e)) return { code: e.code, message: e.message };
  const err = e as { code?: string; message?: string };
  const message = redactSecrets(err?.message ?? String(e));
  switch (err?.code) {
    case '28P01':
    case '28000':
      return { code: 'sync.error.auth', message };
    case '3D000':
      return { code: 'sync.error.database', message };
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
    case 'EPIPE':
    case '57P01':
    case '57P02':
    case '57P03':
      return { code: 'sync.error.unreachable', message };
  }
  if (/password must be a string|SASL/i.test(message)) return { code: 'sync.error.auth', message };
  if (/timeout|timed out/i.test(message)) return { code: 'sync.error.timeout', message };
  if (/terminat|closed|not queryable|ended/i.test(message))
    return { code: 'sync.error.unreachable', message };
  return { code: 'sync.error.failed', message };
}
