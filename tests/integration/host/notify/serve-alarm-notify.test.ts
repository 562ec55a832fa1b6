import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  addSceneConfig,
  syntheticTrafficCamera,
  withDataDirStore,
} from '../../../helpers/synthetic-traffic-camera';
import { afterAll, describe, expect, it } from 'vitest';
import { localMinute } from '../../../../electron/host/notify/routing';
import { ApiSocket } from '../../../helpers/api-socket';
import { repoRoot } from '../../../helpers/fixtures';
import {
  httpReceiver,
  smtpServer,
  type HttpReceiver,
  type SmtpCapture,
} from '../../../helpers/notify-receivers';
import { until } from '../../../helpers/until';
import { startServe, type ServeHandle } from '../../../helpers/watcher-serve';

const run = promisify(execFile);
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface DeliveryItem {
  id: string;
  routeId: string;
  channelId: string;
  subject: string;
  state: string;
  lastErrorCode?: string;
}

/**
 * The real `watcher serve` (built bundle) with a looping synthetic camera whose car exceeds the
 * speed limit: the live path raises a real alarm, the repeated infractions of the rule group into
 * it (alarm.updated). Routes configured through the API send it to a signed webhook and to a real
 * SMTP server on loopback; a route with quiet hours covering now records it as suppressed; a route
 * for another category records nothing; the grouped updates never notify a route twice.
 */
