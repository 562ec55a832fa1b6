import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadCalibrationFile,
  loadRulesFile,
} from '../../../../inference/worker/evidence/scene-config-files';
import { catalogs } from '../../../../electron/shared/i18n';

const dir = mkdtempSync(path.join(os.tmpdir(), 'scenecfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('scene config files', () => {
  const points = (pts: number[][]) => pts.map(([u, v, x, y]) => ({ image: [u, v], world: [x, y] }));
  it('loads a valid calibration and rule set', async () => {
    const cal = await loadCalibrationFile(
      file('cal.json', {
        method: 'points',
        imageSize: { width: 640, height: 360 },
        points: points([
          [100, 300, 0, 0],
          [500, 300, 7, 0],
          [420, 100, 7, 50],
          [220, 100, 0, 50],
        ]),
      }),
    );
    expect(cal.ok).toBe(true);
    const rules = await loadRulesFile(
      file('rules.json', {
        imageSize: { width: 640, height: 360 },
        zones: [
          {
            id: 'z',
            polygon: [
              [0, 0],
              [1, 0],
              [1, 1],
            ],
          },
        ],
      }),
    );
    expect(rules.ok).toBe(true);
  });
  it('refuses a degenerate calibration with its code, and names missing or broken files', async () => {
    const cal = await loadCalibrationFile(
      file('collinear.json', {
        method: 'points',
        imageSize: { width: 640, height: 360 },
        points: points([
          [1, 1, 0, 0],
          [2, 2, 1, 1],
          [3, 3, 2, 2],
          [4, 4, 3, 3],
        ]),
      }),
    );
    expect(cal).toMatchObject({ ok: false, error: { code: 'calibration.error.collinearPoints' } });
    expect(await loadCalibrationFile(path.join(dir, 'nope.json'))).toMatchObject({
      ok: false,
      error: { code: 'config.error.read', message: expect.stringContaining('file not found') },
    });
    expect(await loadRulesFile(file('bad.json', '{ nope'))).toMatchObject({
      ok: false,
      error: { code: 'config.error.read', message: expect.stringContaining('not valid JSON') },
    });
    const invalid = await loadRulesFile(
      file('invalid.json', {
        imageSize: { width: 640, height: 360 },
        rules: [{ id: 'r', type: 'speed', zoneId: 'x', limitKmh: 50 }],
      }),
    );
    expect(invalid).toMatchObject({
      ok: false,
      error: {
        code: 'config.error.invalid',
        message: expect.stringContaining('rules.0.zoneId: unknown zone "x"'),
      },
    });
  });
  it('every calibration error code and infraction type has es and en text', () => {
    const codes = [
      'tooFewPoints',
      'invalidPoint',
      'duplicatePoints',
      'collinearPoints',
      'degenerate',
      'folds',
      'ransacFailed',
      'invalidField',
    ].map((c) => `calibration.error.${c}`);
    const types = [
      'speed',
      'zone-intrusion',
      'wrong-way',
      'lane-invasion',
      'red-light',
      'ppe',
      'person-down',
    ].map((t) => `infraction.type.${t}`);
    for (const k of [
      ...codes,
      ...types,
      'config.error.read',
      'config.error.invalid',
      'evidence.error.hash',
    ]) {
      expect(catalogs.es[k], k).toBeTruthy();
      expect(catalogs.en[k], k).toBeTruthy();
    }
  });
});
