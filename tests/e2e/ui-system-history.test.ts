import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { until } from '../helpers/until';

/** The System view draws each camera's stored history (fps, drops, reconnects) as charts. */
describe('System view: history charts', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });

  it('draws the demo camera history once it has run a little, with axes, legend and ranges', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/system`);
    const figure = page.getByTestId(`metrics-history-${DEMO_CAMERA.id}`);
    await figure.waitFor({ timeout: 30_000 });
    // A line needs two buckets of stored status rows; the view reloads on its own.
    await until(
      async () =>
        (await figure
          .locator('path.recharts-line-curve')
          .evaluateAll((paths) => paths.some((p) => /[LC]/.test(p.getAttribute('d') ?? '')))) ===
        true,
      150_000,
      'a drawn fps line in the history chart',
      500,
    );
    const text = (await figure.textContent()) ?? '';
    expect(text).toContain('fps media');
    expect(text).toContain('fps mínima');
    expect(text).toContain('reconexiones');
    expect(
      await figure.locator('.recharts-xAxis .recharts-cartesian-axis-tick').count(),
    ).toBeGreaterThan(1);
    expect(await figure.locator('.recharts-yAxis').count()).toBeGreaterThan(0);
    await screenshot(page, 'ui-system-history');

    const range = page.getByTestId('metrics-history-range');
    expect(await range.locator('option').allTextContents()).toEqual([
      'Última hora',
      'Últimas 6 horas',
      'Últimas 24 horas',
      'Últimos 7 días',
    ]);
    await range.selectOption('24h');
    await until(
      async () => (await figure.locator('.recharts-surface').count()) > 0,
      30_000,
      'the 24 h chart',
    );
    expect(errors).toEqual([]);
  }, 240_000);
});
