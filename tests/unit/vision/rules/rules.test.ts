import { describe, it, expect } from 'vitest';
import { SceneAnalyzer, type SceneEvent } from '../../../../inference/vision/scene/scene-analyzer';
import { ruleSetSchema, type RuleSetConfigInput } from '../../../../electron/shared/config/rules';
import { calibrationConfigSchema } from '../../../../electron/shared/config/calibration';
import { pinholeGroundToImage } from '../../../../inference/vision/calibration/pinhole';
import { applyHomography } from '../../../../inference/vision/calibration/homography';
import { infractionEventSchema } from '../../../../electron/shared/domain/infraction';
import type { Detection, FrameDetections } from '../../../../electron/shared/domain/detection';

const W = 1280;
const H = 720;
const cam = pinholeGroundToImage({
  heightM: 8,
  tiltDeg: 12,
  focalPx: 900,
  cx: 640,
  cy: 360,
  setbackM: 5,
});
const img = (x: number, y: number) => applyHomography(cam, [x, y]);
const calibration = calibrationConfigSchema.parse({
  method: 'points',
  version: 3,
  imageSize: { width: W, height: H },
  points: [
    [-6, 5],
    [6, 5],
    [6, 80],
    [-6, 80],
    [0, 40],
  ].map(([x, y]) => ({ image: img(x, y), world: [x, y] })),
});

/** A car 1.8 m wide at lateral x whose rear (nearest edge) is at ground y, as an image box. */
function carBox(x: number, y: number, label = 'car', score = 0.9): Detection {
  const [u1, v] = img(x - 0.9, y);
  const [u2] = img(x + 0.9, y);
  const hPx = (u2 - u1) * 0.8;
  return { x1: u1, y1: v - hPx, x2: u2, y2: v, score, classId: 2, label };
}

function rules(input: Omit<RuleSetConfigInput, 'imageSize'>) {
  return ruleSetSchema.parse({ imageSize: { width: W, height: H }, ...input });
}

function run(
  analyzer: SceneAnalyzer,
  frames: Array<{ tsMs: number; dets: Detection[]; signals?: FrameDetections['signals'] }>,
): SceneEvent[] {
  const out: SceneEvent[] = [];
  frames.forEach((f, i) =>
    out.push(
      ...analyzer.update({
        cameraId: 'c',
        frameId: i,
        ts: f.tsMs,
        width: W,
        height: H,
        detections: f.dets,
        signals: f.signals,
      }).events,
    ),
  );
  return out;
}

/** One car driving away from the camera at kmh along lateral x, 25 fps, from y0 for `seconds`. */
function drive(
  kmh: number,
  opts: { x?: number; y0?: number; seconds?: number; fps?: number; label?: string } = {},
) {
  const { x = 0, y0 = 8, seconds = 3, fps = 25, label = 'car' } = opts;
  return Array.from({ length: Math.round(seconds * fps) }, (_, i) => ({
    tsMs: (i * 1000) / fps,
    dets: [carBox(x, y0 + (kmh / 3.6) * (i / fps), label)],
  }));
}

const roadZone = [img(-6, 6), img(6, 6), img(6, 70), img(-6, 70)].map((p): [number, number] => [
  p[0],
  p[1],
]);
const infractions = (ev: SceneEvent[]) =>
  ev.flatMap((e) => (e.kind === 'infraction' ? [e.infraction] : []));

