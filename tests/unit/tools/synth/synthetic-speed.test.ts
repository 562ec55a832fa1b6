import { describe, it, expect } from 'vitest';
import {
  planTraffic,
  sceneCalibration,
  sceneSpeedRules,
  vehicleBox,
  project,
  unprojectGround,
} from '../../../../tools/synth/traffic-scene';
import { trafficTruth } from '../../../../tools/synth/traffic-render';
import { checkSpeeds, noisyTruthFrames } from '../../../../tools/synth/speed-check';
import { solveCalibration } from '../../../../inference/vision/calibration/calibrate';
import { applyHomography } from '../../../../inference/vision/calibration/homography';

describe('synthetic traffic geometry', () => {
  const scene = planTraffic();
  it('projects and unprojects ground points consistently, with perspective', () => {
    const p = project(scene.camera, 1.5, 30)!;
    const g = unprojectGround(scene.camera, p[0], p[1])!;
    expect(g[0]).toBeCloseTo(1.5, 9);
    expect(g[1]).toBeCloseTo(30, 9);
    const v = scene.vehicles[0];
    const at = (rear: number) => vehicleBox(scene, v, ((rear - v.y0) * 3.6) / v.speedKmh)!;
    const near = at(scene.yStart + 15);
    const far = at(scene.yStart + 55);
    expect(near.clipped || far.clipped).toBe(false);
    expect(near.x2 - near.x1).toBeGreaterThan(2 * (far.x2 - far.x1));
    expect(near.y2).toBeGreaterThan(far.y2);
  });
  it('the generated calibration recovers the camera', () => {
    const r = solveCalibration(sceneCalibration(scene));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rmsErrorM).toBeLessThan(0.02);
    const w = applyHomography(r.imageToWorld, project(scene.camera, -1, 42)!);
    expect(w[0]).toBeCloseTo(-1, 1);
    expect(w[1]).toBeCloseTo(42, 1);
  });
});

describe('speed from noisy truth boxes (pure)', () => {
  it('30..130 km/h at 25 fps within 3 % or 2 km/h with 1 px box noise', () => {
    const scene = planTraffic({ speedsKmh: [30, 50, 70, 90, 110, 130], fps: 25 });
    const truth = trafficTruth(scene);
    const res = checkSpeeds(
      noisyTruthFrames(truth, 1),
      truth,
      sceneCalibration(scene),
      sceneSpeedRules(scene, 80),
    );
    for (const row of res.rows) {
      expect(row.readings, `vehicle ${row.truthKmh} km/h`).toBeGreaterThan(5);
      expect(Math.abs(row.errorKmh!), `vehicle ${row.truthKmh} km/h`).toBeLessThanOrEqual(
        Math.max(2, 0.03 * row.truthKmh),
      );
    }
    // Each vehicle is essentially one track (a far, few-pixel box may be re-acquired near the horizon).
    for (const row of res.rows) expect(row.trackIds.length).toBeLessThanOrEqual(2);
    // The speed rule at 80 km/h flags exactly the three faster vehicles.
    const flagged = res.events.filter((e) => e.kind === 'infraction');
    expect(flagged).toHaveLength(3);
  });
});
