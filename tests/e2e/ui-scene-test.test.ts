import { beforeAll, describe, expect, it } from 'vitest';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import {
  DEMO_ROAD_PAIRS,
  enterPairMetres,
  openDemoCalibration,
} from '../helpers/calibration-stage';
import { auditAccessibility, describeViolations } from '../helpers/a11y';

/**
 * Test mode of the calibration tool against a real `watcher serve` and its synthetic demo road:
 * an unsaved draft (calibration, low speed-limit zone, counting line across the road) is replayed
 * over the camera's recent detections and the UI lists what would have fired.
 */
describe('calibration tool test mode', () => {
  const ui = useServeAndBrowser();
  let startedAt = 0;
  beforeAll(async () => {
    startedAt = Date.now();
  });

  it('replays the last seconds with an unsaved draft and lists speeding cars and line counts', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    const { click } = await openDemoCalibration(page, ui.serve.baseUrl);

    // Nothing drawn yet: the host says there is no rule to test.
    const run = page.getByRole('button', { name: 'Test', exact: true });
    await run.click();
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="calib-message"]')
        ?.textContent?.includes('The draft has no rule to test'),
    );

    // The road patch: image corners and their positions in metres.
    for (const [x, y] of DEMO_ROAD_PAIRS) await click(x, y);
    await enterPairMetres(page, DEMO_ROAD_PAIRS);
    // A zone over the whole road with a 10 km/h limit (every demo car is faster).
    await page.getByRole('button', { name: 'Zone', exact: true }).click();
    await click(20, 135);
    await click(620, 135);
    await click(620, 265);
    await click(20, 265);
    await page.keyboard.press('Enter');
    await page.getByLabel('Zone type').selectOption('speed');
    await page.getByLabel('Limit km/h').fill('10');
    await page.getByLabel('Limit km/h').press('Tab');
    // A counting line across both lanes.
    await page.getByRole('button', { name: 'Directed line' }).click();
    await click(330, 120);
    await click(330, 285);
    await expect.poll(() => page.getByTestId('line-row').count()).toBe(1);

    // Replay the demo's last 30 s once it has run long enough for every car to cross the line
    // (the slowest one loops every 8.4 s).
    await page.waitForTimeout(Math.max(0, startedAt + 18_000 - Date.now()));
    await page.getByLabel('Seconds to replay').selectOption('30');
    await run.click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="scene-test-status"]')
          ?.textContent?.includes('frames'),
      undefined,
      { timeout: 30_000 },
    );
    const status = (await page.getByTestId('scene-test-status').textContent())!;
    const frames = Number(/(\d+) frames/.exec(status)?.[1]);
    expect(frames).toBeGreaterThan(100);

    const speeding = page.locator('[data-testid="scene-test-event"][data-type="speed"]');
    const counted = page.locator('[data-testid="scene-test-event"][data-type="count"]');
    await expect.poll(() => speeding.count()).toBeGreaterThan(0);
    await expect.poll(() => counted.count()).toBeGreaterThan(0);
    const first = (await speeding.first().textContent())!;
    expect(first).toContain('Speeding');
    expect(first).toMatch(/km\/h \(limit 10 km\/h\)/);
    expect(first).toContain('Zone 1');
    expect(await counted.first().textContent()).toContain('Line 1');
    // Per line and direction, both directions listed, and the demo's two lanes run opposite ways.
    const counts = await page.getByTestId('scene-test-count').allTextContents();
    expect(counts).toHaveLength(2);
    const perDir = counts.map((c) => Number(/(\d+)$/.exec(c)?.[1]));
    expect(perDir.every((n) => n > 0)).toBe(true);

    // Nothing was saved and no infraction was stored by the test.
    expect(await page.getByTestId('rules-version').textContent()).toContain('No saved version');
    const stored = await apiCall(page, 'infractions.list', {});
    expect(stored.ok).toBe(true);
    expect((stored.result as { items: unknown[] }).items).toEqual([]);

    // Showing one event on the frame (keyboard: focus its button and press Space).
    const pick = page.getByRole('button', { name: 'Show event 1 on the frame' });
    await pick.focus();
    await page.keyboard.press('Space');
    expect(await pick.getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'ui-scene-test');
    // The test-mode panel with results passes axe-core's WCAG 2.1 AA rules (the rest of the view
    // is covered by the accessibility suite).
    const vs = await auditAccessibility(page, {
      exclude: ['header', '.calib__main', '.calib__side > section:not([data-testid="scene-test"])'],
    });
    expect(vs, describeViolations(vs)).toEqual([]);

    // Editing the draft marks the results stale.
    await page.getByLabel('Limit km/h').fill('200');
    await page.getByLabel('Limit km/h').press('Tab');
    await page.getByText('The draft changed after this test; test again.').waitFor();
    await run.click();
    await page.getByTestId('scene-test-stale').waitFor({ state: 'detached' });
    await page.locator('[data-testid="scene-test"][aria-busy="false"]').waitFor();
    expect(await page.locator('[data-testid="scene-test-event"][data-type="speed"]').count()).toBe(
      0,
    );
    expect(await page.locator('[data-testid="scene-test-event"][data-type="count"]').count()).toBe(
      await counted.count(),
    );

    // Saving restarts the camera's scene stage in its worker; the recent history survives it.
    await page.getByRole('button', { name: 'Save zones and lines (new version)' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="calib-message"]')?.textContent?.includes('version 1'),
    );
    await page.waitForTimeout(1500);
    await run.click();
    await page.getByTestId('scene-test-stale').waitFor({ state: 'detached' });
    await page.locator('[data-testid="scene-test"][aria-busy="false"]').waitFor();
    const again = (await page.getByTestId('scene-test-status').textContent())!;
    expect(Number(/(\d+) frames/.exec(again)?.[1])).toBeGreaterThan(100);

    // API errors carry codes the UI translates.
    const draftRules = { imageWidth: 640, imageHeight: 360, zones: [], lines: [] };
    const line = {
      id: 'l',
      name: 'L',
      kind: 'count',
      a: { x: 330, y: 120 },
      b: { x: 330, y: 285 },
    };
    expect(
      (await apiCall(page, 'rules.test', { cameraId: 'demo', rules: draftRules })).error?.code,
    ).toBe('ui.rules.test.noRules');
    expect(
      (
        await apiCall(page, 'rules.test', {
          cameraId: 'nope',
          rules: { ...draftRules, lines: [line] },
        })
      ).error?.code,
    ).toBe('camera.not_found');
    const collinear = [0, 1, 2, 3].map((i) => ({
      image: { x: 100 * i, y: 100 * i },
      world: { x: i, y: i },
    }));
    expect(
      (
        await apiCall(page, 'rules.test', {
          cameraId: 'demo',
          rules: { ...draftRules, lines: [line] },
          calibration: { imageWidth: 640, imageHeight: 360, pairs: collinear },
        })
      ).error?.code,
    ).toBe('calibration.error.collinearPoints');
    const plain = await apiCall(page, 'rules.test', {
      cameraId: 'demo',
      rules: { ...draftRules, lines: [line] },
      seconds: 10,
    });
    expect(plain.ok).toBe(true);
    expect(plain.result).toMatchObject({ counts: [{ lineId: 'l' }, { lineId: 'l' }] });
    expect(errors).toEqual([]);
  });
});
