import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, signIn } from '../helpers/browser';
import { artifactsDir, fixtures, sharedFixture } from '../helpers/fixtures';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';

const yolov8 = fixtures.yolov8n();
const yolox = sharedFixture('models/yolox_nano_416.onnx');

/**
 * Settings → Model registry against the real `watcher serve`: an administrator registers two
 * installed models (each becomes a version named by its SHA-256 with its metadata), makes one the
 * champion and the other the challenger of the default group, promotes and rolls back; the group
 * history shows each step. The section reads in Spanish too.
 */
describe.skipIf(!yolov8 || !yolox)('Settings → Model registry', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });
  const section = (page: Page) => page.locator('section[aria-labelledby="registry-title"]');

  it('registers versions, sets champion and challenger, promotes and rolls back', async () => {
    const models = path.join(ui.serve.dataDir, 'models');
    mkdirSync(models, { recursive: true });
    copyFileSync(yolov8!, path.join(models, 'v8.onnx'));
    copyFileSync(yolox!, path.join(models, 'yolox.onnx'));

    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const card = section(page);
    await card.getByRole('heading', { name: 'Model registry' }).waitFor({ timeout: 30_000 });
    await card.getByText('No versions registered yet.').waitFor();

    const picker = card.getByLabel('Register an installed model');
    await picker.selectOption('v8');
    await card.getByRole('button', { name: 'Register', exact: true }).click();
    await card
      .getByRole('status')
      .filter({ hasText: /registered/ })
      .waitFor({ timeout: 30_000 });
    await picker.selectOption('yolox');
    await card.getByRole('button', { name: 'Register', exact: true }).click();
    const rows = card.getByTestId('registry-versions').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    const yoloxRow = card.getByRole('row', { name: /^yolox/ });
    await expect.poll(() => yoloxRow.textContent()).toContain('BGR · 0..255 · top-left pad 114');
    expect(await yoloxRow.textContent()).toContain('416×416');
    const v8Row = card.getByRole('row', { name: /^v8/ });
    expect(await v8Row.textContent()).toContain('RGB · 0..1 · centre pad 114');

    await v8Row.getByRole('button', { name: 'Make champion' }).click();
    await card.getByTestId('registry-champion').filter({ hasText: 'Champion: v8' }).waitFor();
    await yoloxRow.getByRole('button', { name: 'Make challenger' }).click();
    await card
      .getByTestId('registry-challenger')
      .filter({ hasText: 'Challenger: yolox' })
      .waitFor();
    await card.getByTestId('registry-gate').getByText('The challenger may be promoted.').waitFor();

    await card.getByRole('button', { name: 'Promote challenger' }).click();
    await card.getByTestId('registry-champion').filter({ hasText: 'Champion: yolox' }).waitFor();
    await card.getByTestId('registry-challenger').filter({ hasText: 'not set' }).waitFor();
    await card.getByRole('button', { name: 'Roll back champion' }).click();
    await card.getByTestId('registry-champion').filter({ hasText: 'Champion: v8' }).waitFor();
    const history = card.getByTestId('registry-history').locator('li');
    await expect.poll(() => history.count()).toBe(5);
    expect(await history.first().textContent()).toMatch(/rolled back Champion → v8/);
    mkdirSync(artifactsDir, { recursive: true });
    await card.screenshot({ path: path.join(artifactsDir, 'ui-model-registry-en.png') });
    expect(errors).toEqual([]);

    const es = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(es.page);
    await es.page.goto(`${ui.serve.baseUrl}#/settings`);
    const cardEs = section(es.page);
    await cardEs.getByRole('heading', { name: 'Registro de modelos' }).waitFor({ timeout: 30_000 });
    await cardEs.getByTestId('registry-champion').filter({ hasText: 'Campeón: v8' }).waitFor();
  });
});
