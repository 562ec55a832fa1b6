import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';
import { NotifyStore } from '../../../../electron/host/notify/notify-store';
import { Outbox, storedEvidence } from '../../../../electron/host/notify/outbox';
import { testSend } from '../../../../electron/host/notify/test-send';
import type { ChannelTarget } from '../../../../electron/host/notify/channels';
import { routeSchema, type ChannelSettings } from '../../../../electron/shared/api/methods/notifications';
import { until } from '../../../helpers/until';
import {
  httpReceiver,
  selfSignedCert,
  smtpServer,
  type HttpReceiver,
  type SmtpCapture,
} from '../../../helpers/notify-receivers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-notify-'));
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

// A tiny valid PNG (1×1) standing in for a stored snapshot.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function openStore(name: string) {
  const store = ControlRoomStore.open({
    file: path.join(dir, `${name}.db`),
    secretBox: KeyFileSecretBox.open(path.join(dir, `${name}.key`)),
  });
  cleanups.push(() => store.close());
  return { store, notify: new NotifyStore(store.db, store.secretBox) };
}

function addRoute(notify: NotifyStore, channelId: string, settings: ChannelSettings, secret?: string) {
  notify.saveChannel({ id: channelId, name: channelId, enabled: true, settings, secret }, 'test');
  notify.saveRoute(
    routeSchema.parse({ id: `r-${channelId}`, name: channelId, channelIds: [channelId] }),
    'test',
  );
}

let tls: ReturnType<typeof selfSignedCert>;
let smtp: SmtpCapture;
beforeAll(async () => {
  tls = selfSignedCert(dir);
  // STARTTLS offered and required before AUTH (smtp-server refuses AUTH in plaintext by default).
  smtp = await smtpServer({ key: tls.key, cert: tls.cert, user: 'alerts', pass: 's3cret!' });
  cleanups.push(() => smtp.close());
});

const email = (over: Partial<Extract<ChannelSettings, { kind: 'email' }>> = {}): ChannelSettings => ({
  kind: 'email',
  smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
  username: 'alerts',
  allowPlaintext: false,
  from: 'watcher@example.test',
  to: ['room@example.test'],
  ...over,
});

describe('email through a real SMTP server with STARTTLS and AUTH', () => {
  it('an alarm with a stored snapshot arrives over TLS with the image inline (cid)', async () => {
    const { notify } = openStore('email');
    addRoute(notify, 'mail', email(), 's3cret!');
    const evidenceRoot = path.join(dir, 'evidence');
    mkdirSync(path.join(evidenceRoot, 'cam-1'), { recursive: true });
    writeFileSync(path.join(evidenceRoot, 'cam-1', 'snap.png'), PNG);
    const outbox = new Outbox({
      store: notify,
      ca: tls.cert,
      evidence: storedEvidence(evidenceRoot, (id) =>
        id === 'inf-1'
          ? { evidence: [{ kind: 'snapshot', path: 'cam-1/snap.png', mime: 'image/png' }] }
          : undefined,
      ),
    }).start();
    cleanups.push(() => outbox.stop());
    const before = smtp.messages.length;
    outbox.notify({
      subject: 'alarm:a-1',
      kind: 'alarm',
      type: 'speed',
      category: 'traffic',
      priority: 1,
      cameraId: 'cam-1',
      ruleId: 'rule-1',
      infractionId: 'inf-1',
      at: Date.now(),
    });
    await until(() => smtp.messages.length > before, 30_000, 'the mail to arrive');
    const m = smtp.messages.at(-1)!;
    expect(m.secure).toBe(true);
    expect(m.user).toBe('alerts');
    expect(m.to).toEqual(['room@example.test']);
    expect(m.raw).toMatch(/Subject: =\?UTF-8\?Q\?Alarma_P1|Subject: Alarma P1/);
    const cid = /Content-ID: <([^>]+)>/i.exec(m.raw)?.[1];
    expect(cid).toBeTruthy();
    expect(m.raw).toContain(`cid:${cid}`);
    expect(m.raw).toContain(PNG.toString('base64').slice(0, 40));
    await until(() => notify.listDeliveries({ limit: 10 })[0]?.state === 'sent', 10_000, 'sent');
  });

  it('a wrong password is notify.error.auth; an untrusted certificate is notify.error.tls', async () => {
    const bad = await testSend({ id: 'm', settings: email(), secret: 'wrong' }, { ca: tls.cert });
    expect(bad).toMatchObject({ ok: false, code: 'notify.error.auth' });
    const untrusted = await testSend({ id: 'm', settings: email(), secret: 's3cret!' });
    expect(untrusted).toMatchObject({ ok: false, code: 'notify.error.tls' });
    const ok = await testSend({ id: 'm', settings: email(), secret: 's3cret!' }, { ca: tls.cert });
    expect(ok).toMatchObject({ ok: true });
  });

  it('a relay without STARTTLS: refused unless plaintext is allowed', async () => {
    const plain = await smtpServer({
      user: 'alerts',
      pass: 'pw',
      // No STARTTLS at all (hiding it from EHLO is not enough: the client still tries it).
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
    });
    cleanups.push(() => plain.close());
    const settings = email({ smtpUrl: `smtp://127.0.0.1:${plain.port}` });
    const refused = await testSend({ id: 'm', settings, secret: 'pw' });
    expect(refused.ok).toBe(false);
    expect(refused.code).toBe('notify.error.plaintext');
    expect(plain.messages).toHaveLength(0);
    const allowed = await testSend({
      id: 'm',
      settings: { ...settings, allowPlaintext: true } as ChannelSettings,
      secret: 'pw',
    });
    expect(allowed).toMatchObject({ ok: true });
    expect(plain.messages).toHaveLength(1);
    expect(plain.messages[0].secure).toBe(false);
  });
});

