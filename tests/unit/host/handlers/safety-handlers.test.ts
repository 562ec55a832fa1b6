import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSafetyHandlers } from '../../../../electron/host/handlers/safety-handlers';
import { createRuleHandlers } from '../../../../electron/host/handlers/rule-handlers';
import { FileVersionedConfigs } from '../../../../electron/host/store/file-configs';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import { CodedError } from '../../../../electron/shared/coded-error';
import type { ConnectionContext } from '../../../../electron/host/api-types';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const ctx: ConnectionContext = { connectionId: 'c1', transport: 'ws' };
const square = [
  { x: 0, y: 0 },
  { x: 100, y: 0 },
  { x: 100, y: 100 },
  { x: 0, y: 100 },
];

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'safety-'));
  dirs.push(dir);
  const configs = new FileVersionedConfigs(dir);
  const cameras = { get: (id: string) => (id === 'cam' ? { enabled: true } : undefined) };
  const audit: unknown[] = [];
  const safety = createSafetyHandlers({
    configs,
    cameras,
    audit: { append: (...a: unknown[]) => void audit.push(a) },
  });
  const rules = createRuleHandlers({
    configs,
    cameras,
    testScene: () => Promise.reject(new Error('unused')),
  });
  return { configs, safety, rules, audit };
}

describe('safety.ppe', () => {
  it('says there are no zones, then saves PPE per zone as a new rule-set version the engine reads', async () => {
    const { configs, safety, rules, audit } = setup();
    expect(await safety['safety.ppe.get']({ cameraId: 'cam' }, ctx)).toEqual({
      version: null,
      zones: [],
      labels: {},
    });
    await rules['rules.save'](
      {
        cameraId: 'cam',
        data: {
          imageWidth: 100,
          imageHeight: 100,
          zones: [
            { id: 'yard', name: 'Yard', points: square, classes: [], speedLimitKmh: 20 },
            { id: 'office', name: 'Office', points: square, classes: [] },
          ],
          lines: [],
        },
      },
      ctx,
    );
    const got = await safety['safety.ppe.get']({ cameraId: 'cam' }, ctx);
    expect(got.version).toBe(1);
    expect(got.zones.map((z) => [z.zoneId, z.ppe])).toEqual([
      ['yard', null],
      ['office', null],
    ]);
    const saved = await safety['safety.ppe.save'](
      {
        cameraId: 'cam',
        baseVersion: 1,
        zones: [
          {
            zoneId: 'yard',
            ppe: {
              items: ['hard-hat', 'vest'],
              minDurationSec: 3,
              severity: 'critical',
              personClasses: ['person'],
            },
          },
        ],
        labels: { 'hard-hat': { present: ['casco'], absent: ['sin-casco'] } },
      },
      ctx,
    );
    expect(saved.version).toBe(2);
    expect(audit).toHaveLength(1);
    // The engine's rule set: the yard's speed rule is kept, its PPE rule uses the site's labels.
    const config = ruleSetSchema.parse(configs.ruleSet('cam')!.data);
    expect(config.rules.map((r) => r.id)).toEqual(['yard-speed', 'yard-ppe']);
    const ppe = config.rules[1];
    expect(ppe).toMatchObject({
      type: 'ppe',
      zoneId: 'yard',
      required: [['casco'], ['vest', 'safety-vest']],
      items: ['hard-hat', 'vest'],
      violationClasses: ['sin-casco', 'no-vest', 'no-safety-vest'],
      minDurationSec: 3,
      priority: 1,
      category: 'safety',
    });
    // The zone tool reads it back and saving from there keeps it.
    const draft = (await rules['rules.get']({ cameraId: 'cam' }, ctx)).ruleSet!.data;
    expect(draft.zones[0].ppe?.items).toEqual(['hard-hat', 'vest']);
    await rules['rules.save']({ cameraId: 'cam', data: draft }, ctx);
    const again = await safety['safety.ppe.get']({ cameraId: 'cam' }, ctx);
    expect(again.version).toBe(3);
    expect(again.labels['hard-hat']).toEqual({ present: ['casco'], absent: ['sin-casco'] });
    expect(again.zones[0].ppe).toMatchObject({ items: ['hard-hat', 'vest'], severity: 'critical' });
  });

  it('refuses a stale version and unknown zones with codes', async () => {
    const { safety, rules } = setup();
    await rules['rules.save'](
      {
        cameraId: 'cam',
        data: {
          imageWidth: 100,
          imageHeight: 100,
          zones: [{ id: 'yard', name: 'Yard', points: square, classes: [] }],
          lines: [],
        },
      },
      ctx,
    );
    const call = (baseVersion: number, zoneId: string) =>
      safety['safety.ppe.save'](
        { cameraId: 'cam', baseVersion, zones: [{ zoneId, ppe: null }], labels: {} },
        ctx,
      );
    const code = async (p: () => unknown) => {
      try {
        await p();
      } catch (e) {
        return (e as CodedError).code;
      }
      return 'no error';
    };
    expect(await code(() => call(7, 'yard'))).toBe('safety.error.versionConflict');
    expect(await code(() => call(1, 'nope'))).toBe('safety.error.unknownZone');
    expect(await code(() => safety['safety.ppe.get']({ cameraId: 'other' }, ctx))).toBe(
      'camera.not_found',
    );
  });
});
