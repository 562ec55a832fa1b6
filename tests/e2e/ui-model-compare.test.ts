import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { sharedFixture } from '../helpers/fixtures';
import { useServeAndBrowser } from '../helpers/ui-session';

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const mobilenet = sharedFixture('models/mobilenetv2-7-wint8.onnx');
const dog = sharedFixture('fixtures/images/dog.jpg');
const horses = sharedFixture('fixtures/images/horses.jpg');
const have = Boolean(yolo && mobilenet && dog && horses);
if (!have)
  console.warn('[ui-model-compare] skipping: fixture models or images under ../shared are absent');

/**
 * Settings → Models → Compare in headless Chromium against `watcher serve`: two detectors and a
 * classifier on two images dropped in, the boxes side by side, the latency chart, the agreement
 * matrix and the table, in Spanish and in English.
 */
describe.skipIf(!have)('Models → Compare in headless Chromium against watcher serve', () => {
  const ui = useServeAndBrowser();

  const install = () => {
    const dir = path.join(ui.serve.dataDir, 'models');
    mkdirSync(dir, { recursive: true });
    copyFileSync(yolo!, path.join(dir, 'yolov8n.onnx'));
    copyFileSync(yolo!, path.join(dir, 'yolov8n-copia.onnx'));
    copyFileSync(mobilenet!, path.join(dir, 'mobilenet.onnx'));
  };

  for (const locale of ['es', 'en'] as const) {
    it(`compares models on dropped images (${locale})`, async () => {
      install();
      const { page, errors } = await openPage(ui.browser, ui.serve.url, locale);
      await signIn(page);
      await page.goto(`${ui.serve.baseUrl}#/settings`);
      const panel = page.getByTestId('model-compare');
      await panel.waitFor({ timeout: 20_000 });
      const title = locale === 'es' ? 'Comparar modelos' : 'Compare models';
      await panel.getByRole('heading', { name: title }).waitFor();
      await panel.getByTestId('compare-model-yolov8n').check();
      await panel.getByTestId('compare-model-yolov8n-copia').check();
      await panel.getByTestId('compare-model-mobilenet').check();
      await panel.getByTestId('compare-files').setInputFiles([
        { name: 'dog.jpg', mimeType: 'image/jpeg', buffer: readFileSync(dog!) },
        { name: 'horses.jpg', mimeType: 'image/jpeg', buffer: readFileSync(horses!) },
      ]);
      await expect.poll(() => panel.locator('.models__compare-thumbs img').count()).toBe(2);
      await panel.getByTestId('compare-run').click();
      const results = panel.getByTestId('compare-results');
      await results.waitFor({ timeout: 180_000 });
      await expect.poll(() => panel.getByTestId('compare-busy').count()).toBe(0);
      // One row per model, the second (the same model) agrees fully with the first.
      const rows = results.getByTestId('compare-table').locator('tbody tr');
      expect(await rows.count()).toBe(3);
      const agree = (await rows.nth(1).locator('td').nth(6).textContent()) ?? '';
      expect(Number(agree.replace(',', '.'))).toBe(1);
      expect(await results.getByTestId('compare-matrix').locator('tbody tr').count()).toBe(3);
      expect(await results.getByTestId('compare-image').count()).toBe(2);
      expect(await results.getByTestId('compare-canvas').count()).toBe(6);
      await results.getByTestId('compare-latency-chart').locator('svg').first().waitFor();
      expect(await results.textContent()).toContain(locale === 'es' ? 'Consenso' : 'Consensus');
      // CSV export of the table.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        results.getByTestId('compare-export').click(),
      ]);
      expect(download.suggestedFilename()).toBe('model-comparison.csv');
      await results.scrollIntoViewIfNeeded();
      await screenshot(page, `ui-model-compare-${locale}`);
      expect(errors).toEqual([]);
    }, 300_000);
  }
});
