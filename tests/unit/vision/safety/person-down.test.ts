import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../../electron/shared/domain/detection';
import {
  ruleAlarmDefaults,
  ruleSetSchema,
  type RuleSetConfigInput,
} from '../../../../electron/shared/config/rules';
import { fromRuleSetConfig, toRuleSetConfig } from '../../../../electron/shared/api/methods/rules';
import type { Box } from '../../../../inference/vision/geometry/primitives';
import {
  DEFAULT_PERSON_DOWN,
  PersonDownTracker,
} from '../../../../inference/vision/safety/person-down';
import { RuleEngine, type SceneInfraction } from '../../../../inference/vision/rules/rule-engine';

/**
 * Synthetic box sequences at 10 frames/s on a 640×360 image: a person 170 px tall standing with
 * their feet at y = 300, and what their box does when they fall, bend, lie or flicker.
 */
const FPS = 10;
const STEP = 1000 / FPS;
const UPRIGHT: Box = { x1: 300, y1: 130, x2: 340, y2: 300 };
/** Lying on the floor where they stood: 170 px long, 50 px high, same floor line. */
const LYING: Box = { x1: 235, y1: 255, x2: 405, y2: 305 };

const lerp = (a: Box, b: Box, t: number): Box => ({
  x1: a.x1 + (b.x1 - a.x1) * t,
  y1: a.y1 + (b.y1 - a.y1) * t,
  x2: a.x2 + (b.x2 - a.x2) * t,
  y2: a.y2 + (b.y2 - a.y2) * t,
});
/** Detector jitter of a couple of pixels, the same every run. */
const jitter = (b: Box, i: number): Box => {
  const d = ((i * 7919) % 5) - 2;
  return { x1: b.x1 + d, y1: b.y1 - d, x2: b.x2 + d, y2: b.y2 + d / 2 };
};
const det = (b: Box, trackId: number, label = 'person'): Detection => ({
  ...b,
  score: 0.9,
  classId: 0,
  label,
  trackId,
});

/** Upright for `standSec`, falling over 0.5 s, then lying still for `lieSec`. */
function fall(standSec: number, lieSec: number): Box[] {
  const out: Box[] = [];
  for (let i = 0; i < standSec * FPS; i++) out.push(jitter(UPRIGHT, i));
  for (let i = 1; i <= 5; i++) out.push(lerp(UPRIGHT, LYING, i / 5));
  for (let i = 0; i < lieSec * FPS; i++) out.push(jitter(LYING, i));
  return out;
}

function engineOf(rule: Record<string, unknown>, zones: RuleSetConfigInput['zones'] = []) {
  const rules = ruleSetSchema.parse({
    imageSize: { width: 640, height: 360 },
    zones,
    rules: [{ id: 'down', type: 'person-down', ...rule }],
  });
  return new RuleEngine(rules, { cameraId: 'cam', ruleVersion: 1, timeOriginMs: 0 });
}

/** Feeds one box per frame (one track, or none), returns the events with the frame time they fired at. */
function run(e: RuleEngine, boxes: readonly (Box | Detection | null)[], label = 'person') {
  const fired: Array<SceneInfraction & { at: number }> = [];
  boxes.forEach((b, i) => {
    // null: the detector missed the object on this frame.
    const t = b === null ? [] : ['label' in b ? b : det(b, 1, label)];
    const ts = i * STEP;
    const out = e.evaluate({
      frameId: i,
      ts,
      tracks: t,
      detections: t,
      speeds: new Map(),
      signals: new Map(),
    });
    for (const inf of out.infractions) fired.push({ ...inf, at: ts });
  });
  return fired;
}

