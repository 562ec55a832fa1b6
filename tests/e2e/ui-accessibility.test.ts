import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, signIn } from '../helpers/browser';
import { auditAccessibility, describeViolations } from '../helpers/a11y';
import { startServe, type ServeProcess } from '../helpers/serve-process';

/**
 * Every view, in both languages, passes axe-core's WCAG 2.1 AA rules at "serious" and above:
 * names for controls, labels for inputs, contrast, landmarks, valid ARIA.
 */
describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  beforeAll(async () => {
    serve = await startServe({ cameras: [{ id: 'demo', name: 'Demo', source: { kind: 'demo' } }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('first-run page', async () => {
    const { page } = await openPage(browser, serve.url, 'es');
    await page.locator('form.narrow').waitFor({ timeout: 15_000 });
    const vs = await auditAccessibility(page);
    expect(vs, describeViolations(vs)).toEqual([]);
    await page.context().close();
  });

  for (const locale of ['es', 'en'] as const) {
    it(`every view in ${locale}`, async () => {
      const { page } = await openPage(browser, serve.url, locale);
      await signIn(page);
      const failures: string[] = [];
      for (const view of ['wall', 'review', 'calibration/demo', 'reports', 'system', 'settings']) {
        await page.goto(`${serve.baseUrl}#/${view}`);
        await page.locator('main').first().waitFor({ timeout: 15_000 });
        // Let the view load its data (lists, frames) before it is judged.
        await page.waitForTimeout(1500);
        const vs = await auditAccessibility(page);
        if (vs.length) failures.push(`#/${view}:\n${describeViolations(vs)}`);
      }
      expect(failures.join('\n\n')).toBe('');
      await page.context().close();
    });
  }
});
