import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../../electron/shared/domain/detection';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import { toRuleSetConfig, fromRuleSetConfig } from '../../../../electron/shared/api/methods/rules';
import {
  groundDistanceM,
  nearestMachine,
  ViolationTimer,
} from '../../../../inference/vision/safety/machine-proximity';
import { RuleEngine } from '../../../../inference/vision/rules/rule-engine';

const det = (
  label: string,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  trackId?: number,
): Detection => ({
  x1,
  y1,
  x2,
  y2,
  score: 0.9,
  classId: 0,
  label,
  ...(trackId ? { trackId } : {}),
});

describe('machine proximity (pure)', () => {
  // A person 170 px tall: 1 px = 1 cm at their feet.
  const person = det('person', 100, 100, 140, 270);

  it('measures the gap between footprints in metres from the person height', () => {
    const forklift = det('forklift', 290, 150, 400, 270);
    expect(groundDistanceM(person, forklift)).toBeCloseTo(1.5, 5);
    expect(groundDistanceM(person, forklift, { personHeightM: 3.4 })).toBeCloseTo(3, 5);
    // Feet inside the machine's box, or footprints overlapping: no gap at all.
    expect(groundDistanceM(person, det('forklift', 90, 200, 300, 300))).toBe(0);
    // A ground mapping from the calibration takes precedence (here: 1 px = 2 cm).
    expect(
      groundDistanceM(person, forklift, { toGround: ([x, y]) => [x * 0.02, y * 0.02] }),
    ).toBeCloseTo(3, 5);
  });

  it('picks the nearest machine of the listed classes within the distance', () => {
    const ds = [
      det('forklift', 290, 150, 400, 270),
      det('forklift', 190, 150, 250, 270),
      det('car', 141, 150, 180, 270),
    ];
    const near = nearestMachine(person, ds, ['forklift'], 2);
    expect(near?.machine.x1).toBe(190);
    expect(near?.distanceM).toBeCloseTo(0.5, 5);
    expect(nearestMachine(person, ds, ['forklift'], 0.4)).toBeUndefined();
    expect(nearestMachine(person, ds, ['excavator'], 10)).toBeUndefined();
  });

  it('times continuous violations and restarts after a gap', () => {
    const t = new ViolationTimer();
    expect(t.observe('k', 0, true)).toBe(0);
    expect(t.observe('k', 500, true)).toBe(500);
    expect(t.observe('k', 600, false)).toBeUndefined();
    expect(t.observe('k', 700, true)).toBe(0);
    t.prune(20_000, 10_000);
    expect(t.observe('k', 20_100, true)).toBe(0);
  });
});

/** One danger zone (left half of a 400×300 frame) with every danger rule. */
function engine() {
  const draft = {
    imageWidth: 400,
    imageHeight: 300,
    zones: [
      {
        id: 'press',
        name: 'Press',
        classes: [],
        points: [
          { x: 0, y: 0 },
          { x: 200, y: 0 },
          { x: 200, y: 300 },
          { x: 0, y: 300 },
        ],
        danger: {
          intrusionClasses: ['bicycle'],
          loiterClasses: ['person'],
          loiterSec: 5,
          proximity: {
            personClasses: ['person'],
            machineClasses: ['forklift'],
            withinM: 2,
            minDurationSec: 1,
          },
          severity: 'critical' as const,
        },
      },
    ],
    lines: [],
  };
  const rules = ruleSetSchema.parse(toRuleSetConfig(draft, 1));
  return {
    draft,
    rules,
    engine: new RuleEngine(rules, { cameraId: 'cam', ruleVersion: 1, timeOriginMs: 0 }),
  };
}

describe('danger-zone rules in the engine', () => {
  it('round-trips through the zone draft and its rule set', () => {
    const { draft, rules } = engine();
    expect(rules.rules.map((r) => [r.id, r.type, r.category, r.priority])).toEqual([
      ['press-danger', 'zone-intrusion', 'safety', 1],
      ['press-loiter', 'zone-intrusion', 'safety', 1],
      ['press-proximity', 'machine-proximity', 'safety', 1],
    ]);
    const back = fromRuleSetConfig(rules).zones[0];
    expect(back.danger).toEqual(draft.zones[0].danger);
    // The danger rules are not mistaken for the zone tool's own intrusion rule.
    expect(back.kind).toBe('area');
    expect(back.dwellSec).toBeUndefined();
  });

  it('fires intrusion at once for a banned class, loitering after the dwell, proximity after its duration', () => {
    const { engine: e } = engine();
    const fired: Array<{ rule: string; t: number; measured: Record<string, number> }> = [];
    for (let ts = 0; ts <= 7000; ts += 250) {
      const tracks = [
        det('person', 50, 100, 90, 270, 1), // stays in the zone all along
        det('bicycle', 120, 150, 160, 280, 2),
      ];
      const machines = ts >= 2000 ? [det('forklift', 190, 150, 300, 270)] : [];
      const out = e.evaluate({
        frameId: ts / 250,
        ts,
        tracks,
        detections: [...tracks, ...machines],
        speeds: new Map(),
        signals: new Map(),
      });
      for (const i of out.infractions)
        fired.push({ rule: i.ruleId, t: ts, measured: i.measured as Record<string, number> });
    }
    const first = (rule: string) => fired.find((f) => f.rule === rule);
    expect(first('press-danger')?.t).toBe(0);
    expect(first('press-loiter')?.t).toBe(5000);
    // Machine from 2 s, 1 m away (footprints 100 px apart, person 170 px = 1.7 m); 1 s later.
    const near = first('press-proximity');
    expect(near?.t).toBe(3000);
    expect(near?.measured).toMatchObject({ distanceM: 1, withinM: 2, durationSec: 1 });
    // The engine's cooldown (60 s) keeps each a single event per person.
    expect(fired.filter((f) => f.rule === 'press-proximity')).toHaveLength(1);
  });
});
