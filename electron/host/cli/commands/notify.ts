import { readFileSync } from 'node:fs';
import type { ChannelSettings } from '../../../shared/api/methods/notifications';
import { translateOr, translator } from '../../../shared/i18n';
import { parseCommandArgs, type CliCommand } from '../command';
import type { ChannelTarget } from '../../notify/channels';
import { redact } from '../../notify/errors';
import { testSend } from '../../notify/test-send';

const usage = `watcher notify test --channel webhook|email|telegram|sms [options] [--json]

Sends one test event through a channel now, with the same code the host's outbox uses, and
says exactly why it failed (DNS, connection refused, TLS certificate, auth, HTTP status, timeout).

  --channel KIND        webhook | email | telegram | sms
  --url URL             webhook receiver or SMS gateway (http:// or https://)
  --secret S            webhook HMAC secret or SMS gateway token (or env WATCHER_NOTIFY_SECRET)
  --smtp URL            smtp://user:pass@host:port or smtps://… (the password is used, never printed)
  --allow-plaintext     allow smtp:// without STARTTLS (a relay on loopback)
  --from ADDR, --to ADDR  sender and recipient(s) (--to may repeat; SMS numbers for sms)
  --api-base URL        Telegram Bot API base (default https://api.telegram.org)
  --token T             Telegram bot token (or env WATCHER_NOTIFY_TOKEN)
  --chat ID             Telegram chat id
  --ca FILE             extra CA certificates (PEM) to trust
  --locale es|en        language of the message (es)
  --timeout MS          per-attempt time-out (15000)

Secrets on a command line are visible to other users of the machine: prefer the environment
variables WATCHER_NOTIFY_SECRET and WATCHER_NOTIFY_TOKEN. Exit code 0 when sent, 1 when the
send failed (the reason is printed), 2 on bad usage.`;

function fail(msg: string): number {
  process.stderr.write(`watcher notify: ${msg}\n\n${usage}\n`);
  return 2;
}

export const command: CliCommand = {
  name: 'notify',
  summary: 'Send a test notification through a channel and classify any failure',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('notify', usage, argv, {
      channel: { type: 'string' },
      url: { type: 'string' },
      secret: { type: 'string' },
      smtp: { type: 'string' },
      'allow-plaintext': { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string', multiple: true },
      'api-base': { type: 'string' },
      token: { type: 'string' },
      chat: { type: 'string' },
      ca: { type: 'string' },
      locale: { type: 'string', default: 'es' },
      timeout: { type: 'string', default: '15000' },
      json: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const v = parsed.values;
    if (parsed.positionals[0] !== 'test' || parsed.positionals.length !== 1)
      return fail('the subcommand is `test`');
    const locale = v.locale === 'en' ? 'en' : 'es';
    const to = (v.to ?? []).flatMap((t) => t.split(',')).filter(Boolean);
    let settings: ChannelSettings;
    let secret: string | undefined;
    const secrets: string[] = [];
    switch (v.channel) {
      case 'webhook':
      case 'sms': {
        if (!v.url || !/^https?:\/\//i.test(v.url)) return fail('--url http(s)://… is required');
        secret = v.secret ?? process.env.WATCHER_NOTIFY_SECRET;
        if (!secret) return fail('--secret or WATCHER_NOTIFY_SECRET is required');
        if (v.channel === 'sms' && !to.length) return fail('--to is required for sms');
        settings =
          v.channel === 'webhook'
            ? { kind: 'webhook', url: v.url, headers: {} }
            : { kind: 'sms', url: v.url, to };
        break;
      }
      case 'email': {
        if (!v.smtp) return fail('--smtp smtp://user:pass@host:port is required');
        let u: URL;
        try {
          u = new URL(v.smtp);
        } catch {
          return fail('--smtp is not a URL');
        }
        if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
          return fail('--smtp must be smtp:// or smtps://');
        if (!v.from || !to.length) return fail('--from and --to are required for email');
        secret = u.password ? decodeURIComponent(u.password) : undefined;
        settings = {
          kind: 'email',
          smtpUrl: `${u.protocol}//${u.host}`,
          username: u.username ? decodeURIComponent(u.username) : undefined,
          allowPlaintext: v['allow-plaintext'],
          from: v.from,
          to,
        };
        if (u.password) secrets.push(u.password);
        break;
      }
      case 'telegram': {
        secret = v.token ?? process.env.WATCHER_NOTIFY_TOKEN;
        if (!secret) return fail('--token or WATCHER_NOTIFY_TOKEN is required');
        if (!v.chat) return fail('--chat is required');
        settings = {
          kind: 'telegram',
          apiBase: v['api-base'] ?? 'https://api.telegram.org',
          chatId: v.chat,
        };
        break;
      }
      default:
        return fail('--channel webhook|email|telegram|sms is required');
    }
    if (secret) secrets.push(secret);
    let ca: string | undefined;
    if (v.ca) {
      try {
        ca = readFileSync(v.ca, 'utf8');
      } catch (e) {
        return fail(`--ca: ${(e as Error).message}`);
      }
    }
    const target: ChannelTarget = { id: 'cli', settings, secret };
    const r = await testSend(target, { locale, ca, timeoutMs: Number(v.timeout) || 15_000 });
    const message = r.message === undefined ? undefined : redact(r.message, secrets);
    if (v.json) {
      process.stdout.write(
        `${JSON.stringify({ ok: r.ok, channel: settings.kind, code: r.code, message, ms: Math.round(r.ms) })}\n`,
      );
    } else if (r.ok) {
      process.stdout.write(`OK: test sent through ${settings.kind} in ${Math.round(r.ms)} ms\n`);
    } else {
      const words = r.code
        ? redact(translateOr(translator(locale), r.code, r.code, r.params), secrets)
        : '';
      process.stdout.write(`FAILED (${r.code}): ${words}\n  ${message ?? ''}\n`);
    }
    return r.ok ? 0 : 1;
  },
};