describe('person down from box shape (pure)', () => {
  it('sees a fall: upright, then lying lower and still', () => {
    const tr = new PersonDownTracker();
    const boxes = fall(3, 3);
    const verdicts = boxes.map((b, i) => tr.observe('k', i * STEP, b));
    // Standing: never down.
    expect(verdicts.slice(0, 30).some((v) => v.down)).toBe(false);
    // Once the 1 s window is mostly lying, it is down, and stays so.
    const firstDown = verdicts.findIndex((v) => v.down);
    expect(firstDown).toBeGreaterThan(35);
    expect(firstDown).toBeLessThan(45);
    expect(verdicts.slice(firstDown).every((v) => v.down)).toBe(true);
    const last = verdicts.at(-1)!;
    expect(last.aspect).toBeGreaterThan(3);
    expect(last.dropShare).toBeGreaterThan(0.6);
    expect(last.moveShare).toBeLessThan(0.1);
  });

  it('does not call down a track that was lying from its start (no upright box to fall from)', () => {
    const tr = new PersonDownTracker();
    const vs = Array.from({ length: 100 }, (_, i) => tr.observe('k', i * STEP, jitter(LYING, i)));
    expect(vs.every((v) => !v.wasUpright && !v.down)).toBe(true);
    // It does look lying, once the window has a few frames.
    expect(vs.slice(2).every((v) => v.lying)).toBe(true);
  });

  it('ignores one-frame flicker of the box either way', () => {
    const tr = new PersonDownTracker();
    // Standing, with a wide box (arms out, a merged box) on every tenth frame.
    const standing = Array.from({ length: 60 }, (_, i) =>
      tr.observe('a', i * STEP, i % 10 === 5 ? LYING : jitter(UPRIGHT, i)),
    );
    expect(standing.some((v) => v.lying || v.down)).toBe(false);
    // Lying after a fall, with an upright box on every tenth frame: still down throughout.
    const boxes = fall(3, 4).map((b, i) => (i > 45 && i % 10 === 0 ? UPRIGHT : b));
    const vs = boxes.map((b, i) => tr.observe('b', i * STEP, b));
    expect(vs.slice(45).every((v) => v.down)).toBe(true);
  });

  it('does not call down a wide box that moves (crawling, or a box sliding along)', () => {
    const tr = new PersonDownTracker();
    const boxes = fall(3, 0);
    for (let i = 0; i < 40; i++) {
      const dx = i * 12;
      boxes.push({ ...LYING, x1: LYING.x1 - dx, x2: LYING.x2 - dx });
    }
    const vs = boxes.map((b, i) => tr.observe('k', i * STEP, b));
    expect(vs.slice(40).every((v) => v.lying && !v.down)).toBe(true);
  });

  it('leaves boxes cut by the image edge out (someone walking out at the bottom)', () => {
    const tr = new PersonDownTracker();
    const frame = { width: 640, height: 360 };
    const boxes: Box[] = [];
    for (let i = 0; i < 30; i++) boxes.push(jitter({ ...UPRIGHT, y1: 170, y2: 340 }, i));
    // Leaving towards the camera: the box runs into the bottom edge and gets short and wide.
    for (let i = 0; i < 40; i++) boxes.push({ x1: 220, y1: 280 + i, x2: 420, y2: 359 });
    const vs = boxes.map((b, i) => tr.observe('k', i * STEP, b, frame));
    expect(vs.some((v) => v.lying || v.down)).toBe(false);
    // The same boxes without the image size would look lying.
    const bare = new PersonDownTracker();
    expect(boxes.map((b, i) => bare.observe('k', i * STEP, b)).some((v) => v.lying)).toBe(true);
  });

  it('uses its default thresholds', () => {
    expect(DEFAULT_PERSON_DOWN).toMatchObject({ lyingAspect: 1.3, uprightAspect: 0.9 });
  });
});

