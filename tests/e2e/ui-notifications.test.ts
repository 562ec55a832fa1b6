import { describe, expect, it } from 'vitest';
import { openPage, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { smtpServer } from '../helpers/notify-receivers';

/**
 * Settings → Notifications against the real host: an email channel to a real SMTP server on
 * loopback, its write-only password, "Send test" with success and with the exact failure, a
 * route, and the delivery log with the outbox depth.
 */
describe('notifications settings', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });

  it('creates an email channel, sends a test, shows the exact error and saves a route', async () => {
    const smtp = await smtpServer({
      user: 'watcher',
      pass: 'right-password',
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
    });
    try {
      const { page, errors } = await openPage(ui.browser, `${ui.serve.url}`, 'es');
      await signIn(page);
      await page.goto(`${ui.serve.baseUrl}#/settings`);
      const card = page.locator('section.notifications');
      await card.getByRole('heading', { name: 'Notificaciones' }).waitFor({ timeout: 30_000 });

      await card.getByRole('button', { name: 'Nuevo canal' }).click();
      const form = page.getByTestId('channel-form');
      await form.getByLabel('Identificador').fill('sala');
      await form.getByLabel('Nombre').fill('Correo sala');
      await form.getByLabel(/Servidor SMTP/).fill(`smtp://127.0.0.1:${smtp.port}`);
      await form.getByLabel('Usuario').fill('watcher');
      await form.getByLabel('Remitente').fill('watcher@example.org');
      await form.getByLabel(/Destinatarios/).fill('sala@example.org');
      await form.getByLabel(/Permitir sin cifrar/).check();
      await form.getByLabel('Contraseña SMTP').fill('right-password');
      await form.getByRole('button', { name: 'Guardar' }).click();
      const row = page.getByTestId('notify-channels').getByRole('row', { name: /Correo sala/ });
      await row.waitFor({ timeout: 15_000 });
      await expect(row.textContent()).resolves.toContain('Guardado');

      await row.getByRole('button', { name: 'Enviar prueba' }).click();
      const outcome = page.getByTestId('notify-test-sala');
      await outcome.getByText(/Prueba enviada/).waitFor({ timeout: 30_000 });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0].to).toEqual(['sala@example.org']);

      // A wrong password: the test says the failure class and the server's exact words.
      await row.getByRole('button', { name: 'Editar' }).click();
      await form.getByLabel('Reemplazar').check();
      await form.getByLabel('Contraseña SMTP').fill('wrong-password');
      await form.getByRole('button', { name: 'Guardar' }).click();
      await form.waitFor({ state: 'detached', timeout: 15_000 });
      await row.getByRole('button', { name: 'Enviar prueba' }).click();
      await outcome.getByText(/notify\.error\.auth/).waitFor({ timeout: 30_000 });
      await expect(outcome.textContent()).resolves.toMatch(
        /rechazad.*Invalid username or password/,
      );

      await card.getByRole('button', { name: 'Nueva regla de envío' }).click();
      const routeForm = page.getByTestId('route-form');
      await routeForm.getByLabel('Identificador').fill('todo');
      await routeForm.getByLabel('Nombre').fill('Todo a la sala');
      await routeForm.getByLabel('Correo sala').check();
      await routeForm.getByLabel(/Horas de silencio/).fill('23:00-06:00');
      await routeForm.getByRole('button', { name: 'Guardar' }).click();
      await page
        .getByTestId('notify-routes')
        .getByRole('row', { name: /Todo a la sala/ })
        .waitFor({ timeout: 15_000 });

      await expect(page.getByTestId('outbox-depth').textContent()).resolves.toMatch(/En cola: \d+/);
      expect(errors).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
