import { describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import {
  DEFAULT_TILE_URL_TEMPLATE,
  mapSettingsSchema,
  tileTemplateProblem,
  tileUrl,
} from '../../../../electron/shared/config/map-settings';

const base = { id: 'c1', name: 'Cam 1', source: { kind: 'demo' } };

describe('camera site, GPS, heading, maintenance and ONVIF address', () => {
  it('an old config without them still parses, with no site or onvif added', () => {
    const c = cameraConfigSchema.parse(base);
    expect(c.site).toBeUndefined();
    expect(c.onvif).toBeUndefined();
  });

  it('takes a full site and defaults maintenance to in service', () => {
    const c = cameraConfigSchema.parse({
      ...base,
      site: { name: 'Av. Arequipa', position: { lat: -12.08, lon: -77.03 }, headingDeg: 270 },
      onvif: { url: 'http://admin:pw@10.0.0.5/onvif/device_service' },
    });
    expect(c.site).toEqual({
      name: 'Av. Arequipa',
      position: { lat: -12.08, lon: -77.03 },
      headingDeg: 270,
      maintenance: 'in-service',
    });
    expect(c.onvif).toEqual({ url: 'http://admin:pw@10.0.0.5/onvif/device_service', ptz: false });
  });

  it.each([
    [{ position: { lat: 91, lon: 0 } }, 'latitude'],
    [{ position: { lat: -90.5, lon: 0 } }, 'latitude'],
    [{ position: { lat: 0, lon: 180.1 } }, 'longitude'],
    [{ position: { lat: Number.NaN, lon: 0 } }, ''],
    [{ headingDeg: 361 }, 'heading'],
    [{ headingDeg: -1 }, 'heading'],
    [{ maintenance: 'broken' }, ''],
  ])('refuses a bad site %j', (site, word) => {
    const r = cameraConfigSchema.safeParse({ ...base, site });
    expect(r.success).toBe(false);
    if (word) expect(r.error?.message).toContain(word);
  });

  it.each(['rtsp://10.0.0.5/onvif', 'ftp://x/y', 'http://bad host/x', 'javascript:alert(1)'])(
    'refuses the ONVIF address %s',
    (url) => {
      expect(cameraConfigSchema.safeParse({ ...base, onvif: { url } }).success).toBe(false);
    },
  );
});

describe('map tile URL template', () => {
  it('defaults to OpenStreetMap and fills z, x and y', () => {
    expect(mapSettingsSchema.parse({}).tileUrlTemplate).toBe(DEFAULT_TILE_URL_TEMPLATE);
    expect(tileUrl(DEFAULT_TILE_URL_TEMPLATE, { z: 3, x: 4, y: 5 })).toBe(
      'https://tile.openstreetmap.org/3/4/5.png',
    );
  });

  it.each([
    'https://tiles.example.org/{z}/{x}/{y}.png',
    'http://127.0.0.1:8080/tiles/{z}/{y}/{x}?style=dark',
  ])('takes %s', (t) => expect(tileTemplateProblem(t)).toBeUndefined());

  it.each([
    ['file:///tiles/{z}/{x}/{y}.png', 'map.template.notHttp'],
    ['javascript:{z}{x}{y}', 'map.template.notHttp'],
    ['https://tiles.example.org/{z}/{x}.png', 'map.template.placeholders'],
    ['https://tiles.example.org/{z}/{x}/{y}/{y}.png', 'map.template.placeholders'],
    ['https://user:pw@tiles.example.org/{z}/{x}/{y}.png', 'map.template.credentials'],
    ['https://{s}.tiles.example.org/{z}/{x}/{y}.png', 'map.template.otherPlaceholder'],
    ['https://[bad/{z}/{x}/{y}.png', 'map.template.invalid'],
  ])('refuses %s', (t, code) => {
    expect(tileTemplateProblem(t)).toBe(code);
    expect(mapSettingsSchema.safeParse({ tileUrlTemplate: t }).success).toBe(false);
  });
});
