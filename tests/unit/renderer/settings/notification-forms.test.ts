import { describe, expect, it } from 'vitest';
import {
  blankChannelForm,
  blankRouteForm,
  buildChannel,
  buildRoute,
  canRetry,
  channelFormOf,
  errorKey,
  parseQuietHours,
  routeFormOf,
  sortDeliveries,
  testOutcome,
} from '../../../../renderer/src/settings/notification-forms';
import {
  channelSchema,
  routeSchema,
  type Delivery,
} from '../../../../electron/shared/api/methods/notifications';
import { isMessageKey } from '../../../../electron/shared/i18n';

const emailChannel = channelSchema.parse({
  id: 'ops-mail',
  name: 'Correo sala',
  enabled: true,
  settings: {
    kind: 'email',
    smtpUrl: 'smtps://smtp.example.org:465',
    username: 'watcher',
    allowPlaintext: false,
    from: 'watcher@example.org',
    to: ['sala@example.org', 'jefe@example.org'],
  },
  hasSecret: true,
  updatedAt: 1,
  updatedBy: 'ana',
});

describe('channel form', () => {
  it('round-trips every kind through the form', () => {
    const r = buildChannel(channelFormOf(emailChannel));
    expect(r).toEqual({
      ok: true,
      params: {
        id: 'ops-mail',
        name: 'Correo sala',
        enabled: true,
        settings: emailChannel.settings,
      },
    });
    const webhook = buildChannel({
      ...blankChannelForm('webhook'),
      id: 'hook',
      name: 'Hook',
      url: 'https://example.org/in',
      headers: 'X-Site: lima\nX-Env: prod',
      secret: 's3cret',
    });
    expect(webhook).toMatchObject({
      ok: true,
      params: {
        settings: { kind: 'webhook', headers: { 'X-Site': 'lima', 'X-Env': 'prod' } },
        secret: 's3cret',
      },
    });
    const telegram = buildChannel({
      ...blankChannelForm('telegram'),
      id: 'tg',
      name: 'TG',
      chatId: '-100200',
      secret: '123:abc',
    });
    expect(telegram).toMatchObject({
      ok: true,
      params: {
        settings: { kind: 'telegram', apiBase: 'https://api.telegram.org', chatId: '-100200' },
      },
    });
    const sms = buildChannel({
      ...blankChannelForm('sms'),
      id: 'sms',
      name: 'SMS',
      url: 'https://gw.example.org/send',
      to: '+51999000111, +51999000222',
    });
    expect(sms).toMatchObject({
      ok: true,
      params: { settings: { kind: 'sms', to: ['+51999000111', '+51999000222'] } },
    });
    expect(sms.ok && 'secret' in sms.params).toBe(false);
  });

  it('keeps, replaces or removes the write-only secret', () => {
    const f = channelFormOf(emailChannel);
    expect(f.secretAction).toBe('keep');
    const keep = buildChannel(f);
    expect(keep.ok && 'secret' in keep.params).toBe(false);
    expect(buildChannel({ ...f, secretAction: 'replace', secret: 'new' })).toMatchObject({
      ok: true,
      params: { secret: 'new' },
    });
    expect(buildChannel({ ...f, secretAction: 'remove' })).toMatchObject({
      ok: true,
      params: { secret: '' },
    });
    // Replacing with nothing typed is a mistake, not a removal.
    expect(buildChannel({ ...f, secretAction: 'replace', secret: '' })).toMatchObject({
      ok: false,
      problem: { key: 'notifyUi.form.secretEmpty' },
    });
  });

  it('names the problem', () => {
    const f = channelFormOf(emailChannel);
    expect(buildChannel({ ...f, id: 'Bad' })).toMatchObject({
      problem: { key: 'notifyUi.form.idInvalid' },
    });
    expect(buildChannel({ ...f, url: 'smtp://user:pw@host:25' })).toMatchObject({
      problem: { key: 'notifyUi.form.smtpCredentialsInUrl' },
    });
    expect(buildChannel({ ...f, to: '' })).toMatchObject({
      problem: { key: 'notifyUi.form.fieldInvalid', params: { field: 'to' } },
    });
    expect(
      buildChannel({
        ...blankChannelForm('webhook'),
        id: 'h',
        name: 'H',
        url: 'https://x',
        headers: 'nocolon',
      }),
    ).toMatchObject({ problem: { key: 'notifyUi.form.headersInvalid' } });
  });

  it('turns a failed test into the failure class and the exact message', () => {
    expect(testOutcome({ ok: true, ms: 12 })).toEqual({ ok: true });
    expect(
      testOutcome({
        ok: false,
        code: 'notify.error.tls',
        message: 'self-signed certificate',
        ms: 40,
      }),
    ).toEqual({
      ok: false,
      key: 'notifyUi.error.tls',
      code: 'notify.error.tls',
      message: 'self-signed certificate',
    });
    expect(errorKey('notify.error.somethingNew')).toBe('notifyUi.error.other');
    for (const c of ['dns', 'connection', 'tls', 'auth', 'timeout', 'rejected', 'send', 'http'])
      expect(isMessageKey(errorKey(`notify.error.${c}`))).toBe(true);
  });
});

describe('route form', () => {
  it('round-trips a route with quiet hours, rate limit and dedup', () => {
    const route = routeSchema.parse({
      id: 'p1-night',
      name: 'Prioridad 1',
      channelIds: ['ops-mail'],
      match: { kinds: ['alarm'], maxPriority: 1, cameraIds: ['gate'] },
      timeZone: 'Europe/Madrid',
      quietHours: [{ startMinute: 22 * 60, endMinute: 6 * 60 }],
      ratePerMinute: 5,
      dedupSec: 300,
    });
    const f = routeFormOf(route);
    expect(f.quietHours).toBe('22:00-06:00');
    expect(buildRoute(f)).toEqual({ ok: true, route });
  });

  it('refuses bad quiet hours, numbers and a route without channels', () => {
    const f = { ...blankRouteForm(), id: 'r', name: 'R', channelIds: ['c'] };
    expect(parseQuietHours('22:00-06:00, 12:00 - 13:30')).toEqual([
      { startMinute: 1320, endMinute: 360 },
      { startMinute: 720, endMinute: 810 },
    ]);
    expect(buildRoute({ ...f, quietHours: '22-6' })).toMatchObject({
      problem: { key: 'notifyUi.form.quietHoursInvalid' },
    });
    expect(buildRoute({ ...f, ratePerMinute: 'many' })).toMatchObject({
      problem: { key: 'notifyUi.form.fieldInvalid', params: { field: 'ratePerMinute' } },
    });
    expect(buildRoute({ ...f, channelIds: [] })).toMatchObject({
      problem: { key: 'notifyUi.form.channelRequired' },
    });
  });
});

describe('delivery log', () => {
  const d = (id: string, createdAt: number, state: Delivery['state']): Delivery => ({
    id,
    routeId: 'r',
    channelId: 'c',
    channelKind: 'email',
    subject: `alarm:${id}`,
    state,
    attempts: 1,
    createdAt,
  });
  it('lists newest first and offers retry only for failed deliveries', () => {
    const sorted = sortDeliveries([d('a', 1, 'sent'), d('b', 3, 'failed'), d('c', 2, 'retrying')]);
    expect(sorted.map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(sorted.map(canRetry)).toEqual([true, false, false]);
  });
});
