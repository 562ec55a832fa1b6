import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import {
  addSceneConfig,
  renderSyntheticTraffic,
  syntheticTrafficCamera,
  withDataDirStore,
} from '../helpers/synthetic-traffic-camera';

const sceneDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-reports-live-'));
afterAll(() => rmSync(sceneDir, { recursive: true, force: true }));

/**
 * A real `watcher serve` whose synthetic camera keeps raising speed infractions: the daily report
 * that is open on screen follows them without a reload (the screen and the export agree), and its
 * chart has titled axes.
 */
describe('an open report follows the live infractions', () => {
  const ui = useServeAndBrowser(() => ({
    cameras: [syntheticTrafficCamera(sceneDir, 'Cruce sintético')],
    async prepare(dataDir: string) {
      await renderSyntheticTraffic(sceneDir, { speeds: [110, 120], limitKmh: 80 });
      withDataDirStore(dataDir, (store) => addSceneConfig(store.config, sceneDir));
    },
  }));

  it('the total grows while the report is open; the chart has axes with titles', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/reports`);
    await page.locator('.kpis').waitFor({ timeout: 30_000 });
    const total = async () =>
      Number((await page.locator('.kpis .kpi').first().textContent())?.replace(/\D/g, '') ?? 0);
    const first = await total();
    // No reload, no click: new infractions of the live camera show up in the open report.
    await expect.poll(total, { timeout: 240_000 }).toBeGreaterThan(first);
    await expect.poll(total, { timeout: 240_000 }).toBeGreaterThan(first + 1);
    expect(await page.getByTestId('report-updated').textContent()).toMatch(/^Updated at /);

    const chart = page.getByTestId('report-chart').first();
    await chart.locator('.recharts-xAxis').waitFor();
    // Both axes carry their title, and the value axis its ticks.
    await chart.locator('svg text', { hasText: /^Hour$/ }).waitFor();
    await chart.locator('svg text', { hasText: /^Infractions$/ }).waitFor();
    expect(
      await chart.locator('.recharts-yAxis .recharts-cartesian-axis-tick').count(),
    ).toBeGreaterThan(1);
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await screenshot(page, 'ui-reports-live-en');
    expect(errors).toEqual([]);
  }, 600_000);
});