describe('watcher serve: an alarm from a real infraction is notified', () => {
  it('routed by category/priority to webhook + email, suppressed in quiet hours, once per route', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-alarm-notify-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const scene = path.join(dir, 'scene');
    await run(
      process.execPath,
      [
        path.join(repoRoot, 'bin', 'watcher.mjs'),
        'synth',
        'traffic',
        '--out',
        scene,
        '--speeds',
        '110,120',
        '--limit',
        '80',
      ],
      { cwd: repoRoot },
    );
    const hook: HttpReceiver = await httpReceiver('hook-secret');
    cleanups.push(() => hook.close());
    const smtp: SmtpCapture = await smtpServer({
      user: 'alerts',
      pass: 'mail-pass',
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
    });
    cleanups.push(() => smtp.close());

    const serve: ServeHandle = await startServe({
      processGroup: true,
      logLevel: 'warn',
      timeoutMs: 120_000,
      cameras: [syntheticTrafficCamera(scene, 'Synthetic speed')],
      prepare(d) {
        withDataDirStore(d, (store) => addSceneConfig(store.config, scene));
      },
    });
    cleanups.push(async () => {
      await serve.stop();
    });

    const api = await ApiSocket.open(serve);
    cleanups.push(() => api.close());
    const admin = await api.call('auth.createFirstAdmin', {
      username: 'admin',
      password: 'admin-pass-123',
      displayName: 'Admin',
    });
    expect(admin.ok, JSON.stringify(admin.error)).toBe(true);
    const session = admin.result.token as string;
    const call = async (method: string, params: unknown) => {
      const r = await api.call(method, params, session);
      expect(r.ok, `${method}: ${JSON.stringify(r.error)}`).toBe(true);
      return r.result;
    };
    // One window for the whole loop: every infraction of the rule joins the same alarm.
    await call('alarms.saveSettings', { groupWindowSec: 3600 });
    await call('notify.saveChannel', {
      id: 'hook',
      name: 'Webhook',
      settings: { kind: 'webhook', url: `${hook.url}/alarms`, headers: {} },
      secret: 'hook-secret',
    });
    await call('notify.saveChannel', {
      id: 'mail',
      name: 'Email',
      settings: {
        kind: 'email',
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        username: 'alerts',
        allowPlaintext: true,
        from: 'watcher@example.test',
        to: ['room@example.test'],
      },
      secret: 'mail-pass',
    });
    const base = { ratePerMinute: 0, dedupSec: 0, timeZone: 'UTC' };
    await call('notify.saveRoute', {
      ...base,
      id: 'traffic',
      name: 'Traffic alarms',
      channelIds: ['hook', 'mail'],
      match: { kinds: ['alarm'], categories: ['traffic'], maxPriority: 4 },
    });
    const minute = localMinute(Date.now(), 'UTC');
    await call('notify.saveRoute', {
      ...base,
      id: 'night',
      name: 'Quiet now',
      channelIds: ['hook'],
      match: { kinds: ['alarm'], categories: ['traffic'] },
      // Two hours either side of now: the whole test runs inside the window.
      quietHours: [{ startMinute: (minute + 1440 - 120) % 1440, endMinute: (minute + 120) % 1440 }],
    });
    await call('notify.saveRoute', {
      ...base,
      id: 'safety',
      name: 'Safety only',
      channelIds: ['hook'],
      match: { kinds: ['alarm'], categories: ['safety'] },
    });

    // The alarm, then grouped infractions updating it.
    let alarm: { id: string; count: number; category: string; priority: number } | undefined;
    await until(
      async () => {
        const r = await api.call('alarms.list', { limit: 10 }, session);
        alarm = (r.result?.items as (typeof alarm)[] | undefined)?.find((a) => a!.count >= 2);
        return alarm !== undefined;
      },
      300_000,
      `an alarm grouping two infractions\n${serve.output().slice(-2000)}`,
      500,
    );
    expect(alarm!.category).toBe('traffic');
    const subject = `alarm:${alarm!.id}`;

    // Webhook: signed, one delivery for the alarm on the traffic route.
    await until(
      () => hook.requests.some((r) => JSON.parse(r.body.toString()).subject === subject),
      120_000,
      'the webhook delivery',
    );
    // Email: a real SMTP session with the password from the channel secret.
    await until(() => smtp.messages.length > 0, 120_000, 'the email');
    expect(smtp.messages[0].to).toEqual(['room@example.test']);
    expect(smtp.messages[0].user).toBe('alerts');

    // More grouped updates after the first delivery still do not notify again.
    const countAtDelivery = alarm!.count;
    await until(
      async () => {
        const r = await api.call('alarms.get', { id: alarm!.id }, session);
        return (r.result?.alarm?.count ?? 0) > countAtDelivery;
      },
      300_000,
      'a later infraction grouped into the alarm (alarm.updated)',
      500,
    );
    const log = (await call('notify.deliveries', { limit: 500 })).items as DeliveryItem[];
    const forAlarm = log.filter((d) => d.subject === subject);
    const traffic = forAlarm.filter((d) => d.routeId === 'traffic');
    expect(traffic.map((d) => d.channelId).sort()).toEqual(['hook', 'mail']);
    await until(
      async () =>
        ((await call('notify.deliveries', { limit: 500 })).items as DeliveryItem[])
          .filter((d) => d.subject === subject && d.routeId === 'traffic')
          .every((d) => d.state === 'sent'),
      120_000,
      'both traffic deliveries sent',
    );
    // Quiet hours: recorded, with its reason, and not sent.
    const quiet = forAlarm.filter((d) => d.routeId === 'night');
    expect(quiet).toHaveLength(1);
    expect(quiet[0]).toMatchObject({
      state: 'suppressed',
      lastErrorCode: 'notify.suppressed.quietHours',
    });
    // Another category: nothing at all.
    expect(forAlarm.filter((d) => d.routeId === 'safety')).toEqual([]);

    const hookForAlarm = hook.requests.filter(
      (r) => JSON.parse(r.body.toString()).subject === subject,
    );
    expect(hookForAlarm).toHaveLength(1);
    expect(hookForAlarm[0].signatureOk).toBe(true);
    expect(hookForAlarm[0].headers['x-watcher-delivery']).toBe(
      traffic.find((d) => d.channelId === 'hook')!.id,
    );
    expect(smtp.messages).toHaveLength(1);

    // The outcomes in /metrics, by channel kind.
    const metrics = await (
      await fetch(new URL('/metrics', serve.origin), {
        headers: { Authorization: `Bearer ${serve.token}` },
      })
    ).text();
    const value = (labels: string) =>
      Number(
        new RegExp(`^watcher_notify_deliveries_total\\{${labels}\\} (\\S+)$`, 'm').exec(
          metrics,
        )?.[1],
      );
    expect(value('channel_kind="webhook",state="sent"')).toBe(1);
    expect(value('channel_kind="email",state="sent"')).toBe(1);
    expect(value('channel_kind="webhook",state="suppressed"')).toBe(1);
    expect(metrics).toMatch(/^watcher_notify_outbox_depth\{channel_kind="email"\} 0$/m);
  }, 600_000);
});
