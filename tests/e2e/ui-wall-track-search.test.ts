import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { messages } from '../../electron/shared/i18n';

/**
 * A tracked object clicked on a live wall tile (the demo camera's moving vehicles, tracked by the
 * worker) opens its menu: "Find where else this person or vehicle went". The demo camera has no
 * embedding model, so neither the store nor the camera's worker holds the track's appearance: the
 * menu says so instead of an empty list.
 */
describe('search from a tracked box on the wall', () => {
  const ui = useServeAndBrowser({
    cameras: [{ id: 'demo', name: 'Demo', source: { kind: 'demo' as const } }],
  });

  it('clicking a tracked box offers the search, and a track without appearance says so', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.waitForFunction(
      () =>
        ((window as unknown as { watcherMetrics?: Record<string, { overlaysDrawn: number }> })
          .watcherMetrics?.demo?.overlaysDrawn ?? 0) > 3,
      null,
      { timeout: 60_000 },
    );
    const media = page.getByTestId('tile-media-demo');
    const box = (await media.boundingBox())!;
    const menu = page.getByTestId('wall-track-search');
    // The vehicles move: click across the tile until one of them is under the pointer.
    const deadline = Date.now() + 45_000;
    while (!(await menu.isVisible()) && Date.now() < deadline)
      for (let gy = 1; gy < 8 && !(await menu.isVisible()); gy++)
        for (let gx = 1; gx < 16; gx++) {
          await page.mouse.click(box.x + (box.width * gx) / 16, box.y + (box.height * gy) / 8);
          if (await menu.isVisible()) break;
        }
    expect(await menu.isVisible()).toBe(true);
    expect(await menu.textContent()).toMatch(/#\d+/);
    await page.getByTestId('wall-track-find').click();
    const error = page.getByTestId('wall-track-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toBe(messages['tracks.wall.noAppearance'].en);
    await screenshot(page, 'wall-track-search');
    await page.getByTestId('wall-track-close').click();
    expect(await menu.count()).toBe(0);
    expect(errors).toEqual([]);
  }, 180_000);
});
