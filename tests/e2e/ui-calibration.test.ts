import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import {
  DEMO_ROAD_PAIRS,
  enterPairMetres,
  openDemoCalibration,
} from '../helpers/calibration-stage';

describe('calibration and zone tool', () => {
  const ui = useServeAndBrowser();

  it('draws point pairs and a zone with the mouse, saves new versions and reloads them', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    const { click } = await openDemoCalibration(page, ui.serve.baseUrl);
    const pts = DEMO_ROAD_PAIRS;
    await click(pts[0][0], pts[0][1]);
    await click(pts[1][0], pts[1][1]);
    await click(pts[2][0], pts[2][1]);
    expect(await page.getByTestId('calib-solve').textContent()).toContain(
      'At least 4 point pairs are needed; there are 3.',
    );
    await click(pts[3][0], pts[3][1]);
    await expect.poll(() => page.getByTestId('pair-row').count()).toBe(4);
    await enterPairMetres(page, pts);
    // Four exact pairs define the homography exactly: every reprojection error is ~0.
    const errorsM = await page.getByTestId('pair-error').allTextContents();
    expect(errorsM.map((e) => parseFloat(e))).toEqual([0, 0, 0, 0]);

    // A fifth point, then undo removes it.
    await click(300, 200);
    await expect.poll(() => page.getByTestId('pair-row').count()).toBe(5);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('pair-row').count()).toBe(4);

    // A message over the stage never moves or resizes the canvas being drawn on.
    const stageBox = () => page.getByTestId('calib-stage').boundingBox();
    const before = await stageBox();
    await page.getByRole('button', { name: 'Save calibration (new version)' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="calib-message"]')?.textContent?.includes('version 1'),
    );
    expect(await stageBox()).toEqual(before);
    // The bird's-eye view carries a scale bar of a round number of metres.
    expect(Number(await page.getByTestId('birdseye').getAttribute('data-scale-m'))).toBeGreaterThan(
      0,
    );

    // A zone drawn vertex by vertex, closed with Enter, with a speed limit.
    await page.getByRole('button', { name: 'Zone', exact: true }).click();
    await click(120, 150);
    await click(520, 150);
    await click(540, 260);
    await click(100, 260);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('zone-row').count()).toBe(1);
    // A new zone's type is the operator's choice: until it is made, the rules cannot be saved.
    const saveRules = page.getByRole('button', { name: 'Save zones and lines (new version)' });
    expect(await saveRules.isDisabled()).toBe(true);
    expect(await page.getByTestId('rules-untyped').textContent()).toContain('Zone 1');
    expect(await page.getByLabel('Limit km/h').count()).toBe(0);
    await page.getByLabel('Zone type').selectOption('speed');
    expect(await saveRules.isDisabled()).toBe(false);
    await page.getByLabel('Limit km/h').fill('60');
    await page.getByLabel('Limit km/h').press('Tab');
    await page.getByRole('button', { name: 'Directed line' }).click();
    await click(320, 130);
    await click(320, 280);
    await expect.poll(() => page.getByTestId('line-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Save zones and lines (new version)' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="calib-message"]')?.textContent?.includes('version 1'),
    );
    await screenshot(page, 'ui-calibration');

    await page.reload();
    await page.getByTestId('pair-row').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('pair-row').count()).toBe(4);
    await expect.poll(() => page.getByTestId('zone-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('line-row').count()).toBe(1);
    expect(await page.getByLabel('Limit km/h').inputValue()).toBe('60');
    expect(await page.getByLabel('Zone type').inputValue()).toBe('speed');
    expect(await page.getByTestId('calib-version').textContent()).toContain('Version 1');
    expect(await page.getByTestId('rules-version').textContent()).toContain('Version 1');
    expect(await page.getByLabel('X in metres of point 2').inputValue()).toBe('20');

    // Saving again makes version 2; the bird's-eye preview has content.
    await page.getByRole('button', { name: 'Save calibration (new version)' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="calib-message"]')?.textContent?.includes('version 2'),
    );
    const ink = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="birdseye"]')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 30) n++;
      return n / (d.length / 4);
    });
    expect(ink).toBeGreaterThan(0.3);
    await screenshot(page, 'ui-calibration-reloaded');
    expect(errors).toEqual([]);
  });

  it('shows the camera frame when opened straight from a link, without the wall shown first', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    // A fresh document at the deep link: the sign-in screen, then the calibration view, never the wall.
    await page.goto(`${ui.serve.baseUrl}#/calibration/demo`);
    await page.reload();
    await signIn(page);
    expect(new URL(page.url()).hash).toBe('#/calibration/demo');
    const stage = page.locator('[data-testid="calib-stage"] canvas').first();
    await stage.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid^="tile-canvas-"]').count()).toBe(0);
    // The frozen frame is painted on the stage (fitted, so it covers most of it).
    const painted = await stage.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] > 30) n++;
      return n / (d.length / 4);
    });
    expect(painted).toBeGreaterThan(0.3);
    await expect.poll(() => page.getByTestId('calib-message').count()).toBe(0);
    await screenshot(page, 'ui-calibration-deep-link');
    expect(errors).toEqual([]);
  });
});
