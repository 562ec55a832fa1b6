import { describe, expect, it } from 'vitest';
import { createSceneAnalyzer, replayScene } from '../../../../inference/vision/scene/scene-replay';
import { SceneHistory } from '../../../../inference/vision/scene/scene-history';
import type { FrameDetections } from '../../../../electron/shared/domain/detection';
import { toCalibrationConfig } from '../../../../electron/shared/api/methods/calibration';
import { toRuleSetConfig, type RuleSetDraft } from '../../../../electron/shared/api/methods/rules';
import { calibrationConfigSchema } from '../../../../electron/shared/config/calibration';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import type { CameraScene } from '../../../../electron/shared/protocol/worker-protocol';

// A 640×360 view straight down on a road: 20 px per metre both ways, road from y 130 to 270.
const W = 640;
const H = 360;
const calibration = calibrationConfigSchema.parse(
  toCalibrationConfig(
    {
      imageWidth: W,
      imageHeight: H,
      pairs: [
        [0, 130, 0, 0],
        [640, 130, 32, 0],
        [640, 270, 32, 7],
        [0, 270, 0, 7],
      ].map(([a, b, c, d]) => ({ image: { x: a, y: b }, world: { x: c, y: d } })),
    },
    0,
  ),
);
const road = [
  { x: 0, y: 130 },
  { x: 640, y: 130 },
  { x: 640, y: 270 },
  { x: 0, y: 270 },
];
const rules = (draft: Partial<RuleSetDraft>) =>
  ruleSetSchema.parse(
    toRuleSetConfig({ imageWidth: W, imageHeight: H, zones: [], lines: [], ...draft }, 0),
  );

/**
 * Epoch-ms frames at 15 fps: a car driving right at `pxPerSec` (200 px/s = 10 m/s = 36 km/h)
 * from x 0 to 640 along y 150..190, then an empty road. Detections as the motion detector gives
 * them (no track ids).
 */
function traffic(pxPerSec = 200, t0 = 1_700_000_000_000, seconds = 5): FrameDetections[] {
  const fps = 15;
  return Array.from({ length: seconds * fps }, (_, i) => {
    const s = i / fps;
    const x = s * pxPerSec;
    return {
      cameraId: 'demo',
      frameId: i + 1,
      ts: t0 + Math.round(s * 1000),
      width: W,
      height: H,
      detections:
        x + 60 <= W
          ? [{ x1: x, y1: 150, x2: x + 60, y2: 190, score: 0.8, classId: 0, label: 'motion' }]
          : [],
    };
  });
}

