import { describe, expect, it } from 'vitest';
import { SceneAnalyzer } from '../../../../inference/vision/scene/scene-analyzer';
import { ZoneOccupancy } from '../../../../inference/vision/rules/zone-occupancy';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import type { Detection, FrameDetections } from '../../../../electron/shared/domain/detection';
import { sceneEventSchema } from '../../../../electron/shared/protocol/worker-protocol';

describe('zone occupancy', () => {
  it('reports entries per class and occupancy only on change; an emptied class says 0 once', () => {
    const z = new ZoneOccupancy('z');
    expect(z.update(new Map(), 0)).toBeUndefined();
    expect(
      z.update(
        new Map([
          [1, 'car'],
          [2, 'car'],
          [3, 'truck'],
        ]),
        10,
      ),
    ).toEqual({
      zoneId: 'z',
      tsMs: 10,
      entered: { car: 2, truck: 1 },
      occupancy: { car: 2, truck: 1 },
    });
    // Same objects inside: nothing to say.
    expect(
      z.update(
        new Map([
          [1, 'car'],
          [2, 'car'],
          [3, 'truck'],
        ]),
        20,
      ),
    ).toBeUndefined();
    // The truck left, car 2 left and car 4 came in: one entry, car occupancy unchanged, truck 0.
    expect(
      z.update(
        new Map([
          [1, 'car'],
          [4, 'car'],
        ]),
        30,
      ),
    ).toEqual({ zoneId: 'z', tsMs: 30, entered: { car: 1 }, occupancy: { car: 2, truck: 0 } });
    expect(
      z.update(
        new Map([
          [1, 'car'],
          [4, 'car'],
        ]),
        40,
      ),
    ).toBeUndefined();
    expect(z.update(new Map(), 50)).toEqual({
      zoneId: 'z',
      tsMs: 50,
      entered: {},
      occupancy: { car: 0 },
    });
    expect(z.update(new Map(), 60)).toBeUndefined();
  });

  it('the scene analyzer reports a zone as objects drive through it, not per frame', () => {
    const rules = ruleSetSchema.parse({
      imageSize: { width: 640, height: 360 },
      zones: [
        {
          id: 'box',
          polygon: [
            [200, 100],
            [440, 100],
            [440, 300],
            [200, 300],
          ],
        },
      ],
    });
    const a = new SceneAnalyzer({ cameraId: 'cam', rules });
    const car = (x: number): Detection => ({
      x1: x,
      y1: 180,
      x2: x + 40,
      y2: 220,
      score: 0.9,
      classId: 2,
      label: 'car',
    });
    const zones = [];
    let frames = 0;
    // One car drives left to right across the zone at 5 px a frame (10 fps).
    for (let x = 20; x < 600; x += 5) {
      const frame: FrameDetections = {
        cameraId: 'cam',
        frameId: frames,
        ts: frames * 100,
        width: 640,
        height: 360,
        detections: [car(x)],
      };
      frames++;
      const out = a.update(frame);
      zones.push(...(out.zones ?? []));
    }
    // It entered once, was inside, and left: two reports over ~116 frames.
    expect(zones).toHaveLength(2);
    expect(zones[0]).toMatchObject({ zoneId: 'box', entered: { car: 1 }, occupancy: { car: 1 } });
    expect(zones[1]).toMatchObject({ zoneId: 'box', entered: {}, occupancy: { car: 0 } });
    expect(zones[1].tsMs).toBeGreaterThan(zones[0].tsMs);
    // What the worker sends is valid on the protocol.
    for (const z of zones)
      expect(
        sceneEventSchema.safeParse({
          kind: 'zone',
          zoneId: z.zoneId,
          ts: z.tsMs,
          entered: z.entered,
          occupancy: z.occupancy,
        }).success,
      ).toBe(true);
  });

  it('the protocol refuses malformed zone events', () => {
    const ok = { kind: 'zone', zoneId: 'z', ts: 1, entered: { car: 1 }, occupancy: { car: 1 } };
    expect(sceneEventSchema.safeParse(ok).success).toBe(true);
    for (const bad of [
      { ...ok, entered: { car: -1 } },
      { ...ok, occupancy: { car: 1.5 } },
      { ...ok, zoneId: '' },
      { ...ok, occupancy: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`c${i}`, 1])) },
      { ...ok, entered: undefined },
    ])
      expect(sceneEventSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
  });
});
