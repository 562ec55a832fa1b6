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

describe('safety.danger', () => {
  it('saves intrusion, loitering and machine proximity per zone as a rule-set version, keeping the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'danger-'));
    dirs.push(dir);
    const configs = new FileVersionedConfigs(dir);
    const cameras = { get: (id: string) => (id === 'cam' ? { enabled: true } : undefined) };
    const audit: unknown[][] = [];
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
    expect(await safety['safety.danger.get']({ cameraId: 'cam' }, ctx)).toEqual({
      version: null,
      zones: [],
    });
    await rules['rules.save'](
      {
        cameraId: 'cam',
        data: {
          imageWidth: 100,
          imageHeight: 100,
          zones: [
            { id: 'press', name: 'Press', points: square, classes: ['car'], speedLimitKmh: 10 },
            { id: 'dock', name: 'Dock', points: square, classes: [] },
          ],
          lines: [],
        },
      },
      ctx,
    );
    const danger = {
      intrusionClasses: [],
      loiterClasses: ['person'],
      loiterSec: 30,
      proximity: {
        personClasses: ['person'],
        machineClasses: ['forklift', 'truck'],
        withinM: 3,
        minDurationSec: 1,
      },
      severity: 'high' as const,
    };
    const saved = await safety['safety.danger.save'](
      { cameraId: 'cam', baseVersion: 1, zones: [{ zoneId: 'press', danger }] },
      ctx,
    );
    expect(saved.version).toBe(2);
    const got = await safety['safety.danger.get']({ cameraId: 'cam' }, ctx);
    expect(got.zones).toEqual([
      { zoneId: 'press', name: 'Press', danger },
      { zoneId: 'dock', name: 'Dock', danger: null },
    ]);
    const rs = ruleSetSchema.parse(configs.ruleSet('cam')!.data);
    expect(rs.rules.map((r) => [r.id, r.type])).toEqual([
      ['press-speed', 'speed'],
      ['press-loiter', 'zone-intrusion'],
      ['press-proximity', 'machine-proximity'],
    ]);
    expect(audit[0].slice(1, 3)).toEqual(['safety.danger.save', 'camera:cam']);
    // A stale base version and an unknown zone are refused with their codes.
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: CodedError) => e.code,
      );
    expect(
      await code(
        Promise.resolve().then(() =>
          safety['safety.danger.save'](
            { cameraId: 'cam', baseVersion: 1, zones: [{ zoneId: 'press', danger: null }] },
            ctx,
          ),
        ),
      ),
    ).toBe('safety.error.versionConflict');
    expect(
      await code(
        Promise.resolve().then(() =>
          safety['safety.danger.save'](
            { cameraId: 'cam', baseVersion: 2, zones: [{ zoneId: 'nope', danger: null }] },
            ctx,
          ),
        ),
      ),
    ).toBe('safety.error.unknownZone');
    // Clearing the zone's danger rules leaves the speed rule.
    await safety['safety.danger.save'](
      { cameraId: 'cam', baseVersion: 2, zones: [{ zoneId: 'press', danger: null }] },
      ctx,
    );
    expect(ruleSetSchema.parse(configs.ruleSet('cam')!.data).rules.map((r) => r.id)).toEqual([
      'press-speed',
    ]);
  });

  it('saves a person-down rule on a zone and reads it back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'danger-'));
    dirs.push(dir);
    const configs = new FileVersionedConfigs(dir);
    const cameras = { get: (id: string) => (id === 'cam' ? { enabled: true } : undefined) };
    const safety = createSafetyHandlers({ configs, cameras });
    const rules = createRuleHandlers({
      configs,
      cameras,
      testScene: () => Promise.reject(new Error('unused')),
    });
    await rules['rules.save'](
      {
        cameraId: 'cam',
        data: {
          imageWidth: 100,
          imageHeight: 100,
          zones: [{ id: 'bay', name: 'Bay', points: square, classes: [] }],
          lines: [],
        },
      },
      ctx,
    );
    const danger = {
      intrusionClasses: [],
      loiterClasses: [],
      personDown: {
        personClasses: ['person'],
        downClasses: ['fallen', 'person-fallen'],
        boxHeuristic: true,
        minDurationSec: 5,
        lyingAspect: 1.3,
      },
      severity: 'critical' as const,
    };
    await safety['safety.danger.save'](
      { cameraId: 'cam', baseVersion: 1, zones: [{ zoneId: 'bay', danger }] },
      ctx,
    );
    const got = await safety['safety.danger.get']({ cameraId: 'cam' }, ctx);
    expect(got.zones).toEqual([{ zoneId: 'bay', name: 'Bay', danger }]);
    const rs = ruleSetSchema.parse(configs.ruleSet('cam')!.data);
    expect(rs.rules).toEqual([
      expect.objectContaining({
        id: 'bay-down',
        type: 'person-down',
        zoneId: 'bay',
        category: 'safety',
        priority: 1,
        downClasses: ['fallen', 'person-fallen'],
        minDurationSec: 5,
      }),
    ]);
  });
});
