import { describe, expect, it } from 'vitest';
import { commit, initHistory, redo, undo } from '../../../../renderer/src/state/history';
import {
  addLine,
  addPair,
  addZone,
  clearSignalRegion,
  docFrom,
  emptyDoc,
  flipLine,
  moveZoneVertex,
  movePair,
  nextId,
  optionalPositive,
  parseClasses,
  parseDecimal,
  parseWorldCoords,
  removeLine,
  removePair,
  removeZone,
  ruleSetOf,
  setAllWorld,
  setPairWorld,
  setSignalRegion,
  setStopLine,
  updateLine,
  updateZone,
  type EditorDoc,
} from '../../../../renderer/src/calibration/editor-state';
import {
  editorReducer,
  initEditor,
  type EditorAction,
  type EditorState,
} from '../../../../renderer/src/calibration/editor-reducer';
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
    expect(back.zones[0]).toMatchObject({
      speedLimitKmh: 60,
      dwellSec: 5,
      classes: ['car'],
      kind: 'speed',
    });
    expect(back.lines.map((l) => l.kind)).toEqual(['wrong-way', 'lane-invasion']);
    expect(back.stopLine).toEqual({ a: { x: 0, y: 8 }, b: { x: 10, y: 8 } });
    expect(back.signalRegion).toEqual({ x: 1, y: 1, width: 2, height: 4 });
  });
});

const square = [
  { x: 0, y: 0 },
  { x: 10, y: 0 },
  { x: 10, y: 10 },
];

describe('document edits', () => {
  it('adds, moves, types and removes point pairs without touching the input', () => {
    const d0 = emptyDoc();
    const d1 = addPair(addPair(d0, { x: 1, y: 2 }), { x: 3, y: 4 });
    expect(d0.pairs).toEqual([]);
    expect(d1.pairs).toEqual([
      { image: { x: 1, y: 2 }, world: { x: 0, y: 0 } },
      { image: { x: 3, y: 4 }, world: { x: 0, y: 0 } },
    ]);
    const d2 = setPairWorld(movePair(d1, 1, { x: 5, y: 6 }), 1, 'y', parseDecimal('3,5'));
    expect(d2.pairs[1]).toEqual({ image: { x: 5, y: 6 }, world: { x: 0, y: 3.5 } });
    expect(d1.pairs[1].image).toEqual({ x: 3, y: 4 });
    // Not a number: nothing changes (the same document, so no undo step).
    expect(setPairWorld(d2, 0, 'x', parseDecimal('abc'))).toBe(d2);
    const d3 = setAllWorld(d2, [
      { x: 7, y: 8 },
      { x: 9, y: 10 },
    ]);
    expect(d3.pairs.map((p) => p.world)).toEqual([
      { x: 7, y: 8 },
      { x: 9, y: 10 },
    ]);
    expect(removePair(d3, 0).pairs.map((p) => p.image)).toEqual([{ x: 5, y: 6 }]);
  });

  it('edits one zone by id with a patch: settings, vertices, removal', () => {
    let d = addZone(addZone(emptyDoc(), square, 'A'), square, 'B');
    expect(d.zones.map((z) => [z.id, z.name, z.classes])).toEqual([
      ['zone-1', 'A', []],
      ['zone-2', 'B', []],
    ]);
    const before = d;
    d = updateZone(d, 'zone-2', { name: 'Lane', speedLimitKmh: 60, classes: ['car'] });
    expect(d.zones[1]).toMatchObject({ id: 'zone-2', name: 'Lane', speedLimitKmh: 60 });
    expect(d.zones[1].classes).toEqual(['car']);
    expect(d.zones[0]).toBe(before.zones[0]);
    expect(before.zones[1].name).toBe('B');
    // `undefined` clears an optional setting.
    d = updateZone(d, 'zone-2', { speedLimitKmh: undefined, dwellSec: 5 });
    expect(d.zones[1].speedLimitKmh).toBeUndefined();
    expect(d.zones[1].dwellSec).toBe(5);
    d = moveZoneVertex(d, 'zone-1', 2, { x: 20, y: 20 });
    expect(d.zones[0].points).toEqual([square[0], square[1], { x: 20, y: 20 }]);
    expect(moveZoneVertex(d, 'nope', 0, { x: 1, y: 1 })).toBe(d);
    d = removeZone(d, 'zone-1');
    expect(d.zones.map((z) => z.id)).toEqual(['zone-2']);
    // Ids stay unique after a removal.
    expect(addZone(d, square, 'C').zones.map((z) => z.id)).toEqual(['zone-2', 'zone-3']);
  });

  it('edits lines, the stop line and the signal region', () => {
    let d = addLine(emptyDoc(), { x: 0, y: 0 }, { x: 0, y: 10 }, 'L1');
    expect(d.lines[0]).toEqual({
      id: 'line-1',
      name: 'L1',
      kind: 'count',
      a: { x: 0, y: 0 },
      b: { x: 0, y: 10 },
    });
    d = flipLine(updateLine(d, 'line-1', { kind: 'wrong-way' }), 'line-1');
    expect(d.lines[0]).toMatchObject({ kind: 'wrong-way', a: { x: 0, y: 10 }, b: { x: 0, y: 0 } });
    expect(removeLine(d, 'line-1').lines).toEqual([]);
    d = setStopLine(d, { a: { x: 1, y: 1 }, b: { x: 2, y: 2 } });
    expect(d.stopLine).toEqual({ a: { x: 1, y: 1 }, b: { x: 2, y: 2 } });
    expect(setStopLine(d, undefined).stopLine).toBeUndefined();
    // The rectangle spanned by two corners in any order; a flat one changes nothing.
    d = setSignalRegion(d, { x: 30, y: 40 }, { x: 10, y: 20 });
    expect(d.signalRegion).toEqual({ x: 10, y: 20, width: 20, height: 20 });
    expect(setSignalRegion(d, { x: 0, y: 5 }, { x: 9, y: 5 })).toBe(d);
    expect(clearSignalRegion(d).signalRegion).toBeUndefined();
    expect(ruleSetOf(clearSignalRegion(d), 640, 360)).not.toHaveProperty('signalRegion');
  });

  it("parses the side panel's fields", () => {
    expect(optionalPositive('60')).toBe(60);
    expect(optionalPositive('')).toBeUndefined();
    expect(optionalPositive('0')).toBeUndefined();
    expect(optionalPositive('-3')).toBeUndefined();
    expect(optionalPositive('x')).toBeUndefined();
    expect(parseClasses(' car, truck ,,bus ')).toEqual(['car', 'truck', 'bus']);
    expect(parseClasses('')).toEqual([]);
    expect(parseDecimal('3.25')).toBe(3.25);
  });
});

