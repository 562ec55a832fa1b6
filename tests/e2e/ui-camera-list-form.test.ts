import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, openPage, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { until } from '../helpers/until';
import { messages } from '../../electron/shared/i18n';

/**
 * Settings → Cameras against the real `watcher serve` in headless Chromium: the list shows each
 * camera's live state, fps and last error; the form offers the loop of a file, clears the
 * location when the kind changes, derives the id from the name, and its id pattern works under
 * the `v` flag Chromium compiles `pattern` with.
 */
describe('Settings → Cameras: list and form', () => {
  const BROKEN = {
    id: 'broken',
    name: 'Broken',
    source: { kind: 'file' as const, path: '/nonexistent/watcher-e2e.mp4', loop: false },
  };
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA, BROKEN] });

  const section = (page: Page) => page.locator('section[aria-labelledby="cams-title"]');
  async function open(locale: 'es' | 'en' = 'es') {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, locale);
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    await section(page).getByTestId('camera-list').waitFor({ timeout: 30_000 });
    return { page, errors };
  }
  async function addForm(page: Page) {
    await section(page).getByRole('button', { name: messages['settings.addCamera'].es }).click();
    const form = section(page).locator('form');
    await form.waitFor();
    return form;
  }

  it('the list shows live state and fps, and the last error of a failing camera', async () => {
    const { page, errors } = await open('es');
    const demo = section(page).getByTestId('camera-row-demo');
    const broken = section(page).getByTestId('camera-row-broken');
    // The demo camera streams: "En vivo" with its fps.
    await until(
      async () =>
        (await demo.getByTestId('camera-row-state').getAttribute('data-state')) === 'streaming',
      60_000,
      'demo camera streaming in the list',
    );
    expect(await demo.getByTestId('camera-row-state').textContent()).toBe(
      messages['camera.state.streaming'].es,
    );
    await until(
      async () =>
        Number((await demo.getByTestId('camera-row-fps').textContent())?.replace(',', '.')) > 0,
      30_000,
      'demo camera fps',
    );
    expect(await demo.getByTestId('camera-row-error').textContent()).toBe(
      messages['cameraList.noError'].es,
    );
    // The broken file: its error, in Spanish, stays in "last error" while it retries.
    const notFound = messages['camera.error.not_found'].es;
    await until(
      async () =>
        ((await broken.getByTestId('camera-row-error').textContent()) ?? '').includes(notFound),
      60_000,
      'last error of the broken camera',
    );
    expect(await broken.getByTestId('camera-row-fps').textContent()).toBe('—');
    expect(errors).toEqual([]);
  });

  it('a file source offers the loop option, and the saved camera loops', async () => {
    const { page, errors } = await open('es');
    const form = await addForm(page);
    expect(await form.getByTestId('camera-loop').count()).toBe(0);
    await form.getByTestId('camera-kind').selectOption('file');
    await form.getByTestId('camera-loop').check();
    await form.getByTestId('camera-name').fill('Archivo en bucle');
    await form.getByTestId('camera-location').fill('/nonexistent/loop.mp4');
    await form.getByRole('button', { name: messages['settings.save'].es }).click();
    await section(page).getByTestId('camera-row-archivo-en-bucle').waitFor({ timeout: 15_000 });
    const list = await apiCall(page, 'cameras.list', {});
    const saved = (list.result as Array<{ id: string; source: unknown }>).find(
      (c) => c.id === 'archivo-en-bucle',
    );
    expect(saved?.source).toEqual({ kind: 'file', path: '/nonexistent/loop.mp4', loop: true });
    await apiCall(page, 'cameras.remove', { id: 'archivo-en-bucle' });
    expect(errors).toEqual([]);
  });

  it('changing the kind clears the location', async () => {
    const { page, errors } = await open('es');
    const form = await addForm(page);
    await form.getByTestId('camera-location').fill('rtsp://10.0.0.9/stream1');
    await form.getByTestId('camera-kind').selectOption('file');
    expect(await form.getByTestId('camera-location').inputValue()).toBe('');
    await form.getByTestId('camera-location').fill('/videos/a.mp4');
    await form.getByTestId('camera-kind').selectOption('hls');
    expect(await form.getByTestId('camera-location').inputValue()).toBe('');
    expect(errors).toEqual([]);
  });

  it('derives the id from the name until the id is typed by hand', async () => {
    const { page, errors } = await open('es');
    const form = await addForm(page);
    await form.getByTestId('camera-name').fill('Cámara Norte 2');
    expect(await form.getByTestId('camera-id').inputValue()).toBe('camara-norte-2');
    await form.getByTestId('camera-id').fill('gate-7');
    await form.getByTestId('camera-name').fill('Cámara Sur');
    expect(await form.getByTestId('camera-id').inputValue()).toBe('gate-7');
    expect(errors).toEqual([]);
  });

  it('the id pattern compiles under the v flag and rejects what the schema rejects', async () => {
    const consoleLines: string[] = [];
    const { page, errors } = await open('es');
    page.on('console', (m) => consoleLines.push(m.text()));
    const form = await addForm(page);
    const id = form.getByTestId('camera-id');
    const pattern = (await id.getAttribute('pattern'))!;
    // What Chromium does with `pattern`: compile it with the v flag.
    expect(
      await page.evaluate((p) => {
        try {
          new RegExp(`^(?:${p})$`, 'v');
          return 'ok';
        } catch (e) {
          return String(e);
        }
      }, pattern),
    ).toBe('ok');
    const mismatch = async (value: string) => {
      await id.fill(value);
      return id.evaluate((el) => (el as HTMLInputElement).validity.patternMismatch);
    };
    expect(await mismatch('bad id')).toBe(true);
    expect(await mismatch('cámara')).toBe(true);
    expect(await mismatch('good-id_2')).toBe(false);
    expect(consoleLines.filter((l) => /pattern/i.test(l))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