describe('speed rule', () => {
  const rs = rules({
    version: 7,
    zones: [{ id: 'road', polygon: roadZone }],
    rules: [{ id: 'limit60', type: 'speed', zoneId: 'road', limitKmh: 60, toleranceKmh: 3 }],
  });

  it('one speeding car yields exactly one infraction with the measured speed, in the event shape', () => {
    const a = new SceneAnalyzer({
      cameraId: 'cam-1',
      calibration,
      rules: rs,
      timeOriginMs: 1_700_000_000_000,
    });
    const inf = infractions(run(a, drive(90)));
    expect(inf).toHaveLength(1);
    const e = inf[0];
    expect(e.type).toBe('speed');
    expect(e.category).toBe('traffic');
    expect(e.measured.speedKmh).toBeCloseTo(90, 0);
    expect(e.measured.limitKmh).toBe(60);
    expect(e.ruleVersion).toBe(7);
    expect(e.calibrationVersion).toBe(3);
    expect(e.occurredAt).toBe(1_700_000_000_000 + e.tsMs);
    expect(e.annotation.zone).toHaveLength(4);
    const { frameId: _f, tsMs: _t, annotation: _a, ...rest } = e;
    const full = infractionEventSchema.parse({
      ...rest,
      id: crypto.randomUUID(),
      evidence: [],
      prevHash: '',
      hash: 'x',
    });
    expect(full.trackId).toBe(e.trackId);
  });

  it('below the limit plus tolerance: none; the output carries track ids and speeds', () => {
    const a = new SceneAnalyzer({ cameraId: 'cam-1', calibration, rules: rs });
    const frames = drive(62);
    const ev: SceneEvent[] = [];
    let last;
    for (let i = 0; i < frames.length; i++) {
      last = a.update({
        cameraId: 'c',
        frameId: i,
        ts: frames[i].tsMs,
        width: W,
        height: H,
        detections: frames[i].dets,
      });
      ev.push(...last.events);
    }
    expect(infractions(ev)).toHaveLength(0);
    expect(last!.detections[0].trackId).toBe(1);
    expect(last!.detections[0].speedKmh).toBeCloseTo(62, 0);
  });

  it('a degenerate calibration is reported, not thrown, and no speed is claimed', () => {
    const bad = calibrationConfigSchema.parse({
      method: 'points',
      imageSize: { width: W, height: H },
      points: [
        [0, 5],
        [0, 10],
        [0, 20],
        [0, 40],
      ].map(([x, y]) => ({ image: img(x, y), world: [x, y] })),
    });
    const a = new SceneAnalyzer({ cameraId: 'c', calibration: bad, rules: rs });
    expect(infractions(run(a, drive(120)))).toHaveLength(0);
    expect(a.problems[0].code).toBe('calibration.error.collinearPoints');
  });

  it('scales geometry to a frame of another size', () => {
    const a = new SceneAnalyzer({ cameraId: 'c', calibration, rules: rs });
    const half = drive(90).map((f, i) => ({
      cameraId: 'c',
      frameId: i,
      ts: f.tsMs,
      width: W / 2,
      height: H / 2,
      detections: f.dets.map((d) => ({
        ...d,
        x1: d.x1 / 2,
        x2: d.x2 / 2,
        y1: d.y1 / 2,
        y2: d.y2 / 2,
      })),
    }));
    const ev = half.flatMap((f) => a.update(f).events);
    const inf = infractions(ev);
    expect(inf).toHaveLength(1);
    expect(inf[0].measured.speedKmh).toBeCloseTo(90, 0);
  });
});

describe('zone intrusion, cooldown', () => {
  const zone = [
    [100, 100],
    [500, 100],
    [500, 500],
    [100, 500],
  ] as [number, number][];
  /** A person 80 px wide walking 20 px per 100 ms frame between x = 40 (outside) and 160 (inside). */
  function walk(plan: Array<[fromMs: number, toMs: number, x0: number, x1: number]>) {
    const frames = [];
    for (const [from, to, x0, x1] of plan)
      for (let t = from; t < to; t += 100) {
        const x = x0 + (x1 - x0) * Math.min(1, (t - from) / 600);
        frames.push({
          tsMs: t,
          dets: [
            { x1: x - 40, y1: 200, x2: x + 40, y2: 300, score: 0.8, classId: 0, label: 'person' },
          ],
        });
      }
    return frames;
  }
  // Anchor crosses x = 100 three steps into each walk, i.e. 300 ms after the walk starts.
  const frames = walk([
    [0, 1000, 40, 40],
    [1000, 5000, 40, 160], // enters at 1300
    [5000, 6000, 160, 40], // leaves at 5300
    [6000, 9000, 40, 160], // enters at 6300: dwell reached at 8300, inside the cooldown
    [9000, 16000, 160, 40],
    [16000, 19000, 40, 160], // enters at 16300: fires at 18300, cooldown over
  ]);

  it('fires after the minimum dwell, only for chosen classes, once per object per cooldown', () => {
    const rs = rules({
      zones: [{ id: 'pit', polygon: zone }],
      rules: [
        {
          id: 'no-people',
          type: 'zone-intrusion',
          zoneId: 'pit',
          classes: ['person'],
          minDwellSec: 2,
          cooldownSec: 10,
        },
      ],
    });
    const a = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    const inf = infractions(run(a, frames));
    expect(inf.map((e) => e.occurredAt)).toEqual([3300, 18300]);
    expect(new Set(inf.map((e) => e.trackId)).size).toBe(1);
    expect(inf[0].type).toBe('zone-intrusion');
    expect(inf[0].category).toBe('safety');
    expect(inf[0].measured.dwellSec).toBe(2);

    const cars = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    const carFrames = frames.map((f) => ({
      ...f,
      dets: f.dets.map((d) => ({ ...d, label: 'car' })),
    }));
    expect(infractions(run(cars, carFrames))).toHaveLength(0);
  });
});