describe('editor reducer', () => {
  const names = { zone: (n: number) => `Zone ${n}`, line: (n: number) => `Line ${n}` };
  const run = (s: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, s);
  const click = (x: number, y: number, double = false): EditorAction => ({
    type: 'click',
    pt: { x, y },
    double,
    names,
  });
  const doc = (s: EditorState): EditorDoc => s.hist.present;

  it('adds and selects a pair per click with the points tool; Delete removes the selected one', () => {
    let s = run(initEditor(), click(1, 1), click(2, 2));
    expect(doc(s).pairs).toHaveLength(2);
    expect(s.selected).toBe(1);
    s = run(s, { type: 'select', index: 0 }, { type: 'delete-selected' });
    expect(doc(s).pairs.map((p) => p.image)).toEqual([{ x: 2, y: 2 }]);
    expect(s.selected).toBeUndefined();
    expect(run(s, { type: 'delete-selected' })).toBe(s);
    s = run(s, { type: 'undo' });
    expect(doc(s).pairs).toHaveLength(2);
    s = run(s, { type: 'redo' });
    expect(doc(s).pairs).toHaveLength(1);
  });

  it('draws a zone vertex by vertex and closes it with Enter or a double click', () => {
    let s = run(initEditor(), { type: 'tool', tool: 'zone' }, click(0, 0), click(10, 0));
    expect(s.draft).toHaveLength(2);
    // Two vertices are not a zone yet.
    expect(run(s, { type: 'close-zone', names })).toBe(s);
    s = run(s, click(10, 10), { type: 'close-zone', names });
    expect(doc(s).zones).toEqual([{ id: 'zone-1', name: 'Zone 1', points: square, classes: [] }]);
    expect(s.draft).toEqual([]);
    // The first click of a double click places a vertex, the second closes the zone.
    s = run(s, click(0, 0), click(5, 0), click(5, 5), click(5, 5, true));
    expect(doc(s).zones.map((z) => [z.name, z.points.length])).toEqual([
      ['Zone 1', 3],
      ['Zone 2', 3],
    ]);
    // One undo step per zone.
    expect(doc(run(s, { type: 'undo' })).zones).toHaveLength(1);
    // Escape and a tool change drop the shape being drawn.
    expect(run(s, click(1, 1), { type: 'cancel-draft' }).draft).toEqual([]);
    expect(run(s, click(1, 1), { type: 'tool', tool: 'line' }).draft).toEqual([]);
  });

  it('makes lines, the stop line and the signal region from two clicks; pan draws nothing', () => {
    let s = run(initEditor(), { type: 'tool', tool: 'line' }, click(0, 0));
    expect(doc(s).lines).toEqual([]);
    s = run(s, click(0, 10));
    expect(doc(s).lines).toMatchObject([{ id: 'line-1', name: 'Line 1', kind: 'count' }]);
    s = run(s, { type: 'tool', tool: 'stop-line' }, click(0, 5), click(10, 5));
    expect(doc(s).stopLine).toEqual({ a: { x: 0, y: 5 }, b: { x: 10, y: 5 } });
    s = run(s, { type: 'tool', tool: 'signal' }, click(20, 20), click(10, 30));
    expect(doc(s).signalRegion).toEqual({ x: 10, y: 20, width: 10, height: 10 });
    expect(s.draft).toEqual([]);
    // Enter only closes zones.
    expect(run(s, { type: 'close-zone', names })).toBe(s);
    const panned = run(s, { type: 'tool', tool: 'pan' });
    expect(run(panned, click(3, 3))).toBe(panned);
  });

  it('loads saved versions as a fresh history', () => {
    const saved = addZone(emptyDoc(), square, 'Saved');
    const s = run(initEditor(), click(1, 1), { type: 'load', doc: saved });
    expect(doc(s)).toBe(saved);
    expect(s.hist.past).toEqual([]);
    expect(s.selected).toBeUndefined();
    expect(
      run(s, { type: 'edit', edit: (d) => updateZone(d, 'zone-1', { name: 'Z' }) }).hist.past,
    ).toHaveLength(1);
  });
});

