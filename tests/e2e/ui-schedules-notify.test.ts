import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { httpReceiver, smtpServer, type HttpReceiver } from '../helpers/notify-receivers';

async function ok(page: Page, method: string, params: unknown): Promise<unknown> {
  const r = await apiCall(page, method, params);
  expect(r.ok, `${method}: ${JSON.stringify(r.error)}`).toBe(true);
  return r.result;
}

/**
 * Reports → Schedules and Settings → Notifications against the real host: a daily schedule
 * emailed through a channel to a real SMTP server on loopback, run now (success, then the SMTP
 * failure in words), the delivery log with a failed delivery and its retry, and the section
 * hidden from an operator.
 */
describe('scheduled reports and the delivery log', () => {
  const ui = useServeAndBrowser({
    cameras: [
      DEMO_CAMERA,
      // A camera whose file is missing never streams: it raises a system alarm to notify.
      {
        id: 'gone',
        name: 'Sin señal',
        source: { kind: 'file', path: '/nonexistent/watcher-e2e.mp4', loop: true },
      },
    ],
  });

  let hook: HttpReceiver | undefined;
  let refuse = true;
  afterAll(async () => {
    await hook?.close();
  });

  /** A webhook refusing with 400 and a route for system alarms, before the alarm is raised. */
  async function routeSystemAlarms(page: Page): Promise<void> {
    hook = await httpReceiver('hook-secret');
    hook.answer = () => (refuse ? { status: 400, body: 'not today' } : { status: 204 });
    await ok(page, 'notify.saveChannel', {
      id: 'hook',
      name: 'Receptor',
      settings: { kind: 'webhook', url: `${hook.url}/watcher`, headers: {} },
      secret: 'hook-secret',
    });
    await ok(page, 'notify.saveRoute', {
      id: 'sistema',
      name: 'Alarmas del sistema',
      channelIds: ['hook'],
      match: { kinds: ['alarm'], categories: ['system'] },
      ratePerMinute: 0,
      dedupSec: 0,
    });
    await ok(page, 'alarms.saveSettings', { cameraOfflineSec: 5 });
  }

  it('creates a daily schedule with an email channel, runs it now, shows success and the SMTP failure', async () => {
    const smtp = await smtpServer({
      user: 'watcher',
      pass: 'right-password',
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
    });
    try {
      const { page, errors } = await openPage(ui.browser, `${ui.serve.url}`, 'es');
      await signIn(page);
      await routeSystemAlarms(page);
      const channel = {
        id: 'sala',
        name: 'Correo sala',
        settings: {
          kind: 'email',
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
          username: 'watcher',
          allowPlaintext: true,
          from: 'watcher@example.org',
          to: ['sala@example.org'],
        },
      };
      await ok(page, 'notify.saveChannel', { ...channel, secret: 'right-password' });

      await page.goto(`${ui.serve.baseUrl}#/reports/schedules`);
      const card = page.locator('section.schedules');
      await card
        .getByRole('heading', { name: 'Reportes programados' })
        .waitFor({ timeout: 30_000 });
      await card.getByRole('button', { name: 'Nuevo reporte programado' }).click();
      const form = page.locator('form.schedule-form');
      await form.getByLabel('Nombre', { exact: true }).fill('Diario sala');
      await form.getByLabel('Identificador').fill('diario-sala');
      await form.getByLabel('Correo sala').check();
      await form.getByRole('button', { name: 'Guardar' }).click();
      const row = page.getByTestId('schedules-table').getByRole('row', { name: /Diario sala/ });
      await row.waitFor({ timeout: 15_000 });

      const runs = page.getByTestId('schedule-runs');
      await row.getByRole('button', { name: 'Ejecutar ahora' }).click();
      await expect
        .poll(
          async () => {
            return (await runs.count()) ? runs.locator('tbody tr').first().textContent() : '';
          },
          { timeout: 90_000, interval: 500 },
        )
        .toMatch(/Correcto/);
      await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(1);
      expect(smtp.messages[0].to).toEqual(['sala@example.org']);
      await screenshot(page, 'ui-schedules-es');

      // The relay refuses the password: the run fails and says why, in words.
      await ok(page, 'notify.saveChannel', { ...channel, secret: 'wrong-password' });
      await row.getByRole('button', { name: 'Ejecutar ahora' }).click();
      await expect
        .poll(
          async () => {
            return runs.locator('tbody tr').first().textContent();
          },
          { timeout: 90_000, interval: 500 },
        )
        .toMatch(/Falló/);
      const note = runs.locator('tbody tr').first().getByRole('note');
      await expect(note.textContent()).resolves.toMatch(/Autenticación rechazada/);
      await screenshot(page, 'ui-schedules-failed-es');

      const en = await openPage(ui.browser, `${ui.serve.url}`, 'en');
      await signIn(en.page);
      await en.page.goto(`${ui.serve.baseUrl}#/reports/schedules`);
      await en.page
        .getByTestId('schedule-runs')
        .getByText(/Authentication rejected/)
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(en.page, 'ui-schedules-en');
      expect(errors).toEqual([]);
      expect(en.errors).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it('the delivery log shows a failed delivery and its retry sends it', async () => {
    const rx = hook!;
    {
      const { page, errors } = await openPage(ui.browser, `${ui.serve.url}`, 'es');
      await signIn(page);
      await page.goto(`${ui.serve.baseUrl}#/settings`);
      const card = page.locator('section.notifications');
      await card.getByRole('heading', { name: 'Notificaciones' }).waitFor({ timeout: 30_000 });
      const log = page.getByTestId('notify-deliveries');
      const failedRow = log.getByRole('row', { name: /Falló/ }).first();
      await expect
        .poll(
          async () => {
            await card.getByRole('button', { name: 'Actualizar' }).click();
            return failedRow.count();
          },
          { timeout: 180_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      // 400 is permanent: failed at once, with the receiver's words.
      await expect(failedRow.textContent()).resolves.toMatch(/not today|400/);
      expect(rx.requests.every((r) => r.signatureOk)).toBe(true);
      await screenshot(page, 'ui-notify-deliveries-failed-es');

      refuse = false;
      const before = rx.accepted.size;
      await failedRow.getByRole('button', { name: 'Reintentar' }).click();
      await expect.poll(() => rx.accepted.size, { timeout: 60_000 }).toBeGreaterThan(before);
      await expect
        .poll(
          async () => {
            await card.getByRole('button', { name: 'Actualizar' }).click();
            return log.getByRole('row', { name: /Enviado/ }).count();
          },
          { timeout: 60_000, interval: 500 },
        )
        .toBeGreaterThan(0);
      await screenshot(page, 'ui-notify-deliveries-retried-es');
      expect(errors).toEqual([]);

      // An operator: Settings without the Notifications section.
      await ok(page, 'users.create', {
        username: 'operador',
        password: 'operator pass 1',
        displayName: 'Operador',
        role: 'operator',
      });
      const op = await openPage(ui.browser, `${ui.serve.url}`, 'en');
      const login = op.page.locator('form.narrow');
      await login.waitFor({ timeout: 15_000 });
      await login.locator('input[autocomplete="username"]').fill('operador');
      await login.locator('input[type="password"]').first().fill('operator pass 1');
      await login.locator('button[type="submit"]').click();
      await login.waitFor({ state: 'detached', timeout: 15_000 });
      await op.page.goto(`${ui.serve.baseUrl}#/settings`);
      await op.page.locator('main h2').first().waitFor({ timeout: 30_000 });
      expect(await op.page.locator('section.notifications').count()).toBe(0);
      expect(await op.page.getByRole('heading', { name: 'Notifications' }).count()).toBe(0);
      await screenshot(op.page, 'ui-settings-operator-en');
    }
  });
});