describe('line crossing, wrong way, lane invasion', () => {
  // Horizontal line across the image; traffic drives up the screen (away), i.e. from the right
  // side of a→b (below, for a line pointing left) ... the line points right: below = right side.
  const line = { id: 'l', a: [0, 400] as [number, number], b: [1280, 400] as [number, number] };
  const mover = (x: number, yStart: number, dy: number, label = 'car') =>
    Array.from({ length: 30 }, (_, i) => ({
      x1: x - 20,
      y1: yStart + dy * i - 40,
      x2: x + 20,
      y2: yStart + dy * i,
      score: 0.9,
      classId: 2,
      label,
    }));

  it('counts per class and direction and flags the wrong way', () => {
    const rs = rules({
      lines: [line],
      rules: [
        { id: 'count', type: 'line-crossing', lineId: 'l', allowedDirection: 'right-to-left' },
      ],
    });
    const a = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    const up = mover(200, 550, -10);
    const up2 = mover(600, 560, -10, 'truck');
    const down = mover(1000, 250, 10);
    const ev = run(
      a,
      up.map((_, i) => ({ tsMs: i * 40, dets: [up[i], up2[i], down[i]] })),
    );
    const counts = ev.filter((e) => e.kind === 'count');
    expect(counts).toHaveLength(3);
    expect(a.counts!.get('l')!.get('car')).toEqual({ 'left-to-right': 1, 'right-to-left': 1 });
    expect(a.counts!.get('l')!.get('truck')).toEqual({ 'left-to-right': 0, 'right-to-left': 1 });
    const inf = infractions(ev);
    expect(inf).toHaveLength(1);
    expect(inf[0]).toMatchObject({ type: 'wrong-way', direction: 'left-to-right' });
    expect(inf[0].box.x1).toBe(980);
  });

  it('lane invasion fires on crossing a no-crossing line, optionally one way only', () => {
    const divider = {
      id: 'div',
      a: [640, 0] as [number, number],
      b: [640, 720] as [number, number],
    };
    const rs = rules({
      lines: [divider],
      rules: [{ id: 'solid', type: 'lane-invasion', lineId: 'div', direction: 'right-to-left' }],
    });
    const a = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    // Line points down the screen: its right side is x < 640 (screen left).
    const toRight = Array.from({ length: 30 }, (_, i) => ({
      x1: 560 + 8 * i,
      y1: 300,
      x2: 600 + 8 * i,
      y2: 340,
      score: 0.9,
      classId: 2,
      label: 'car',
    }));
    const inf = infractions(
      run(
        a,
        toRight.map((d, i) => ({ tsMs: i * 40, dets: [d] })),
      ),
    );
    expect(inf).toHaveLength(1);
    expect(inf[0]).toMatchObject({ type: 'lane-invasion', direction: 'right-to-left' });
  });
});

describe('red light', () => {
  const stop = { id: 'stop', a: [0, 400] as [number, number], b: [1280, 400] as [number, number] };
  const approach = (x: number) =>
    Array.from({ length: 30 }, (_, i) => ({
      x1: x - 20,
      y1: 520 - 10 * i - 40,
      x2: x + 20,
      y2: 520 - 10 * i,
      score: 0.9,
      classId: 2,
      label: 'car',
    }));
  const rs = rules({
    lines: [stop],
    signals: [{ id: 'sig', source: 'external' }],
    rules: [
      {
        id: 'red',
        type: 'red-light',
        stopLineId: 'stop',
        signalId: 'sig',
        direction: 'right-to-left',
        graceSec: 0.5,
      },
    ],
  });

  it('crossing the stop line on red (from frame states) is an infraction; on green it is not', () => {
    const red = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    const car = approach(300);
    const inf = infractions(
      run(
        red,
        car.map((d, i) => ({ tsMs: i * 40, dets: [d], signals: { sig: 'red' as const } })),
      ),
    );
    expect(inf).toHaveLength(1);
    expect(inf[0].type).toBe('red-light');
    expect(inf[0].measured.redForSec).toBeGreaterThanOrEqual(0.5);
    const green = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    expect(
      infractions(
        run(
          green,
          car.map((d, i) => ({ tsMs: i * 40, dets: [d], signals: { sig: 'green' as const } })),
        ),
      ),
    ).toHaveLength(0);
  });

  it('an external feed works and the grace period after the change to red is respected', () => {
    const a = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    a.setSignalState('sig', 'green', 0);
    // Turns red 0.3 s before the car crosses (crossing at frame 12 → 480 ms): within grace.
    a.setSignalState('sig', 'red', 200);
    const car = approach(300);
    expect(
      infractions(
        run(
          a,
          car.map((d, i) => ({ tsMs: i * 40, dets: [d] })),
        ),
      ),
    ).toHaveLength(0);
  });
});

