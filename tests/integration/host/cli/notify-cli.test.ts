import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../helpers/fixtures';
import {
  httpReceiver,
  selfSignedCert,
  smtpServer,
  type HttpReceiver,
  type SmtpCapture,
} from '../../../helpers/notify-receivers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-notify-cli-'));
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

/** `watcher notify …` as a child process (async: the receivers answer from this process). */
function watcher(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'electron/host/cli/main.ts'), 'notify', ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? ((err as { code?: number }).code ?? null) : 0,
          out: `${stdout}${stderr}`,
        }),
    );
  });
}

/** `watcher notify test --channel webhook --url <url> --secret <secret> …extra`. */
const webhookTest = (url: string, secret: string, ...extra: string[]) =>
  watcher(['test', '--channel', 'webhook', '--url', url, '--secret', secret, ...extra]);

let hook: HttpReceiver;
let smtp: SmtpCapture;
let tls: ReturnType<typeof selfSignedCert>;
beforeAll(async () => {
  hook = await httpReceiver('cli-secret');
  cleanups.push(() => hook.close());
  tls = selfSignedCert(dir);
  smtp = await smtpServer({ key: tls.key, cert: tls.cert, user: 'alerts', pass: 'pa55word' });
  cleanups.push(() => smtp.close());
});

describe('watcher notify test', () => {
  it('webhook: success with the secret from the environment; each failure class exits 1 with its code', async () => {
    hook.answer = () => ({ status: 204 });
    const ok = await watcher(['test', '--channel', 'webhook', '--url', hook.url], {
      WATCHER_NOTIFY_SECRET: 'cli-secret',
    });
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/^OK/);
    expect(hook.requests.at(-1)!.signatureOk).toBe(true);

    hook.answer = () => ({ status: 500 });
    const http500 = await webhookTest(hook.url, 'cli-secret', '--json');
    expect(http500.code).toBe(1);
    expect(JSON.parse(http500.out)).toMatchObject({
      ok: false,
      code: 'notify.error.http',
      message: 'HTTP 500',
    });

    hook.answer = () => ({ status: 403 });
    const auth = await webhookTest(hook.url, 'x', '--locale', 'en');
    expect(auth.code).toBe(1);
    expect(auth.out).toContain('FAILED (notify.error.auth): Authentication rejected');

    const dns = await webhookTest('http://nonexistent.invalid/', 'x');
    expect(dns.code).toBe(1);
    expect(dns.out).toContain('notify.error.dns');
    expect(dns.out).toContain('nonexistent.invalid');

    const gone = await httpReceiver();
    await gone.close();
    const refused = await webhookTest(gone.url, 'x');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('notify.error.connection');

    hook.answer = () => new Promise(() => undefined);
    const slow = await webhookTest(hook.url, 'x', '--timeout', '300');
    expect(slow.code).toBe(1);
    expect(slow.out).toContain('notify.error.timeout');
    hook.answer = () => ({ status: 204 });
  }, 240_000);

  it('email: credentials from --smtp only, never printed; TLS, auth and plaintext classes', async () => {
    const smtpUrl = (pass: string) => `smtp://alerts:${pass}@127.0.0.1:${smtp.port}`;
    const base = [
      'test',
      '--channel',
      'email',
      '--from',
      'w@example.test',
      '--to',
      'room@example.test',
    ];
    const ok = await watcher([...base, '--smtp', smtpUrl('pa55word'), '--ca', tls.certFile]);
    expect(ok.code, ok.out).toBe(0);
    expect(smtp.messages.at(-1)!.secure).toBe(true);

    const wrong = await watcher([...base, '--smtp', smtpUrl('Wr0ngPass'), '--ca', tls.certFile]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('notify.error.auth');
    expect(wrong.out).not.toContain('Wr0ngPass');

    const untrusted = await watcher([...base, '--smtp', smtpUrl('pa55word')]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toContain('notify.error.tls');

    const plain = await smtpServer({
      user: 'alerts',
      pass: 'pa55word',
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
    });
    cleanups.push(() => plain.close());
    const plainUrl = `smtp://alerts:pa55word@127.0.0.1:${plain.port}`;
    const refused = await watcher([...base, '--smtp', plainUrl]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('notify.error.plaintext');
    expect(refused.out).not.toContain('pa55word');
    const allowed = await watcher([...base, '--smtp', plainUrl, '--allow-plaintext']);
    expect(allowed.code, allowed.out).toBe(0);
    expect(plain.messages).toHaveLength(1);
  }, 240_000);

  it('telegram (a loopback stand-in for the Bot API) and sms; the token never appears in output', async () => {
    const token = '4242:SECRET-bot-token';
    const bot = await httpReceiver();
    cleanups.push(() => bot.close());
    bot.answer = (req) =>
      req.path === `/bot${token}/sendMessage`
        ? { status: 200, body: '{"ok":true,"result":{}}' }
        : { status: 401, body: '{"ok":false,"description":"Unauthorized"}' };
    const tg = (env: Record<string, string>) =>
      watcher(['test', '--channel', 'telegram', '--api-base', bot.url, '--chat', '77'], env);
    const ok = await tg({ WATCHER_NOTIFY_TOKEN: token });
    expect(ok.code, ok.out).toBe(0);
    const bad = await tg({ WATCHER_NOTIFY_TOKEN: '1:WRONG-token-value' });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('notify.error.auth');
    expect(bad.out).not.toContain('WRONG-token-value');

    const gw = await httpReceiver();
    cleanups.push(() => gw.close());
    gw.answer = (req) => ({ status: req.headers.authorization === 'Bearer gw' ? 200 : 401 });
    const sms = await watcher([
      'test',
      '--channel',
      'sms',
      '--url',
      gw.url,
      '--to',
      '+51999000111',
      '--secret',
      'gw',
    ]);
    expect(sms.code, sms.out).toBe(0);
    expect(JSON.parse(gw.requests.at(-1)!.body.toString())).toMatchObject({ to: ['+51999000111'] });
  }, 240_000);

  it('bad usage exits 2', async () => {
    expect((await watcher(['test', '--channel', 'pigeon'])).code).toBe(2);
    expect((await watcher(['test', '--channel', 'webhook', '--url', 'http://x/'])).code).toBe(2);
  }, 120_000);
});
