import { describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { mapCameraState, placeCameras } from '../../../../renderer/src/map/map-state';
import {
  blankSiteForm,
  onvifOf,
  siteFormOf,
  siteOf,
  splitUser,
  withUserinfo,
} from '../../../../renderer/src/map/camera-site-form';

const cam = (extra: object = {}) =>
  cameraConfigSchema.parse({ id: 'c1', name: 'C1', source: { kind: 'demo' }, ...extra });
const status = (state: 'streaming' | 'error') => ({
  cameraId: 'c1',
  state,
  frames: 0,
  fps: 0,
  droppedByRate: 0,
  lost: 0,
  reconnects: 0,
});

describe('camera state on the map', () => {
  it('an open alarm wins, then disabled, then streaming is online, else offline', () => {
    expect(mapCameraState(cam(), status('streaming'), [])).toBe('online');
    expect(mapCameraState(cam(), status('error'), [])).toBe('offline');
    expect(mapCameraState(cam(), undefined, [])).toBe('offline');
    expect(mapCameraState(cam({ enabled: false }), status('streaming'), [])).toBe('disabled');
    expect(
      mapCameraState(cam(), status('streaming'), [{ cameraId: 'c1', state: 'new' as const }]),
    ).toBe('alarm');
    expect(
      mapCameraState(cam(), status('streaming'), [{ cameraId: 'c1', state: 'closed' as const }]),
    ).toBe('online');
    expect(
      mapCameraState(cam(), status('streaming'), [{ cameraId: 'other', state: 'new' as const }]),
    ).toBe('online');
  });

  it('places cameras with a position and lists the others', () => {
    const { placed, unplaced } = placeCameras([
      cam({ site: { position: { lat: 1, lon: 2 }, headingDeg: 45 } }),
      cam({ id: 'c2', site: { name: 'No GPS' } }),
    ]);
    expect(placed).toMatchObject([{ lat: 1, lon: 2, headingDeg: 45 }]);
    expect(unplaced.map((c) => c.id)).toEqual(['c2']);
  });
});

describe('camera form: site and ONVIF fields', () => {
  it('an untouched form adds no site and no ONVIF address', () => {
    expect(siteOf(blankSiteForm)).toBeUndefined();
    expect(onvifOf(blankSiteForm)).toBeUndefined();
  });

  it('round-trips a camera through the form, the user split out of the ONVIF URL', () => {
    const c = cam({
      site: { name: 'S', position: { lat: -12.5, lon: -77.25 }, headingDeg: 10 },
      onvif: {
        url: 'http://op%40x@10.0.0.5/onvif/device_service',
        profileToken: 'main',
        ptz: true,
      },
    });
    const f = siteFormOf(c);
    expect(f).toMatchObject({
      lat: '-12.5',
      lon: '-77.25',
      heading: '10',
      onvifUrl: 'http://10.0.0.5/onvif/device_service',
      onvifUser: 'op@x',
      onvifPassword: '',
    });
    expect(siteOf(f)).toEqual({ ...c.site });
    expect(onvifOf({ ...f, onvifPassword: 'p:w@d' })).toEqual({
      url: 'http://op%40x:p%3Aw%40d@10.0.0.5/onvif/device_service',
      profileToken: 'main',
      ptz: true,
    });
  });

  it('a latitude without longitude or a word is refused by the schema, not dropped', () => {
    const bad = siteOf({ ...blankSiteForm, lat: '-12' });
    expect(cameraConfigSchema.safeParse({ ...cam(), site: bad }).success).toBe(false);
    const word = siteOf({ ...blankSiteForm, lat: 'norte', lon: '1' });
    expect(cameraConfigSchema.safeParse({ ...cam(), site: word }).success).toBe(false);
    expect(siteOf({ ...blankSiteForm, lat: '-12,5', lon: '3' })).toMatchObject({
      position: { lat: -12.5, lon: 3 },
    });
  });

  it('puts a user and password into a stream URL and takes them out again', () => {
    expect(withUserinfo('rtsp://10.0.0.5:554/s1', 'admin', 'a/b')).toBe(
      'rtsp://admin:a%2Fb@10.0.0.5:554/s1',
    );
    expect(withUserinfo('rtsp://10.0.0.5/s1', '', 'x')).toBe('rtsp://10.0.0.5/s1');
    expect(splitUser('http://admin@h/x')).toEqual({ url: 'http://h/x', user: 'admin' });
  });
});