describe('PPE', () => {
  const rs = rules({
    zones: [
      {
        id: 'site',
        polygon: [
          [0, 0],
          [1280, 0],
          [1280, 720],
          [0, 720],
        ],
      },
    ],
    rules: [
      {
        id: 'ppe',
        type: 'ppe',
        zoneId: 'site',
        required: [['helmet', 'hardhat'], ['vest']],
        minDurationSec: 0.4,
      },
    ],
  });
  const person = { x1: 100, y1: 100, x2: 200, y2: 400, score: 0.9, classId: 0, label: 'person' };
  const helmet = { x1: 130, y1: 100, x2: 170, y2: 130, score: 0.8, classId: 80, label: 'hardhat' };
  const vest = { x1: 110, y1: 180, x2: 190, y2: 280, score: 0.8, classId: 81, label: 'vest' };

  it('fires for a person missing an item for the minimum time, naming the item', () => {
    const a = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    const frames = Array.from({ length: 20 }, (_, i) => ({
      tsMs: i * 100,
      dets: [person, helmet],
    }));
    const inf = infractions(run(a, frames));
    expect(inf).toHaveLength(1);
    expect(inf[0].measured['missing:vest']).toBe(1);
    expect(inf[0].measured.missingItems).toBe(1);
  });

  it('a fully equipped person, or a missing item that flickers shorter than the minimum, does not fire', () => {
    const a = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    const frames = Array.from({ length: 20 }, (_, i) => ({
      tsMs: i * 100,
      dets: i % 3 === 0 ? [person, helmet] : [person, helmet, vest],
    }));
    expect(infractions(run(a, frames))).toHaveLength(0);
  });
});

describe('rule set schema', () => {
  it('rejects references to unknown geometry and duplicate ids, with paths', () => {
    const r = ruleSetSchema.safeParse({
      imageSize: { width: 10, height: 10 },
      zones: [
        {
          id: 'z',
          polygon: [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        },
        {
          id: 'z',
          polygon: [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        },
      ],
      rules: [{ id: 'r', type: 'speed', zoneId: 'nope', limitKmh: 50 }],
      signals: [{ id: 's' }],
    });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(msgs).toContain('zones.1.id: duplicate id "z"');
    expect(msgs).toContain('rules.0.zoneId: unknown zone "nope"');
    expect(msgs).toContain('signals.0.region: a region signal needs its image region');
  });
  it('fills documented defaults', () => {
    const r = ruleSetSchema.parse({
      imageSize: { width: 10, height: 10 },
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
      rules: [{ id: 'r', type: 'speed', zoneId: 'z', limitKmh: 50 }],
    });
    expect(r.rules[0]).toMatchObject({
      enabled: true,
      cooldownSec: 60,
      classes: [],
      toleranceKmh: 0,
      minConfidence: 0.5,
    });
    expect(r.version).toBe(1);
  });
});

describe('SceneAnalyzer robustness', () => {
  it('passes malformed detections through without tracking them or crashing', () => {
    const a = new SceneAnalyzer({ cameraId: 'c' });
    const good = { x1: 10, y1: 10, x2: 50, y2: 40, score: 0.9, classId: 2, label: 'car' };
    const bad = [
      { ...good, x1: NaN },
      { ...good, x2: 5 },
      { ...good, score: Infinity },
    ];
    let out;
    for (let i = 0; i < 3; i++)
      out = a.update({
        cameraId: 'c',
        frameId: i,
        ts: i * 40,
        width: 640,
        height: 360,
        detections: [...bad, { ...good, x1: 10 + i }],
      });
    expect(out!.detections).toHaveLength(4);
    expect(out!.detections.slice(0, 3).every((d) => d.trackId === undefined)).toBe(true);
    expect(out!.detections[3].trackId).toBe(1);
  });
});
