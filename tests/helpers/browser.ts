import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../tools/browser/chromium';
import { artifactsDir } from './fixtures';

export { CHROMIUM_PATH };

/** Headless Chromium as the e2e tests and `watcher bench ui` use it. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/** A 1920×1080 page in the given UI language, with console errors collected. */
export async function openPage(
  browser: Browser,
  url: string,
  locale: 'es' | 'en' = 'es',
  /** Runs before the first navigation, e.g. to listen to the page's WebSocket from its start. */
  beforeGoto?: (page: Page) => unknown,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  // Awaited: an init script that is still being registered when the page loads misses it.
  await beforeGoto?.(page);
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export const TEST_ADMIN = { username: 'admin', password: 'correct horse 1' };

/**
 * Gets past the first-run or login screen of a host with users: creates the administrator on a
 * fresh data dir, or signs in. Works in either UI language (the form fields are found by type).
 */
export async function signIn(page: Page): Promise<void> {
  const form = page.locator('form.narrow');
  const shown = await form.waitFor({ timeout: 5000 }).then(
    () => true,
    () => false,
  );
  if (!shown) return;
  const passwords = form.locator('input[type="password"]');
  await form.locator('input[autocomplete="username"]').fill(TEST_ADMIN.username);
  for (let i = 0; i < (await passwords.count()); i++)
    await passwords.nth(i).fill(TEST_ADMIN.password);
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached', timeout: 15_000 });
}

/** Calls the host API from the page with the signed-in session (raw WebSocket, same contract). */
export async function apiCall(
  page: Page,
  method: string,
  params: unknown,
): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(
    async ([m, p]) => {
      const ws = new WebSocket(`ws://${location.host}/api`);
      await new Promise((r) => (ws.onopen = r));
      const reply = new Promise<{
        ok: boolean;
        result?: unknown;
        error?: { code: string; message: string };
      }>((resolve) => {
        ws.onmessage = (e) => {
          if (typeof e.data !== 'string') return;
          const msg = JSON.parse(e.data);
          if (msg.kind === 'response' && msg.id === 1) resolve(msg);
        };
      });
      const session = sessionStorage.getItem('watcher.session') ?? undefined;
      ws.send(
        JSON.stringify({
          kind: 'request',
          id: 1,
          method: m,
          params: p,
          ...(session ? { session } : {}),
        }),
      );
      const r = await reply;
      ws.close();
      return r;
    },
    [method, params] as const,
  );
}
