import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { DEMO_LANE_RULES } from '../../electron/shared/config/demo-scene';

const cameras = [
  { id: 'demo', name: 'Demo · tráfico sintético', source: { kind: 'demo' as const } },
  { id: 'demo2', name: 'Demo 2', source: { kind: 'demo' as const }, preview: { width: 480 } },
];

/** Mean absolute difference of two RGBA pixel arrays sampled from the tile canvas. */
async function tilePixels(page: Page, cameraId: string): Promise<number[]> {
  return page.evaluate((id) => {
    const c = document.querySelector<HTMLCanvasElement>(`[data-testid="tile-canvas-${id}"]`);
    if (!c || !c.width) return [];
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const out: number[] = [];
    for (let i = 0; i < d.length; i += 4 * 97) out.push(d[i], d[i + 1], d[i + 2]);
    return out;
  }, cameraId);
}

describe('live wall in headless Chromium against watcher serve', () => {
  const ui = useServeAndBrowser({ cameras });

  it('shows moving frames with zone overlays, reorders, focuses and keeps the layout after reload', async () => {
    // A saved rule set is drawn on the tile's Konva layer over the live frame.
    const { page, errors } = await openPage(ui.browser, ui.serve.url);
    await signIn(page);
    await page.waitForFunction(
      () =>
        ((window as unknown as { watcherMetrics?: Record<string, { painted: number }> })
          .watcherMetrics?.demo?.painted ?? 0) > 3,
      null,
      { timeout: 30_000 },
    );
    const a = await tilePixels(page, 'demo');
    expect(a.length).toBeGreaterThan(100);
    // The picture moves: a later frame differs (polled, so a slow machine only waits longer).
    await expect
      .poll(
        async () => {
          const b = await tilePixels(page, 'demo');
          return a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0.5);

    const saved = await apiCall(page, 'rules.save', {
      cameraId: 'demo',
      data: DEMO_LANE_RULES,
    });
    expect(saved.ok).toBe(true);
    await page.reload();
    await page.waitForFunction(
      () =>
        ((window as unknown as { watcherMetrics?: Record<string, { painted: number }> })
          .watcherMetrics?.demo?.painted ?? 0) > 3,
      null,
      { timeout: 30_000 },
    );
    // The Konva overlay canvas for the demo tile now has zone pixels.
    const overlayInk = await page.evaluate(() => {
      const fig = document.querySelector('figure[data-camera-id="demo"]');
      const c = fig?.querySelector<HTMLCanvasElement>('.tile__overlay canvas');
      if (!c) return -1;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(overlayInk).toBeGreaterThan(500);
    // Detections from the worker (motion detector on the demo camera) are drawn on their own frame.
    await page.waitForFunction(
      () =>
        ((window as unknown as { watcherMetrics?: Record<string, { overlaysDrawn: number }> })
          .watcherMetrics?.demo?.overlaysDrawn ?? 0) > 0,
      null,
      { timeout: 20_000 },
    );
    await screenshot(page, 'ui-wall');

    // Reorder by dragging demo2 onto demo, then reload: the order is kept (saved per user).
    const order = () =>
      page.$$eval('figure[data-camera-id]', (els) =>
        els.map((e) => e.getAttribute('data-camera-id')),
      );
    const initial = await order();
    expect([...initial].sort()).toEqual(['demo', 'demo2']);
    const swapped = [initial[1], initial[0]];
    await page.dragAndDrop('.wall__slot:nth-child(2)', '.wall__slot:nth-child(1)');
    expect(await order()).toEqual(swapped);
    await page.getByRole('button', { name: '2×2' }).click();
    await page.reload();
    await page.waitForSelector('figure[data-camera-id]');
    expect(await order()).toEqual(swapped);
    expect(await page.getByRole('button', { name: '2×2' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    // Double-click focuses one tile; Escape returns to the grid.
    await page.dblclick('figure[data-camera-id="demo"]');
    expect(await order()).toEqual(['demo']);
    await page.waitForTimeout(500);
    await screenshot(page, 'ui-wall-focused');
    await page.keyboard.press('Escape');
    expect(await order()).toEqual(swapped);

    // Captions show state and fps in Spanish.
    await page.waitForFunction(
      () =>
        document
          .querySelector('figure[data-camera-id="demo"] .tile__state')
          ?.textContent?.includes('En vivo'),
      null,
      { timeout: 20_000 },
    );
    expect(errors).toEqual([]);
  });

  it('scales to a 4K wall (3840×2160): larger type, every tile live', async () => {
    const context = await ui.browser.newContext({
      viewport: { width: 3840, height: 2160 },
      locale: 'es',
    });
    const page = await context.newPage();
    await page.goto(ui.serve.url);
    await signIn(page);
    await page.waitForFunction(
      () =>
        Object.values(
          (window as unknown as { watcherMetrics?: Record<string, { painted: number }> })
            .watcherMetrics ?? {},
        ).filter((m) => m.painted > 2).length >= 2,
      null,
      { timeout: 30_000 },
    );
    const fontPx = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    expect(fontPx).toBeGreaterThanOrEqual(26);
    await screenshot(page, 'ui-wall-4k');
    await context.close();
  });
});