describe('webhook, Telegram, SMS against loopback receivers', () => {
  let hook: HttpReceiver;
  beforeAll(async () => {
    hook = await httpReceiver('hook-secret');
    cleanups.push(() => hook.close());
  });

  it('the webhook is signed over the raw body and names the delivery', async () => {
    const r = await testSend({
      id: 'w',
      settings: { kind: 'webhook', url: `${hook.url}/in`, headers: { 'x-site': 'lima-1' } },
      secret: 'hook-secret',
    });
    expect(r).toMatchObject({ ok: true });
    const req = hook.requests.at(-1)!;
    expect(req.signatureOk).toBe(true);
    expect(req.headers['x-watcher-delivery']).toMatch(/^test-/);
    expect(Number(req.headers['x-watcher-timestamp'])).toBeGreaterThan(1_600_000_000);
    expect(req.headers['x-site']).toBe('lima-1');
    const body = JSON.parse(req.body.toString()) as { id: string; kind: string; event: unknown; evidence: unknown[] };
    expect(body.id).toBe(req.headers['x-watcher-delivery']);
    expect(body.kind).toBe('test');
    expect(body.evidence).toEqual([]);
    // A receiver with another secret rejects it: the signature depends on the secret.
    const wrong = await testSend({
      id: 'w',
      settings: { kind: 'webhook', url: `${hook.url}/in`, headers: {} },
      secret: 'other',
    });
    expect(wrong.ok).toBe(true);
    expect(hook.requests.at(-1)!.signatureOk).toBe(false);
  });

  it('HTTP status classes and DNS failure', async () => {
    const target = (url: string): ChannelTarget => ({
      id: 'w',
      settings: { kind: 'webhook', url, headers: {} },
      secret: 'hook-secret',
    });
    hook.answer = () => ({ status: 401 });
    expect(await testSend(target(hook.url))).toMatchObject({ ok: false, code: 'notify.error.auth' });
    hook.answer = () => ({ status: 422 });
    expect(await testSend(target(hook.url))).toMatchObject({ ok: false, code: 'notify.error.http' });
    // A receiver that never answers: timeout (the short limit only makes the test quick).
    hook.answer = () => new Promise(() => undefined);
    expect(await testSend(target(hook.url), { timeoutMs: 300 })).toMatchObject({
      ok: false,
      code: 'notify.error.timeout',
    });
    hook.answer = () => ({ status: 204 });
    const dns = await testSend(target('http://nonexistent.invalid/hook'));
    expect(dns).toMatchObject({ ok: false, code: 'notify.error.dns' });
    expect(dns.params).toEqual({ host: 'nonexistent.invalid' });
    // A port nothing listens on (taken from the OS, then closed): connection refused.
    const gone = await httpReceiver();
    await gone.close();
    expect(await testSend(target(gone.url))).toMatchObject({ ok: false, code: 'notify.error.connection' });
  });

  it('Telegram Bot API (a loopback server speaking sendMessage/sendPhoto stands in for api.telegram.org, which cannot be reached here)', async () => {
    const token = '123456:AAF-secret-token';
    const bot = await httpReceiver();
    cleanups.push(() => bot.close());
    bot.answer = (req) =>
      req.path === `/bot${token}/sendMessage` || req.path === `/bot${token}/sendPhoto`
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true,"result":{}}' }
        : { status: 401, body: '{"ok":false,"error_code":401,"description":"Unauthorized"}' };
    const settings: ChannelSettings = { kind: 'telegram', apiBase: bot.url, chatId: '-100123' };
    expect(await testSend({ id: 't', settings, secret: token })).toMatchObject({ ok: true });
    const msg = JSON.parse(bot.requests.at(-1)!.body.toString()) as { chat_id: string; text: string };
    expect(msg.chat_id).toBe('-100123');
    expect(msg.text).toContain('Prueba de notificación');

    // With a snapshot: sendPhoto, multipart with the image.
    const { notify } = openStore('telegram');
    addRoute(notify, 'tg', settings, token);
    const outbox = new Outbox({
      store: notify,
      evidence: () => ({ snapshot: { filename: 'snap.png', content: PNG, mime: 'image/png' } }),
    }).start();
    cleanups.push(() => outbox.stop());
    outbox.notify({ subject: 'infraction:i-9', kind: 'infraction', type: 'red-light', cameraId: 'cam-2', at: Date.now() });
    await until(() => bot.requests.some((r) => r.path.endsWith('/sendPhoto')), 30_000, 'sendPhoto');
    const photo = bot.requests.find((r) => r.path.endsWith('/sendPhoto'))!;
    expect(String(photo.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(photo.body.includes(PNG)).toBe(true);
    expect(photo.body.toString('latin1')).toContain('name="chat_id"\r\n\r\n-100123');

    // A wrong token: auth, and the token appears nowhere in the error.
    const bad = await testSend({ id: 't', settings, secret: '999:wrong-token-xyz' });
    expect(bad).toMatchObject({ ok: false, code: 'notify.error.auth' });
    expect(JSON.stringify(bad)).not.toContain('wrong-token-xyz');
    const down = await testSend({ id: 't', settings: { ...settings, apiBase: 'http://nonexistent.invalid' } as ChannelSettings, secret: token });
    expect(down.code).toBe('notify.error.dns');
    expect(JSON.stringify(down)).not.toContain(token);
  });

  it('SMS gateway: POST {to, text} with the Bearer token', async () => {
    const gw = await httpReceiver();
    cleanups.push(() => gw.close());
    gw.answer = (req) => ({ status: req.headers.authorization === 'Bearer gw-token' ? 202 : 401 });
    const settings: ChannelSettings = { kind: 'sms', url: `${gw.url}/send`, to: ['+51999888777'] };
    expect(await testSend({ id: 's', settings, secret: 'gw-token' })).toMatchObject({ ok: true });
    const body = JSON.parse(gw.requests.at(-1)!.body.toString()) as { to: string[]; text: string };
    expect(body.to).toEqual(['+51999888777']);
    expect(body.text).toContain('Prueba');
    expect(await testSend({ id: 's', settings, secret: 'nope' })).toMatchObject({ code: 'notify.error.auth' });
  });
});

describe('the outbox', () => {
  it('a receiver that fails then recovers: retried with the same delivery id and delivered once', async () => {
    const rx = await httpReceiver('k');
    cleanups.push(() => rx.close());
    let calls = 0;
    rx.answer = () => {
      calls++;
      if (calls === 1) return { status: 503 };
      if (calls === 2) return { status: 429, headers: { 'retry-after': '0' } };
      return { status: 204 };
    };
    const { notify } = openStore('retry');
    addRoute(notify, 'hook', { kind: 'webhook', url: rx.url, headers: {} }, 'k');
    const outbox = new Outbox({ store: notify, retry: { baseMs: 10, capMs: 50 }, pollMs: 20 }).start();
    cleanups.push(() => outbox.stop());
    const ev = { subject: 'alarm:x', kind: 'alarm' as const, type: 'speed', priority: 1, at: Date.now() };
    expect(outbox.notify(ev)).toEqual({ queued: 1, suppressed: 0 });
    // The same event again (alarm.updated) is not enqueued twice on the route.
    expect(outbox.notify(ev)).toEqual({ queued: 0, suppressed: 0 });
    await until(() => notify.listDeliveries({ limit: 5 })[0]?.state === 'sent', 30_000, 'delivered');
    const [d] = notify.listDeliveries({ limit: 5 });
    expect(d.attempts).toBe(3);
    const ids = new Set(rx.requests.map((r) => r.headers['x-watcher-delivery']));
    expect([...ids]).toEqual([d.id]);
    expect([...rx.accepted.values()]).toEqual([1]);
    expect(rx.requests.every((r) => r.signatureOk)).toBe(true);
  });

  it('a permanent 4xx fails at once; a network error keeps retrying until the budget, then failed', async () => {
    const rx = await httpReceiver('k');
    cleanups.push(() => rx.close());
    rx.answer = () => ({ status: 410 });
    const { notify } = openStore('budget');
    addRoute(notify, 'gone', { kind: 'webhook', url: rx.url, headers: {} }, 'k');
    addRoute(notify, 'dns', { kind: 'webhook', url: 'http://nonexistent.invalid/', headers: {} }, 'k');
    const outbox = new Outbox({
      store: notify,
      retry: { baseMs: 5, capMs: 20, maxAttempts: 3 },
      pollMs: 10,
    }).start();
    cleanups.push(() => outbox.stop());
    outbox.notify({ subject: 'alarm:y', kind: 'alarm', at: Date.now() });
    await until(
      () => notify.listDeliveries({ limit: 5, state: ['failed'] }).length === 2,
      60_000,
      'both failed',
    );
    const byChannel = Object.fromEntries(
      notify.listDeliveries({ limit: 5 }).map((d) => [d.channelId, d]),
    );
    expect(byChannel.gone).toMatchObject({ attempts: 1, lastErrorCode: 'notify.error.http' });
    expect(byChannel.dns).toMatchObject({ attempts: 3, lastErrorCode: 'notify.error.dns' });
    expect(rx.requests).toHaveLength(1);
    // notify.retry puts it back with a fresh budget.
    rx.answer = () => ({ status: 200 });
    expect(notify.retry(byChannel.gone.id)?.state).toBe('pending');
    outbox.wake();
    await until(() => notify.delivery(byChannel.gone.id)?.state === 'sent', 30_000, 'retried');
  });

  it('rate limit and dedup are decided in the enqueue transaction and recorded as suppressed', () => {
    const { notify } = openStore('rate');
    notify.saveChannel(
      { id: 'c', name: 'c', enabled: true, settings: { kind: 'webhook', url: 'http://127.0.0.1:1/', headers: {} }, secret: 'k' },
      't',
    );
    notify.saveRoute(routeSchema.parse({ id: 'r', name: 'r', channelIds: ['c'], ratePerMinute: 2, dedupSec: 60 }), 't');
    const ev = (i: number, cam: string) => ({
      subject: `infraction:${i}`,
      kind: 'infraction' as const,
      type: 'speed',
      cameraId: cam,
      ruleId: 'r1',
      at: 0,
    });
    expect(notify.enqueue(ev(1, 'a'))).toEqual({ queued: 1, suppressed: 0 });
    expect(notify.enqueue(ev(2, 'a'))).toEqual({ queued: 0, suppressed: 1 }); // dedup
    expect(notify.enqueue(ev(3, 'b'))).toEqual({ queued: 1, suppressed: 0 });
    expect(notify.enqueue(ev(4, 'c'))).toEqual({ queued: 0, suppressed: 1 }); // rate
    const s = notify.listDeliveries({ limit: 10, state: ['suppressed'] });
    expect(s.map((d) => d.lastErrorCode).sort()).toEqual(['notify.suppressed.dedup', 'notify.suppressed.rate']);
    expect(notify.pendingCount()).toBe(2);
  });

  it('a row a crash left in sending is sent again on start with the same delivery id', async () => {
    const rx = await httpReceiver('k');
    cleanups.push(() => rx.close());
    const { store, notify } = openStore('crash');
    addRoute(notify, 'hook', { kind: 'webhook', url: rx.url, headers: {} }, 'k');
    notify.enqueue({ subject: 'alarm:z', kind: 'alarm', at: Date.now() });
    const [claimed] = notify.claim(1, () => true); // as a crashed run left it
    expect(store.db.prepare('SELECT state FROM notify_deliveries').pluck().get()).toBe('sending');
    const outbox = new Outbox({ store: notify }).start();
    cleanups.push(() => outbox.stop());
    await until(() => rx.accepted.size === 1, 30_000, 'resent');
    expect([...rx.accepted.keys()]).toEqual([claimed.id]);
    await until(() => notify.delivery(claimed.id)?.state === 'sent', 10_000, 'sent');
  });
});
