import { describe, expect, it } from 'vitest';
import { openPage, signIn } from '../helpers/browser';
import { auditAccessibility, describeViolations } from '../helpers/a11y';
import { useServeAndBrowser } from '../helpers/ui-session';

/**
 * Every view, in both languages, passes axe-core's WCAG 2.1 AA rules at "serious" and above:
 * names for controls, labels for inputs, contrast, landmarks, valid ARIA.
 */
describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  const ui = useServeAndBrowser();

  it('first-run page', async () => {
    const { page } = await openPage(ui.browser, ui.serve.url, 'es');
    await page.locator('form.narrow').waitFor({ timeout: 15_000 });
    const vs = await auditAccessibility(page);
    expect(vs, describeViolations(vs)).toEqual([]);
    await page.context().close();
  });

  for (const locale of ['es', 'en'] as const) {
    it(`every view in ${locale}`, async () => {
      const { page } = await openPage(ui.browser, ui.serve.url, locale);
      await signIn(page);
      const failures: string[] = [];
      for (const view of ['wall', 'review', 'calibration/demo', 'reports', 'system', 'settings']) {
        await page.goto(`${ui.serve.baseUrl}#/${view}`);
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