describe('zone types', () => {
  const zone = (extra: object) => ({
    id: 'zone-1',
    name: 'Z',
    points: square,
    classes: [],
    ...extra,
  });
  it('makes only the rule of the chosen type, none for a plain area', async () => {
    const { toRuleSetConfig } = await import('../../../../electron/shared/api/methods/rules');
    const rulesOf = (z: object) =>
      toRuleSetConfig(
        { imageWidth: 10, imageHeight: 10, zones: [zone(z)], lines: [] },
        1,
      ).rules!.map((r) => r.type);
    expect(rulesOf({ kind: 'speed', speedLimitKmh: 50, dwellSec: 3 })).toEqual(['speed']);
    expect(rulesOf({ kind: 'intrusion', speedLimitKmh: 50, dwellSec: 3 })).toEqual([
      'zone-intrusion',
    ]);
    expect(rulesOf({ kind: 'area', speedLimitKmh: 50, dwellSec: 3 })).toEqual([]);
    // Drafts saved before zones had a type keep their meaning.
    expect(rulesOf({ speedLimitKmh: 50, dwellSec: 3 })).toEqual(['speed', 'zone-intrusion']);
  });
  it('reads old drafts’ types from their fields and blocks saving an untyped zone', async () => {
    const { savedZoneKind, untypedZones } =
      await import('../../../../renderer/src/calibration/editor-state');
    expect(savedZoneKind({ speedLimitKmh: 60 })).toBe('speed');
    expect(savedZoneKind({ dwellSec: 4 })).toBe('intrusion');
    expect(savedZoneKind({})).toBe('area');
    expect(savedZoneKind({ kind: 'area', speedLimitKmh: 60 })).toBe('area');
    const doc = addZone(emptyDoc(), square, 'Nueva');
    expect(untypedZones(doc).map((z) => z.name)).toEqual(['Nueva']);
    const loaded = docFrom(
      undefined,
      { imageWidth: 10, imageHeight: 10, zones: [zone({ dwellSec: 2 })], lines: [] },
      10,
      10,
    );
    expect(loaded.zones[0].kind).toBe('intrusion');
    expect(untypedZones(loaded)).toEqual([]);
  });
});
