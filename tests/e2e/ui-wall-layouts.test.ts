import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';

const cameras = ['1 Norte', '2 Sur', '3 Este'].map((name, i) => ({
  id: `cam${i + 1}`,
  name,
  source: { kind: 'demo' as const },
  preview: { width: 320 },
}));

const shown = (page: Page) =>
  page.$$eval('.wall__slot', (els) =>
    els.map((e) => e.querySelector('figure')?.getAttribute('data-camera-id') ?? null),
  );

const slotBoxes = (page: Page) =>
  page.$$eval('.wall__slot', (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { w: r.width, h: r.height };
    }),
  );

describe('wall layouts in headless Chromium against watcher serve', () => {
  const ui = useServeAndBrowser({ cameras });

  it('keeps tiles 16:9, pins cameras to slots, pages through the rest, and edits a custom layout', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.waitForSelector('figure[data-camera-id]');

    // 2×2 with three cameras: four slots, the last one free, and no tall strips.
    await page.getByRole('button', { name: '2×2' }).click();
    expect(await shown(page)).toEqual(['cam1', 'cam2', 'cam3', null]);
    expect(await page.locator('.wall__slot--free').textContent()).toContain('Free slot');
    for (const box of await slotBoxes(page)) {
      expect(box.w).toBeGreaterThan(box.h);
      // The picture above the caption keeps the cameras' 16:9 within a few pixels.
      expect(Math.abs(box.w / (box.h - 30) - 16 / 9)).toBeLessThan(0.1);
    }
    await screenshot(page, 'ui-wall-2x2-en');

    // One camera per page: pages, keys and buttons.
    await page.getByRole('button', { name: '1', exact: true }).click();
    expect(await shown(page)).toEqual(['cam1']);
    expect(await page.getByTestId('wall-pager').textContent()).toContain('Page 1 of 3');
    await page.locator('.app__header h1').click();
    await page.keyboard.press('PageDown');
    await expect.poll(() => shown(page)).toEqual(['cam2']);
    await page.getByRole('button', { name: /Next page/ }).click();
    await expect.poll(() => shown(page)).toEqual(['cam3']);
    await page.getByRole('button', { name: /Next page/ }).click();
    await expect.poll(() => shown(page)).toEqual(['cam1']);

    // Pin Este to the first slot of 2×2: it stays there and the others fill the rest.
    await page.getByRole('button', { name: '2×2' }).click();
    await page.getByLabel('Camera in slot 1').selectOption('cam3');
    await expect.poll(() => shown(page)).toEqual(['cam3', 'cam1', 'cam2', null]);

    // The layout and the pin are the user's: a reload keeps them.
    await page.reload();
    await page.waitForSelector('figure[data-camera-id]');
    await expect.poll(() => shown(page)).toEqual(['cam3', 'cam1', 'cam2', null]);
    expect(await page.getByRole('button', { name: '2×2' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    // Custom layout: a 3×2 grid whose first 2×2 squares are merged into one large slot.
    await page.getByRole('button', { name: 'Edit layout…' }).click();
    const editor = page.getByTestId('wall-editor');
    await editor.getByLabel('Columns').fill('3');
    await editor.getByLabel('Rows').fill('2');
    await editor.getByRole('button', { name: 'Split all' }).click();
    expect(await editor.textContent()).toContain('6 slots');
    const from = editor.locator('[data-square="0,0"]');
    const to = editor.locator('[data-square="1,1"]');
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => editor.textContent()).toContain('3 slots');
    await screenshot(page, 'ui-wall-editor-en');
    await editor.getByRole('button', { name: 'Use this layout' }).click();
    await expect.poll(() => page.locator('.wall').getAttribute('data-layout')).toBe('custom');
    const boxes = await slotBoxes(page);
    expect(boxes).toHaveLength(3);
    // The large slot is twice as wide and twice as tall as a small one (gaps aside).
    expect(boxes[0].w / boxes[1].w).toBeGreaterThan(1.8);
    expect(boxes[0].h / boxes[1].h).toBeGreaterThan(1.8);
    expect(await shown(page)).toEqual(['cam1', 'cam2', 'cam3']);

    await page.locator('.app__lang select').selectOption('es');
    await expect.poll(() => page.getByRole('button', { name: 'Personalizada' }).count()).toBe(1);
    await screenshot(page, 'ui-wall-custom-es');
    expect(errors).toEqual([]);
  }, 180_000);
});
