import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, openPage, signIn } from '../helpers/browser';
import { artifactsDir } from '../helpers/fixtures';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { until } from '../helpers/until';

/**
 * Settings → API keys against the real `watcher serve`: an administrator creates a key (shown
 * once, with a copy button), the key works on the REST API, the list shows its last use, revoking
 * it makes the next call 401; an operator does not see the section at all.
 */
describe('Settings → API keys', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });

  const section = (page: Page) => page.locator('section[aria-labelledby="apikeys-title"]');
  const cameras = (key: string) =>
    fetch(`${ui.serve.origin}/api/v1/cameras`, { headers: { Authorization: `Bearer ${key}` } });

  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync(artifactsDir, { recursive: true });
    await section(page).screenshot({ path: path.join(artifactsDir, `${name}.png`) });
  }

  it('an admin creates a key, copies it once, sees its last use and revokes it', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.serve.origin });
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const card = section(page);
    await card.getByRole('heading', { name: 'API keys' }).waitFor({ timeout: 30_000 });

    await card.getByLabel(/^Name/).fill('Ticketing');
    await card.getByRole('checkbox', { name: /cameras:read/ }).check();
    await card.getByRole('button', { name: 'Create key' }).click();
    const created = card.locator('.apikeys__created');
    await created.waitFor({ timeout: 15_000 });
    const key = await created.locator('input').inputValue();
    expect(key).toMatch(/^wk_[a-z0-9]+_[A-Za-z0-9_-]{43,}$/);

    await created.getByRole('button', { name: 'Copy' }).click();
    await created.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await shot(page, 'apikeys-created-en');

    // The key is shown once: after dismissing it (or reloading) it is nowhere on the page.
    await created.getByRole('button', { name: 'I have stored it' }).click();
    await created.waitFor({ state: 'detached' });
    const row = card.getByRole('row', { name: /Ticketing/ });
    await row.waitFor();
    expect(await page.content()).not.toContain(key);
    expect(await row.locator('td').nth(4).textContent()).toBe('Never');

    // The key works on the REST API.
    const r = await cameras(key);
    expect(r.status).toBe(200);
    expect(((await r.json()) as Array<{ id: string }>).map((c) => c.id)).toContain('demo');

    // The list shows the last use once the page reloads it.
    await until(
      async () => {
        await page.reload();
        await section(page)
          .getByRole('row', { name: /Ticketing/ })
          .waitFor({ timeout: 30_000 });
        const lastUsed = await section(page)
          .getByRole('row', { name: /Ticketing/ })
          .locator('td')
          .nth(4)
          .textContent();
        return lastUsed !== 'Never' && /\d/.test(lastUsed ?? '');
      },
      60_000,
      'the last use in the list',
      500,
    );
    expect(await page.content()).not.toContain(key);
    await shot(page, 'apikeys-list-en');

    // Revoke, confirmed in the dialog: the next call is 401.
    page.once('dialog', (d) => void d.accept());
    await section(page)
      .getByRole('row', { name: /Ticketing/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await section(page)
      .getByRole('row', { name: /Ticketing/ })
      .getByText(/Revoked/)
      .waitFor({ timeout: 15_000 });
    const after = await cameras(key);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({
      error: { code: 'api.unauthorized', message: expect.stringMatching(/revoked/) },
    });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reads in Spanish, and an operator does not see the section', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const card = section(page);
    await card.getByRole('heading', { name: 'Claves de API' }).waitFor({ timeout: 30_000 });
    await card.getByLabel(/^Nombre/).fill('Controlador semafórico');
    await card.getByRole('checkbox', { name: /signals:write/ }).check();
    await card.getByRole('button', { name: 'Crear clave' }).click();
    await card.locator('.apikeys__created').waitFor({ timeout: 15_000 });
    await shot(page, 'apikeys-created-es');

    const made = await apiCall(page, 'users.create', {
      username: 'operador',
      password: 'operador seguro 1',
      displayName: 'Operador',
      role: 'operator',
    });
    expect(made.ok, JSON.stringify(made.error)).toBe(true);
    await page.context().close();

    const op = await openPage(ui.browser, ui.serve.url, 'es');
    const form = op.page.locator('form.narrow');
    await form.waitFor({ timeout: 15_000 });
    await form.locator('input[autocomplete="username"]').fill('operador');
    await form.locator('input[type="password"]').first().fill('operador seguro 1');
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });
    await op.page.goto(`${ui.serve.baseUrl}#/settings`);
    // The settings page is there (its other sections), the API keys are not.
    await op.page.locator('.settings section.card').first().waitFor({ timeout: 30_000 });
    expect(await section(op.page).count()).toBe(0);
    expect(await op.page.getByText('Claves de API').count()).toBe(0);
    expect([...errors, ...op.errors]).toEqual([]);
    await op.page.context().close();
  });
});
