import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttMessages as mqttCatalog } from '../../electron/shared/i18n/mqtt';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import {
  hasMosquitto,
  hasMosquittoPasswd,
  startBroker,
  subscriber,
  type Broker,
} from '../helpers/mosquitto';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { until } from '../helpers/until';

const BROKER_PASSWORD = 'ui-broker-pw-7c1e';
const OPERATOR = { username: 'operador', password: 'operador seguro 1' };

const published = async (section: ReturnType<Page['locator']>): Promise<number> => {
  const m = /(?:Publicados|Published): (\d+)/.exec((await section.textContent()) ?? '');
  return m ? Number(m[1]) : -1;
};

/** A viewport screenshot with the MQTT section scrolled fully into view (it is the last card). */
async function shot(section: ReturnType<Page['locator']>, name: string): Promise<void> {
  await section.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await screenshot(section.page(), name);
}

/** Settings → MQTT against a real `watcher serve` (built bundle) and a real mosquitto. */
describe.skipIf(!hasMosquitto || !hasMosquittoPasswd)('Settings → MQTT (real broker)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-ui-mqtt-'));
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker({ dir, users: { watcher: BROKER_PASSWORD } });
  });
  afterAll(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });

  it('an admin connects with user and password, sees connected and the counter grow; a wrong password shows the auth error', async () => {
    const sub = await subscriber(broker.url, 'watcher/#', {
      username: 'watcher',
      password: BROKER_PASSWORD,
    });
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const section = page.locator('section[aria-labelledby="mqtt-title"]');
    await section.waitFor({ timeout: 30_000 });
    await section.getByLabel('Activado').check();
    await section.getByLabel('URL del broker').fill(broker.url);
    await section.getByLabel('Usuario').fill('watcher');
    await section.getByLabel('Contraseña', { exact: true }).fill(BROKER_PASSWORD);
    // Verification off says, in words, that it is not secure; back on, the warning goes.
    await section.getByLabel('Verificar el certificado del broker').uncheck();
    expect(await section.getByTestId('mqtt-insecure').textContent()).toBe(
      mqttCatalog['mqtt.insecure'].es,
    );
    await shot(section, 'ui-mqtt-insecure-es');
    await section.getByLabel('Verificar el certificado del broker').check();
    expect(await section.getByTestId('mqtt-insecure').count()).toBe(0);
    await section.getByRole('button', { name: 'Guardar' }).click();
    await section.getByText('Ajustes MQTT guardados.').waitFor({ timeout: 15_000 });
    await section.getByText('Conectado', { exact: true }).waitFor({ timeout: 30_000 });
    await until(
      () => sub.received.some((m) => m.topic === 'watcher/available' && m.payload === 'online'),
      30_000,
      'online at the broker',
    );
    // The demo camera's status changes go out; the page polls the status every 2 s.
    const first = await published(section);
    expect(first).toBeGreaterThanOrEqual(0);
    await until(
      async () => (await published(section)) > first,
      60_000,
      'the published counter to grow',
      500,
    );
    // The stored password is never sent back to the page.
    expect(await section.getByLabel('Contraseña', { exact: true }).inputValue()).toBe('');
    expect(
      await section.getByLabel('Contraseña', { exact: true }).getAttribute('placeholder'),
    ).toBe('Guardada (deje vacío para conservarla)');
    const settings = await apiCall(page, 'mqtt.settings', {});
    expect(JSON.stringify(settings)).not.toContain(BROKER_PASSWORD);
    await shot(section, 'ui-mqtt-connected-es');

    // A wrong password: the broker refuses it and the page says so in words, with the reason.
    await section.getByLabel('Contraseña', { exact: true }).fill('not-the-password');
    await section.getByRole('button', { name: 'Guardar' }).click();
    const alert = section.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    await until(
      async () => ((await alert.textContent()) ?? '').includes(mqttCatalog['mqtt.error.auth'].es),
      30_000,
      'the auth error text',
      250,
    );
    expect(await section.getByText('Desconectado', { exact: true }).count()).toBe(1);
    await shot(section, 'ui-mqtt-auth-error-es');

    // English: the same section, connected again with the right password.
    const en = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(en.page);
    await en.page.goto(`${ui.serve.baseUrl}#/settings`);
    const enSection = en.page.locator('section[aria-labelledby="mqtt-title"]');
    await enSection.waitFor({ timeout: 30_000 });
    await enSection.getByText(mqttCatalog['mqtt.error.auth'].en, { exact: false }).waitFor({
      timeout: 30_000,
    });
    await shot(enSection, 'ui-mqtt-auth-error-en');
    await enSection.getByLabel('Password', { exact: true }).fill(BROKER_PASSWORD);
    await enSection.getByRole('button', { name: 'Save' }).click();
    await enSection.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
    await shot(enSection, 'ui-mqtt-connected-en');
    expect(errors).toEqual([]);
    expect(en.errors).toEqual([]);
    await en.page.context().close();
    await page.context().close();
    await sub.close();
  }, 240_000);

  it('an operator does not see the MQTT section and cannot read its settings', async () => {
    const admin = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(admin.page);
    const created = await apiCall(admin.page, 'users.create', {
      ...OPERATOR,
      displayName: 'Operador',
      role: 'operator',
    });
    expect(created.ok).toBe(true);
    await admin.page.context().close();

    const { page } = await openPage(ui.browser, ui.serve.url, 'es');
    const form = page.locator('form.narrow');
    await form.waitFor({ timeout: 15_000 });
    await form.locator('input[autocomplete="username"]').fill(OPERATOR.username);
    await form.locator('input[type="password"]').fill(OPERATOR.password);
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    await page.locator('.settings').waitFor({ timeout: 15_000 });
    expect(await page.locator('#mqtt-title').count()).toBe(0);
    expect(await page.getByText('URL del broker').count()).toBe(0);
    const denied = await apiCall(page, 'mqtt.settings', {});
    expect(denied.ok).toBe(false);
    const status = await apiCall(page, 'mqtt.status', {});
    expect(status.ok).toBe(false);
    await page.context().close();
  }, 120_000);
});
