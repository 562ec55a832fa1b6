import { describe, expect, it } from 'vitest';
import {
  boxOnFrame,
  lineName,
  measureOf,
  placeMarkerLabels,
  placeOf,
  sceneTestRequest,
  type SceneTestEvent,
} from '../../../../renderer/src/calibration/scene-test';
import { emptyDoc, type EditorDoc } from '../../../../renderer/src/calibration/editor-state';
import { apiMethods } from '../../../../electron/shared/api/contract';
import { catalogs } from '../../../../electron/shared/i18n';

const doc: EditorDoc = {
  ...emptyDoc(),
  zones: [
    {
      id: 'zone-1',
      name: 'Avenida',
      points: [
        { x: 0, y: 0 },
        { x: 9, y: 0 },
        { x: 9, y: 9 },
      ],
      classes: [],
      speedLimitKmh: 30,
    },
  ],
  lines: [{ id: 'line-1', name: 'Cruce', kind: 'count', a: { x: 1, y: 1 }, b: { x: 1, y: 8 } }],
};
const ev = (over: Partial<SceneTestEvent>): SceneTestEvent => ({
  type: 'speed',
  ruleId: 'zone-1-speed',
  tsMs: 0,
  frameId: 1,
  trackId: 3,
  classLabel: 'car',
  measured: {},
  frameWidth: 1280,
  frameHeight: 720,
  ...over,
});

describe('calibration tool test mode helpers', () => {
  it('builds a valid rules.test request from the unsaved draft', () => {
    const req = sceneTestRequest('demo', doc, { width: 640, height: 360 }, 60);
    expect(req).not.toHaveProperty('calibration');
    expect(apiMethods['rules.test'].params.parse(req)).toMatchObject({
      cameraId: 'demo',
      seconds: 60,
      rules: { imageWidth: 640, imageHeight: 360, zones: [{ id: 'zone-1' }] },
    });
    const withPairs = sceneTestRequest(
      'demo',
      { ...doc, pairs: [{ image: { x: 1, y: 2 }, world: { x: 0, y: 0 } }] },
      { width: 640, height: 360 },
      30,
    );
    expect(withPairs.calibration).toEqual({
      imageWidth: 640,
      imageHeight: 360,
      pairs: [{ image: { x: 1, y: 2 }, world: { x: 0, y: 0 } }],
    });
    // Longer than the history the workers keep is refused by the contract.
    expect(apiMethods['rules.test'].params.safeParse({ ...req, seconds: 600 }).success).toBe(false);
  });

  it('scales event boxes to the frozen frame and names places and measures', () => {
    const e = ev({ box: { x1: 128, y1: 72, x2: 256, y2: 144 }, speedKmh: 47.5, limitKmh: 30 });
    expect(boxOnFrame(e, { width: 640, height: 360 })).toEqual({
      x: 64,
      y: 36,
      width: 64,
      height: 36,
    });
    expect(boxOnFrame(ev({}), { width: 640, height: 360 })).toBeUndefined();
    expect(placeOf(ev({ zoneId: 'zone-1' }), doc, 'Stop')).toBe('Avenida');
    expect(placeOf(ev({ lineId: 'line-1' }), doc, 'Stop')).toBe('Cruce');
    expect(placeOf(ev({ lineId: 'stop-line' }), doc, 'Stop')).toBe('Stop');
    expect(lineName('line-9', doc, 'Stop')).toBe('line-9');
    expect(measureOf(e)).toEqual({ key: 'speed', speedKmh: 47.5, limitKmh: 30 });
    expect(measureOf(ev({ type: 'zone-intrusion', measured: { dwellSec: 12 } }))).toEqual({
      key: 'dwell',
      sec: 12,
    });
    expect(measureOf(ev({ type: 'count', direction: 'left-to-right' }))).toEqual({
      key: 'direction',
      direction: 'left-to-right',
    });
  });

  it('has every test-mode message in Spanish and English', () => {
    const keys = Object.keys(catalogs.en).filter(
      (k) => k.startsWith('calib.test.') || k.startsWith('ui.rules.test.'),
    );
    expect(keys.length).toBeGreaterThan(20);
    for (const k of keys) expect(catalogs.es[k], k).toBeTruthy();
    for (const k of Object.keys(catalogs.es).filter((k) => k.startsWith('calib.test.')))
      expect(catalogs.en[k], k).toBeTruthy();
  });
});

describe('scene-test marker labels', () => {
  it('never prints a number over another, however many markers share a spot', () => {
    const boxes = Array.from({ length: 30 }, (_, i) => ({ x: 100 + (i % 3), y: 50 }));
    const spots = placeMarkerLabels(boxes, 20, 10);
    for (let a = 0; a < spots.length; a++)
      for (let b = a + 1; b < spots.length; b++) {
        const p = spots[a];
        const q = spots[b];
        const overlap = p.x < q.x + 20 && q.x < p.x + 20 && p.y < q.y + 10 && q.y < p.y + 10;
        expect(overlap, `${a} and ${b}`).toBe(false);
      }
    // A lone marker keeps its label just above its box.
    expect(placeMarkerLabels([{ x: 5, y: 40 }], 20, 10)).toEqual([{ x: 5, y: 30 }]);
    expect(placeMarkerLabels([{ x: 5, y: 3 }], 20, 10)).toEqual([{ x: 5, y: 0 }]);
  });
});
