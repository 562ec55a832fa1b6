import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { artifactsDir } from '../helpers/fixtures';
import {
  addSceneConfig,
  renderSyntheticTraffic,
  syntheticTrafficCamera,
  withDataDirStore,
} from '../helpers/synthetic-traffic-camera';

const sceneDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-alarms-scene-'));
afterAll(() => rmSync(sceneDir, { recursive: true, force: true }));

/**
 * The sound path is instrumented from outside the product: an init script wraps
 * AudioContext.prototype.createOscillator and counts the oscillators the page creates (every
 * alarm tone is made of oscillators), on `window.__alarmOscillators`.
 */
const COUNT_TONES = () => {
  const w = window as unknown as { __alarmOscillators: number };
  w.__alarmOscillators = 0;
  const proto = window.AudioContext.prototype;
  const create = proto.createOscillator;
  proto.createOscillator = function (this: AudioContext) {
    w.__alarmOscillators++;
    return create.call(this);
  };
};

const tones = (page: Page) =>
  page.evaluate(() => (window as unknown as { __alarmOscillators: number }).__alarmOscillators);

const rows = (page: Page) => page.getByTestId('alarm-panel').locator('[role="option"]');

async function panelShot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page
    .getByTestId('alarm-panel')
    .screenshot({ path: path.join(artifactsDir, `${name}.png`) });
}

/**
 * A real `watcher serve` with a looping synthetic camera whose two cars both exceed the speed
 * limit: the live path (worker → rules → sealed infraction → host) raises real alarms, and the
 * repeated infractions of the same rule flood into one grouped alarm.
 */
describe('alarm panel beside the wall against watcher serve', () => {
  const ui = useServeAndBrowser(() => ({
    cameras: [syntheticTrafficCamera(sceneDir, 'Cruce sintético')],
    async prepare(dataDir: string) {
      await renderSyntheticTraffic(sceneDir, { speeds: [110, 120], limitKmh: 80 });
      withDataDirStore(dataDir, (store) => addSceneConfig(store.config, sceneDir));
    },
  }));

  it('an infraction raises an alarm with badge and tone, acknowledged from the keyboard, still acknowledged after reload; a flood is one row ×N', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en', (p) =>
      p.addInitScript(COUNT_TONES),
    );
    await signIn(page);
    // One window for the whole flood, so every infraction of the rule joins one alarm.
    const saved = await apiCall(page, 'alarms.saveSettings', { groupWindowSec: 3600 });
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    // A user gesture, so the browser lets the page play sound.
    await page.locator('.app__header h1').click();

    await rows(page).first().waitFor({ timeout: 240_000 });
    const row = rows(page).first();
    expect(await row.textContent()).toContain('Cruce sintético');
    expect(await row.textContent()).toContain('Speeding');
    await expect.poll(() => page.getByTestId('alarm-nav-badge').textContent()).toBe('1');
    await expect
      .poll(() => page.getByTestId('alarm-unread').textContent())
      .toBe('1 unacknowledged');
    await expect.poll(() => tones(page), { timeout: 20_000 }).toBeGreaterThan(0);
    // The camera's tile is outlined and says why.
    const tile = page.locator('figure.tile[data-camera-id="syn"]');
    await expect.poll(() => tile.getAttribute('data-alarm')).toBe('true');
    expect(await tile.getAttribute('aria-label')).toBe('Cruce sintético: unacknowledged alarm');

    // The second car (and every loop after) is the same rule on the same camera: one row, ×N.
    await expect
      .poll(async () => Number((await page.getByTestId('alarm-count').textContent())?.slice(1)), {
        timeout: 240_000,
      })
      .toBeGreaterThanOrEqual(2);
    expect(await rows(page).count()).toBe(1);
    await screenshot(page, 'ui-alarms-wall');

    // Typing in a field does not fire the shortcuts.
    await page.locator('.app__header h1').click();
    await page.keyboard.press('j');
    await page.waitForSelector('[data-testid="alarm-panel"] [role="option"][aria-selected="true"]');
    const comment = page.locator('.alarm-detail__comment textarea');
    await comment.press('a');
    await comment.press('Shift+A');
    expect(await comment.inputValue()).toBe('aA');
    expect(await row.getByTestId('alarm-ack').textContent()).toBe('Unacknowledged');
    await page.locator('.app__header h1').click();
    await page.keyboard.press('a');
    await expect
      .poll(() => row.getByTestId('alarm-ack').textContent(), { timeout: 20_000 })
      .toBe('Acknowledged');
    await expect.poll(() => page.getByTestId('alarm-nav-badge').count()).toBe(0);
    await expect.poll(() => tile.getAttribute('data-alarm')).toBe(null);
    await panelShot(page, 'ui-alarms-en');

    // The acknowledgement is the host's: a reload shows it again.
    await page.reload();
    await rows(page).first().waitFor({ timeout: 30_000 });
    await expect
      .poll(() => rows(page).first().getByTestId('alarm-ack').textContent(), { timeout: 20_000 })
      .toBe('Acknowledged');
    expect(await rows(page).count()).toBe(1);
    expect(await page.getByTestId('alarm-nav-badge').count()).toBe(0);

    await page.locator('.app__lang select').selectOption('es');
    await rows(page).first().click();
    await page.getByTestId('alarm-detail').getByText('Historial').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => rows(page).first().getByTestId('alarm-ack').textContent())
      .toBe('Reconocida');
    await page.getByTestId('alarm-detail').locator('.alarm-detail__history li').first().waitFor();
    await panelShot(page, 'ui-alarms-es');
    expect(errors).toEqual([]);
  }, 600_000);
});
