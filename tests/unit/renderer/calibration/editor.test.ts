import { describe, expect, it } from 'vitest';
import { commit, initHistory, redo, undo } from '../../../../renderer/src/state/history';
import {
  docFrom,
  nextId,
  parseWorldCoords,
  ruleSetOf,
} from '../../../../renderer/src/calibration/editor-state';
import { ruleSetDraftSchema } from '../../../../electron/shared/api/methods/rules';

describe('undo/redo history', () => {
  it('undoes and redoes edits and drops the redo branch on a new edit', () => {
    let h = initHistory(0);
    h = commit(h, 1);
    h = commit(h, 2);
    h = undo(h);
    expect(h.present).toBe(1);
    h = redo(h);
    expect(h.present).toBe(2);
    h = undo(undo(h));
    expect(h.present).toBe(0);
    expect(undo(h)).toBe(h);
    h = commit(h, 5);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });
});

describe('calibration editor helpers', () => {
  it('parses pasted world coordinates in several notations', () => {
    expect(parseWorldCoords('0, 0\n3.5, 0\n\n3.5;20\n0 20')).toEqual([
      { x: 0, y: 0 },
      { x: 3.5, y: 0 },
      { x: 3.5, y: 20 },
      { x: 0, y: 20 },
    ]);
    expect(parseWorldCoords('3,5; 7,25')).toEqual([{ x: 3.5, y: 7.25 }]);
    expect(parseWorldCoords('a, b')).toBeUndefined();
  });

  it('rescales saved shapes to the frozen frame and round-trips through the rule-set schema', () => {
    const saved = ruleSetDraftSchema.parse({
      imageWidth: 640,
      imageHeight: 360,
      zones: [
        {
          id: 'zone-1',
          name: 'Z',
          points: [
            { x: 0, y: 0 },
            { x: 640, y: 0 },
            { x: 640, y: 360 },
          ],
        },
      ],
      lines: [
        { id: 'line-1', name: 'L', kind: 'wrong-way', a: { x: 320, y: 0 }, b: { x: 320, y: 360 } },
      ],
      signalRegion: { x: 10, y: 10, width: 20, height: 40 },
    });
    const doc = docFrom(undefined, saved, 1280, 720);
    expect(doc.zones[0].points[2]).toEqual({ x: 1280, y: 720 });
    expect(doc.lines[0].b).toEqual({ x: 640, y: 720 });
    expect(doc.signalRegion).toEqual({ x: 20, y: 20, width: 40, height: 80 });
    const out = ruleSetOf(doc, 1280, 720);
    expect(ruleSetDraftSchema.safeParse(out).success).toBe(true);
    expect(nextId('zone', doc.zones)).toBe('zone-2');
    expect(nextId('zone', [{ id: 'zone-2' }])).toBe('zone-3');
  });
});

describe('conversion to the tracking and rules areas’ configs', () => {
  it('produces configs their schemas accept', async () => {
    const { toCalibrationConfig } =
      await import('../../../../electron/shared/api/methods/calibration');
    const { toRuleSetConfig } = await import('../../../../electron/shared/api/methods/rules');
    const { calibrationConfigSchema } =
      await import('../../../../electron/shared/config/calibration');
    const { ruleSetSchema } = await import('../../../../electron/shared/config/rules');
    const cal = toCalibrationConfig(
      {
        imageWidth: 640,
        imageHeight: 360,
        pairs: [
          [100, 140, 0, 0],
          [540, 140, 20, 0],
          [560, 270, 20, 7],
          [80, 270, 0, 7],
        ].map(([a, b, c, d]) => ({ image: { x: a, y: b }, world: { x: c, y: d } })),
      },
      3,
    );
    expect(calibrationConfigSchema.parse(cal)).toMatchObject({
      method: 'points',
      version: 3,
      points: [{ image: [100, 140], world: [0, 0] }, {}, {}, {}],
    });
    const rs = ruleSetSchema.parse(
      toRuleSetConfig(
        {
          imageWidth: 640,
          imageHeight: 360,
          zones: [
            {
              id: 'zone-1',
              name: 'Carril',
              points: [
                { x: 0, y: 0 },
                { x: 10, y: 0 },
                { x: 10, y: 10 },
              ],
              speedLimitKmh: 60,
              dwellSec: 5,
              classes: ['car'],
            },
          ],
          lines: [
            { id: 'line-1', name: 'L1', kind: 'wrong-way', a: { x: 0, y: 5 }, b: { x: 10, y: 5 } },
            {
              id: 'line-2',
              name: 'L2',
              kind: 'lane-invasion',
              a: { x: 5, y: 0 },
              b: { x: 5, y: 10 },
            },
          ],
          stopLine: { a: { x: 0, y: 8 }, b: { x: 10, y: 8 } },
          signalRegion: { x: 1, y: 1, width: 2, height: 4 },
        },
        2,
      ),
    );
    expect(rs.rules.map((r) => r.type).sort()).toEqual([
      'lane-invasion',
      'line-crossing',
      'red-light',
      'speed',
      'zone-intrusion',
    ]);
    expect(rs.lines.map((l) => l.id)).toEqual(['line-1', 'line-2', 'stop-line']);
    // And back: a rule set written by another tool opens in the editor with the same meaning.
    const { fromRuleSetConfig } = await import('../../../../electron/shared/api/methods/rules');
    const back = fromRuleSetConfig(rs);
    expect(back.zones[0]).toMatchObject({ speedLimitKmh: 60, dwellSec: 5, classes: ['car'] });
    expect(back.lines.map((l) => l.kind)).toEqual(['wrong-way', 'lane-invasion']);
    expect(back.stopLine).toEqual({ a: { x: 0, y: 8 }, b: { x: 10, y: 8 } });
    expect(back.signalRegion).toEqual({ x: 1, y: 1, width: 2, height: 4 });
  });
});