describe('person-down rule in the engine', () => {
  it('fires once after minDurationSec down, with evidence, as a safety event', () => {
    const fired = run(engineOf({ minDurationSec: 5 }), fall(3, 10));
    expect(fired).toHaveLength(1);
    const ev = fired[0];
    expect(ev).toMatchObject({
      type: 'person-down',
      category: 'safety',
      ruleId: 'down',
      classLabel: 'person',
      trackId: 1,
    });
    // Down once most of the 1 s window after the fall (3 – 3.5 s) is lying, then 5 s held.
    expect(ev.at).toBeGreaterThanOrEqual(8500);
    expect(ev.at).toBeLessThanOrEqual(10_000);
    expect(ev.measured.durationSec).toBeGreaterThanOrEqual(5);
    expect(ev.measured.aspectRatio).toBeGreaterThan(1.3);
    expect(ev.measured.dropPct).toBeGreaterThanOrEqual(30);
    expect(ev.measured.frames).toBeGreaterThan(5);
    expect(ev.annotation.label).toMatch(/^#1 down \d+\.\d s$/);
  });

  it('does not fire for someone bending down briefly, or who gets up before the time', () => {
    const bend: Box = { x1: 280, y1: 210, x2: 370, y2: 300 };
    const bendWide: Box = { x1: 260, y1: 240, x2: 380, y2: 300 };
    const boxes: Box[] = [];
    for (let i = 0; i < 30; i++) boxes.push(jitter(UPRIGHT, i));
    for (let i = 0; i < 15; i++) boxes.push(jitter(bend, i)); // 1.5 s crouched (≈ 1:1)
    for (let i = 0; i < 30; i++) boxes.push(jitter(UPRIGHT, i));
    for (let i = 0; i < 25; i++) boxes.push(jitter(bendWide, i)); // 2.5 s bent over, 2:1
    for (let i = 0; i < 30; i++) boxes.push(jitter(UPRIGHT, i));
    expect(run(engineOf({ minDurationSec: 5 }), boxes)).toEqual([]);
    // Falls, lies 4 s, gets up: the down time restarts, nothing at 5 s.
    const up = [...fall(3, 4)];
    for (let i = 0; i < 80; i++) up.push(jitter(UPRIGHT, i));
    expect(run(engineOf({ minDurationSec: 5 }), up)).toEqual([]);
    // Getting up clears it: a second, long fall later on the same track fires.
    const twice = [...up, ...fall(0, 8)];
    expect(run(engineOf({ minDurationSec: 5 }), twice)).toHaveLength(1);
  });

  it('does not fire for someone lying from the start of the track', () => {
    const lying = Array.from({ length: 150 }, (_, i) => jitter(LYING, i));
    expect(run(engineOf({ minDurationSec: 1 }), lying)).toEqual([]);
  });

  it('fires directly on a model class that means fallen, held for minDurationSec', () => {
    const fallen = Array.from({ length: 80 }, (_, i) => det(jitter(LYING, i), 7, 'fallen'));
    const fired = run(engineOf({ minDurationSec: 5, downClasses: ['fallen', 'lying'] }), fallen);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ type: 'person-down', classLabel: 'fallen', trackId: 7 });
    expect(fired[0].at).toBe(5000);
    expect(fired[0].measured).toEqual({ durationSec: 5, downClass: 1 });
    // The detector missing it on one frame in three does not restart the time.
    const patchy = fallen.map((d, i) => (i % 3 === 1 ? null : d));
    const late = run(engineOf({ minDurationSec: 5, downClasses: ['fallen'] }), patchy);
    expect(late.map((f) => f.at)).toEqual([5000]);
    // Only 3 s of it: nothing; and without the class listed, the same boxes are not people.
    expect(
      run(engineOf({ minDurationSec: 5, downClasses: ['fallen'] }), fallen.slice(0, 30)),
    ).toEqual([]);
    expect(run(engineOf({ minDurationSec: 5 }), fallen)).toEqual([]);
    // The box heuristic off: a fall of a plain person box is not looked at.
    expect(
      run(
        engineOf({ minDurationSec: 5, downClasses: ['fallen'], boxHeuristic: false }),
        fall(3, 10),
      ),
    ).toEqual([]);
  });

  it('counts only a fall inside its zone', () => {
    const zone = (x1: number, x2: number) => [
      {
        id: 'bay',
        polygon: [
          [x1, 0],
          [x2, 0],
          [x2, 360],
          [x1, 360],
        ] as [number, number][],
      },
    ];
    expect(
      run(engineOf({ minDurationSec: 2, zoneId: 'bay' }, zone(200, 450)), fall(3, 6)),
    ).toHaveLength(1);
    expect(run(engineOf({ minDurationSec: 2, zoneId: 'bay' }, zone(450, 640)), fall(3, 6))).toEqual(
      [],
    );
  });

  it('is a danger-zone rule of the Safety view that round-trips through the zone draft', () => {
    const draft = {
      imageWidth: 640,
      imageHeight: 360,
      zones: [
        {
          id: 'bay',
          name: 'Bay',
          classes: [],
          points: [
            { x: 0, y: 0 },
            { x: 640, y: 0 },
            { x: 640, y: 360 },
          ],
          danger: {
            intrusionClasses: [],
            loiterClasses: [],
            personDown: {
              personClasses: ['person'],
              downClasses: ['fallen'],
              boxHeuristic: true,
              minDurationSec: 5,
              lyingAspect: 1.4,
            },
            severity: 'critical' as const,
          },
        },
      ],
      lines: [],
    };
    const rules = ruleSetSchema.parse(toRuleSetConfig(draft, 1));
    expect(rules.rules.map((r) => [r.id, r.type, r.category, r.priority])).toEqual([
      ['bay-down', 'person-down', 'safety', 1],
    ]);
    expect(rules.rules[0]).toMatchObject({ zoneId: 'bay', lyingAspect: 1.4, uprightAspect: 0.9 });
    expect(fromRuleSetConfig(rules).zones[0].danger).toEqual(draft.zones[0].danger);
    // Its own rule type raises priority-1 safety alarms when set up by another tool.
    expect(ruleAlarmDefaults({ type: 'person-down' })).toEqual({
      priority: 1,
      category: 'safety',
      autoCloseAfterSec: undefined,
    });
    // An upright ratio at or above the lying one is refused.
    expect(
      ruleSetSchema.safeParse({
        imageSize: { width: 640, height: 360 },
        rules: [{ id: 'd', type: 'person-down', lyingAspect: 1, uprightAspect: 1 }],
      }).success,
    ).toBe(false);
  });
});
