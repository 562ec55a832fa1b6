import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, openPage, signIn } from '../helpers/browser';
import { auditAccessibility, describeViolations } from '../helpers/a11y';
import { useServeAndBrowser } from '../helpers/ui-session';
import { until } from '../helpers/until';
import { startOnvifStandIn, type OnvifStandIn } from '../helpers/onvif-standin';
import { messages } from '../../electron/shared/i18n';

/**
 * The camera map and the camera form's ONVIF section against the real `watcher serve` in headless
 * Chromium. The map places the cameras by GPS with their live state and heading and opens one on
 * the wall when clicked; with a tile server that cannot be reached (this machine has no internet;
 * a closed loopback port makes that certain) it shows the schematic view and says why, and with a
 * loopback tile server it draws the tiles the host fetched. The form reads the profiles of a
 * loopback ONVIF stand-in (no ONVIF camera exists here) and takes a profile's stream.
 */
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('Camera map and ONVIF in the camera form', () => {
  let standIn: OnvifStandIn;
  let tiles: Server;
  let tilePort = 0;
  let tileRequests = 0;
  const ui = useServeAndBrowser({
    cameras: [
      {
        id: 'demo',
        name: 'Demo',
        source: { kind: 'demo' },
        site: { name: 'Centro', position: { lat: -12.0464, lon: -77.0428 }, headingDeg: 90 },
      },
      {
        id: 'broken',
        name: 'Puente',
        source: { kind: 'file', path: '/nonexistent/watcher-map.mp4', loop: false },
        site: {
          position: { lat: -12.05, lon: -77.035 },
          headingDeg: 200,
          maintenance: 'maintenance',
        },
      },
      { id: 'nogps', name: 'Sin GPS', enabled: false, source: { kind: 'demo' } },
    ],
  });

  beforeAll(async () => {
    standIn = await startOnvifStandIn({
      username: 'admin',
      password: 'Onv1f-e2e-Pw',
      rtspUrl: 'rtsp://127.0.0.1:8554/main',
    });
    tiles = createServer((_req, res) => {
      tileRequests++;
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PNG_1PX);
    });
    await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
    tilePort = (tiles.address() as { port: number }).port;
  });
  afterAll(async () => {
    await standIn?.close();
    await new Promise((r) => tiles?.close(r));
  });

  async function openMap(locale: 'es' | 'en' = 'es') {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, locale);
    await signIn(page);
    return { page, errors };
  }
  const setTiles = (page: Page, tileUrlTemplate: string) =>
    apiCall(page, 'map.settings.set', {
      settings: { tileUrlTemplate, attribution: 'test tiles', tilesEnabled: true },
    });

  it('shows the cameras by GPS with state and heading, the schematic view without tiles, and opens a camera', async () => {
    const { page, errors } = await openMap('es');
    expect(await setTiles(page, 'http://127.0.0.1:9/{z}/{x}/{y}.png')).toMatchObject({ ok: true });
    await page.goto(`${ui.serve.baseUrl}#/map`);
    await page.getByRole('link', { name: messages['nav.map'].es }).waitFor();
    const map = page.getByTestId('map-view');
    await map.getByTestId('map-camera-demo').waitFor({ timeout: 30_000 });
    expect(await map.getByTestId('map-camera-broken').count()).toBe(1);
    expect(await map.getByTestId('map-wedge-demo').count()).toBe(1);
    await until(
      async () =>
        (await map.getByTestId('map-camera-demo').getAttribute('data-state')) === 'online',
      60_000,
      'demo camera online on the map',
    );
    expect(await map.getByTestId('map-camera-broken').getAttribute('data-state')).toBe('offline');
    expect(await map.getByTestId('map-unplaced').textContent()).toContain('Sin GPS');
    const notice = map.getByTestId('map-schematic-notice');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain(messages['map.error.tilesUnreachable'].es);
    expect(await map.getByTestId('map-svg').getAttribute('data-mode')).toBe('schematic');
    expect(await map.getByTestId('map-scale').textContent()).toMatch(/\d+ (m|km)/);
    const a11y = await auditAccessibility(page);
    expect(a11y, describeViolations(a11y)).toEqual([]);

    await map.getByTestId('map-camera-demo').click();
    await page.waitForURL(/#\/wall$/);
    await page.locator('[data-layout="focused"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-layout="focused"] [data-camera-id="demo"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('draws the tiles the host fetched from a reachable tile server', async () => {
    const { page, errors } = await openMap('en');
    expect(await setTiles(page, `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`)).toMatchObject({
      ok: true,
    });
    await page.goto(`${ui.serve.baseUrl}#/map`);
    const map = page.getByTestId('map-view');
    await map.getByTestId('map-camera-demo').waitFor({ timeout: 30_000 });
    await until(async () => (await map.locator('svg image').count()) > 0, 20_000, 'tiles drawn');
    expect(await map.getByTestId('map-svg').getAttribute('data-mode')).toBe('tiles');
    expect(await map.getByTestId('map-schematic-notice').count()).toBe(0);
    expect(tileRequests).toBeGreaterThan(0);
    expect(await map.locator('svg image').first().getAttribute('href')).toMatch(
      /^data:image\/png;base64,/,
    );
    // The layer setting refuses a template that is not http(s), in the UI's language.
    await map.getByTestId('map-settings').locator('summary').click();
    await map.getByTestId('map-tile-template').fill('file:///tiles/{z}/{x}/{y}.png');
    expect(await map.getByTestId('map-tile-template-problem').textContent()).toBe(
      messages['map.template.notHttp'].en,
    );
    expect(errors).toEqual([]);
  });

  it('the camera form reads the profiles of an ONVIF device and takes a stream', async () => {
    const { page, errors } = await openMap('es');
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const section = page.locator('section[aria-labelledby="cams-title"]');
    await section.getByTestId('camera-list').waitFor({ timeout: 30_000 });
    await section.getByRole('button', { name: messages['settings.addCamera'].es }).click();
    const form = section.locator('form');
    await form.getByTestId('camera-name').fill('Cruce ONVIF');
    await form.getByTestId('camera-onvif-url').fill(standIn.deviceUrl);
    await form.getByTestId('camera-onvif-user').fill('admin');
    await form.getByTestId('camera-onvif-password').fill('wrong');
    await form.getByTestId('camera-onvif-probe').click();
    await form.getByTestId('camera-onvif-error').waitFor({ timeout: 15_000 });
    expect(await form.getByTestId('camera-onvif-error').textContent()).toBe(
      messages['onvif.error.auth'].es,
    );
    await form.getByTestId('camera-onvif-password').fill('Onv1f-e2e-Pw');
    await form.getByTestId('camera-onvif-probe').click();
    const main = form.getByTestId('camera-onvif-profile-main');
    await main.waitFor({ timeout: 15_000 });
    expect(await form.getByTestId('camera-onvif-device').textContent()).toContain('Stand-in');
    const a11y = await auditAccessibility(page);
    expect(a11y, describeViolations(a11y)).toEqual([]);
    await main.getByRole('button', { name: messages['onvif.profile.use'].es }).click();
    expect(await form.getByTestId('camera-kind').inputValue()).toBe('rtsp');
    expect(await form.getByTestId('camera-location').inputValue()).toBe(
      'rtsp://admin:Onv1f-e2e-Pw@127.0.0.1:8554/main',
    );
    await form.getByTestId('camera-lat').fill('-12.06');
    await form.getByTestId('camera-lon').fill('-77.04');
    await form.getByTestId('camera-heading').fill('45');
    await form.getByRole('button', { name: messages['settings.save'].es }).click();
    await section.getByTestId('camera-row-cruce-onvif').waitFor({ timeout: 15_000 });
    const list = await apiCall(page, 'cameras.list', {});
    expect(JSON.stringify(list.result)).not.toContain('Onv1f-e2e-Pw');
    const saved = (list.result as Array<{ id: string; onvif?: unknown; site?: unknown }>).find(
      (c) => c.id === 'cruce-onvif',
    );
    expect(saved?.onvif).toEqual({
      url: standIn.deviceUrl.replace('http://', 'http://admin@'),
      profileToken: 'main',
      ptz: true,
    });
    expect(saved?.site).toMatchObject({ position: { lat: -12.06, lon: -77.04 }, headingDeg: 45 });

    // The wall tile of a PTZ camera lists its presets and moves it.
    await page.goto(`${ui.serve.baseUrl}#/wall`);
    const ptz = page.getByTestId('ptz-menu-cruce-onvif');
    await ptz.waitFor({ timeout: 20_000 });
    await ptz.locator('summary').click();
    await ptz
      .getByRole('button', { name: messages['ptz.goto'].es.replace('{name}', 'Entrada norte') })
      .click();
    await until(async () => standIn.gotos.length > 0, 10_000, 'preset go-to');
    expect(standIn.gotos).toEqual([{ profile: 'main', preset: 'p1' }]);
    await apiCall(page, 'cameras.remove', { id: 'cruce-onvif' });
    expect(errors).toEqual([]);
  });
});
