import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startServe, type ServeHandle } from '../helpers/watcher-serve';
import { artifactsDir } from '../helpers/fixtures';

describe('demo camera in the browser wall (real serve, real Chromium)', () => {
  let serve: ServeHandle;
  let browser: Browser;
  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('first start: create the admin, then the demo tile receives frames whose pixels change', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'es-PE' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    // The token leaves the address bar once the cookie is set.
    await expect.poll(() => page.url(), { timeout: 10_000 }).not.toContain('token=');
    // A fresh install asks for the administrator first (Spanish-first UI).
    const firstRun = page.locator('form:has(input[autocomplete="new-password"])');
    await firstRun.waitFor({ timeout: 20_000 });
    await firstRun.locator('input[autocomplete="username"]').fill('admin');
    await firstRun
      .locator('input:not([type="password"]):not([autocomplete])')
      .first()
      .fill('Administradora');
    await firstRun.locator('input[type="password"]').nth(0).fill('clave-segura-123');
    await firstRun.locator('input[type="password"]').nth(1).fill('clave-segura-123');
    await firstRun.locator('button[type="submit"]').click();
    const canvas = page.getByTestId('tile-canvas-demo');
    await canvas.waitFor({ timeout: 20_000 });

    const fingerprint = () =>
      page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid="tile-canvas-demo"]');
        if (!c || c.width < 2) return null;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let hash = 0;
        let nonBlack = 0;
        for (let i = 0; i < data.length; i += 4) {
          hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) >>> 0;
          if (data[i] + data[i + 1] + data[i + 2] > 30) nonBlack++;
        }
        return { hash, nonBlack, width: c.width, height: c.height };
      });

    // The canvas gets its size before its first frame is drawn: wait for a painted frame.
    await expect
      .poll(
        async () => {
          const f = await fingerprint();
          return f ? f.nonBlack / (f.width * f.height) : 0;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0.5);
    const first = (await fingerprint())!;
    expect(first.width).toBeGreaterThan(100);
    expect(first.nonBlack).toBeGreaterThan(first.width * first.height * 0.5);
    // A later frame differs (however long a loaded machine takes to paint one).
    await expect
      .poll(async () => (await fingerprint())?.hash, { timeout: 30_000 })
      .not.toBe(first.hash);

    // Spanish-first UI and a live state label.
    await expect
      .poll(() => page.locator('.tile__state').textContent(), { timeout: 10_000 })
      .toBe('En vivo');
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'demo-wall.png') });

    // The seeded demo camera's name follows the language, and so does <html lang>.
    expect(await page.locator('.tile__name').textContent()).toBe('Demo · tráfico sintético');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.locator('.app__lang select').selectOption('en');
    await expect
      .poll(() => page.locator('.tile__name').textContent())
      .toBe('Demo · synthetic traffic');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(() => page.locator('.tile__state').textContent()).toBe('Live');
    expect(errors).toEqual([]);
  });
});