describe('replayScene: recorded detections through a fresh analyzer with draft settings', () => {
  const frames = traffic();

  it('lists a speeding car in a low-limit zone, and nothing with a high limit', () => {
    const low: CameraScene = {
      calibration,
      rules: rules({
        zones: [{ id: 'zone-1', name: 'Road', points: road, classes: [], speedLimitKmh: 20 }],
      }),
    };
    const r = replayScene(frames, { cameraId: 'demo', scene: low });
    expect(r.framesReplayed).toBe(frames.length);
    expect(r.fromMs).toBe(frames[0].ts);
    expect(r.toMs).toBe(frames.at(-1)!.ts);
    expect(r.problems).toEqual([]);
    expect(r.events.length).toBe(1);
    const e = r.events[0];
    expect(e).toMatchObject({
      type: 'speed',
      ruleId: 'zone-1-speed',
      zoneId: 'zone-1',
      classLabel: 'motion',
      limitKmh: 20,
      frameWidth: W,
      frameHeight: H,
    });
    expect(e.speedKmh).toBeGreaterThan(33);
    expect(e.speedKmh).toBeLessThan(39);
    expect(e.box!.y1).toBe(150);
    expect(e.tsMs).toBeGreaterThanOrEqual(frames[0].ts);

    const high: CameraScene = {
      calibration,
      rules: rules({
        zones: [{ id: 'zone-1', name: 'Road', points: road, classes: [], speedLimitKmh: 60 }],
      }),
    };
    expect(replayScene(frames, { cameraId: 'demo', scene: high }).events).toEqual([]);
  });

  it('counts crossings of a line per direction, with or without calibration', () => {
    const line = { id: 'line-1', name: 'L1', kind: 'count' as const };
    const down = rules({ lines: [{ ...line, a: { x: 320, y: 120 }, b: { x: 320, y: 280 } }] });
    const up = rules({ lines: [{ ...line, a: { x: 320, y: 280 }, b: { x: 320, y: 120 } }] });
    const a = replayScene(frames, { cameraId: 'demo', scene: { rules: down } });
    const b = replayScene(frames, { cameraId: 'demo', scene: { calibration, rules: up } });
    const total = (r: typeof a) => r.counts.reduce((n, c) => n + c.count, 0);
    expect(total(a)).toBe(1);
    expect(total(b)).toBe(1);
    // Drawing the line the other way round swaps the direction of the same crossing.
    const dirA = a.counts.find((c) => c.count === 1)!.direction;
    const dirB = b.counts.find((c) => c.count === 1)!.direction;
    expect(dirA).not.toBe(dirB);
    expect(a.counts.map((c) => c.lineId)).toEqual(['line-1', 'line-1']);
    expect(a.events).toHaveLength(1);
    expect(a.events[0]).toMatchObject({ type: 'count', lineId: 'line-1', direction: dirA });
    expect(a.events[0].box).toBeDefined();
    expect(a.events[0].speedKmh).toBeUndefined();
    // With a calibration the count carries the measured speed.
    expect(b.events[0].speedKmh).toBeGreaterThan(30);

    // Wrong-way: the arrow is the allowed way, so the opposite arrow fires.
    const ww = rules({
      lines: [{ ...line, kind: 'wrong-way', a: { x: 320, y: 120 }, b: { x: 320, y: 280 } }],
    });
    const wwFlipped = rules({
      lines: [{ ...line, kind: 'wrong-way', a: { x: 320, y: 280 }, b: { x: 320, y: 120 } }],
    });
    const fired = [ww, wwFlipped].map(
      (rs) =>
        replayScene(frames, { cameraId: 'demo', scene: { rules: rs } }).events.filter(
          (e) => e.type === 'wrong-way',
        ).length,
    );
    expect(fired.sort()).toEqual([0, 1]);
  });

  it('replays the same as the live analyzer built by the shared builder', () => {
    const scene: CameraScene = {
      calibration,
      rules: rules({
        zones: [{ id: 'zone-1', name: 'Road', points: road, classes: [], speedLimitKmh: 20 }],
        lines: [
          { id: 'line-1', name: 'L1', kind: 'count', a: { x: 320, y: 120 }, b: { x: 320, y: 280 } },
        ],
      }),
    };
    const live = createSceneAnalyzer('demo', scene);
    const history = new SceneHistory();
    const liveEvents: Array<{ kind: string; trackId: number; tsMs: number }> = [];
    for (const f of frames) {
      history.push(f);
      // The live stage's output carries track ids and speeds; the history keeps the raw input.
      for (const e of live.update(f).events)
        liveEvents.push(
          e.kind === 'count'
            ? { kind: 'count', trackId: e.trackId, tsMs: e.tsMs }
            : { kind: e.infraction.type, trackId: e.infraction.trackId, tsMs: e.infraction.tsMs },
        );
    }
    const r = replayScene(history.last(120), { cameraId: 'demo', scene });
    expect(r.events.map((e) => ({ kind: e.type, trackId: e.trackId, tsMs: e.tsMs }))).toEqual(
      liveEvents,
    );
    expect(liveEvents.length).toBe(2);
  });

  it('reports a degenerate calibration as a problem and measures no speed', () => {
    const collinear = calibrationConfigSchema.parse(
      toCalibrationConfig(
        {
          imageWidth: W,
          imageHeight: H,
          pairs: [
            [0, 0, 0, 0],
            [100, 100, 1, 1],
            [200, 200, 2, 2],
            [300, 300, 3, 3],
          ].map(([a, b, c, d]) => ({ image: { x: a, y: b }, world: { x: c, y: d } })),
        },
        0,
      ),
    );
    const r = replayScene(frames, {
      cameraId: 'demo',
      scene: {
        calibration: collinear,
        rules: rules({
          zones: [{ id: 'zone-1', name: 'Road', points: road, classes: [], speedLimitKmh: 5 }],
        }),
      },
    });
    expect(r.events).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['calibration.error.collinearPoints']);
  });

  it('caps the listed events but still totals the counts', () => {
    // Twenty cars, one after another, each crossing the line once.
    const many = Array.from({ length: 20 }, (_, k) =>
      traffic(400, 1_700_000_000_000 + k * 2000, 2),
    ).flat();
    const rs = rules({
      lines: [
        { id: 'line-1', name: 'L1', kind: 'count', a: { x: 320, y: 120 }, b: { x: 320, y: 280 } },
      ],
    });
    const r = replayScene(many, { cameraId: 'demo', scene: { rules: rs }, maxEvents: 5 });
    expect(r.events).toHaveLength(5);
    expect(r.truncated).toBe(true);
    expect(r.counts.reduce((n, c) => n + c.count, 0)).toBe(20);
  });

  it('with no frames, replays nothing', () => {
    const r = replayScene([], { cameraId: 'demo', scene: { rules: rules({}) } });
    expect(r).toMatchObject({ framesReplayed: 0, events: [], counts: [], truncated: false });
  });
});
