import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY, withinBudget } from '../../../../electron/host/notify/backoff';
import { signBody } from '../../../../electron/host/notify/channels/webhook';
import { redactTelegramUrl } from '../../../../electron/host/notify/channels/telegram';
import {
  classifyHttpStatus,
  classifyNetworkError,
  fromEmailError,
  parseRetryAfter,
  redact,
} from '../../../../electron/host/notify/errors';
import { classifyEmailError } from '../../../../electron/host/notify/email-transport';

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body>', () => {
    const body = '{"id":"d1","kind":"alarm"}';
    const hex = createHmac('sha256', 'k3y').update(body).digest('hex');
    expect(signBody(body, 'k3y')).toBe(`sha256=${hex}`);
    expect(signBody(Buffer.from(body), 'k3y')).toBe(`sha256=${hex}`);
    // Known vector (RFC 4231 test case 2).
    expect(signBody('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('backoff schedule', () => {
  const p = DEFAULT_RETRY;
  it('5 s × 2^n with equal jitter, capped at 15 min', () => {
    expect(backoffMs(p, 1, () => 0)).toBe(2_500);
    expect(backoffMs(p, 1, () => 1)).toBe(5_000);
    expect(backoffMs(p, 2, () => 1)).toBe(10_000);
    expect(backoffMs(p, 4, () => 1)).toBe(40_000);
    expect(backoffMs(p, 4, () => 0.5)).toBe(30_000);
    expect(backoffMs(p, 9, () => 1)).toBe(15 * 60_000);
    expect(backoffMs(p, 30, () => 1)).toBe(15 * 60_000);
    for (let n = 1; n < 12; n++) {
      const d = backoffMs(p, n);
      const exp = Math.min(p.capMs, p.baseMs * 2 ** (n - 1));
      expect(d).toBeGreaterThanOrEqual(exp / 2);
      expect(d).toBeLessThanOrEqual(exp);
    }
  });
  it('Retry-After wins, within the cap', () => {
    expect(backoffMs(p, 1, () => 1, 120_000)).toBe(120_000);
    expect(backoffMs(p, 1, () => 1, 3_600_000)).toBe(p.capMs);
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
  it('a budget of 10 attempts or 24 h', () => {
    expect(withinBudget(p, 9, 0, 1000)).toBe(true);
    expect(withinBudget(p, 10, 0, 1000)).toBe(false);
    expect(withinBudget(p, 2, 0, 24 * 3_600_000)).toBe(true);
    expect(withinBudget(p, 2, 0, 24 * 3_600_000 + 1)).toBe(false);
  });
});

describe('error classification', () => {
  it('HTTP statuses: auth, permanent 4xx, retried 408/429/5xx', () => {
    expect(classifyHttpStatus(401, undefined, 0)).toMatchObject({ code: 'notify.error.auth', retryable: false });
    expect(classifyHttpStatus(403, undefined, 0)).toMatchObject({ code: 'notify.error.auth', retryable: false });
    expect(classifyHttpStatus(404, undefined, 0)).toMatchObject({
      code: 'notify.error.http',
      retryable: false,
      params: { status: 404 },
    });
    expect(classifyHttpStatus(408, undefined, 0).retryable).toBe(true);
    expect(classifyHttpStatus(429, '30', 0)).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    expect(classifyHttpStatus(503, undefined, 0)).toMatchObject({ retryable: true, params: { status: 503 } });
  });
  it('socket errors: dns, connection, tls, timeout', () => {
    const e = (code: string, message = code) => Object.assign(new Error(message), { code });
    expect(classifyNetworkError(e('ENOTFOUND'), 'x.invalid')).toMatchObject({
      code: 'notify.error.dns',
      params: { host: 'x.invalid' },
    });
    expect(classifyNetworkError(e('EAI_AGAIN'), 'h').code).toBe('notify.error.dns');
    expect(classifyNetworkError(e('ECONNREFUSED'), 'h').code).toBe('notify.error.connection');
    expect(classifyNetworkError(e('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'h').code).toBe(
      'notify.error.tls',
    );
    expect(classifyNetworkError(e('ERR_TLS_CERT_ALTNAME_INVALID'), 'h').code).toBe('notify.error.tls');
    expect(classifyNetworkError(e('ETIMEDOUT'), 'h').code).toBe('notify.error.timeout');
  });
  it('SMTP: 535 is auth (permanent), refused is connection (retried)', () => {
    const auth = fromEmailError(
      classifyEmailError(Object.assign(new Error('Invalid login: 535 5.7.8 bad'), { code: 'EAUTH', responseCode: 535 })),
    );
    expect(auth).toMatchObject({ code: 'notify.error.auth', retryable: false });
    const refused = fromEmailError(
      classifyEmailError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ESOCKET' })),
    );
    expect(refused).toMatchObject({ code: 'notify.error.connection', retryable: true });
  });
  it('secrets are redacted from messages and Bot API URLs', () => {
    expect(redact('GET /bot123:ABC/sendMessage failed', ['123:ABC'])).toBe('GET /bot***/sendMessage failed');
    expect(redactTelegramUrl('https://api.telegram.org/bot123:ABC/sendPhoto')).toBe(
      'https://api.telegram.org/bot***/sendPhoto',
    );
  });
});
