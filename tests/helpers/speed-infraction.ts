import type { SceneInfraction } from '../../inference/vision/rules/rule-engine';

/**
 * A speeding car as the rule engine raises it (92 km/h over a 60 limit), for tests that hand an
 * infraction straight to the evidence writer: the plate and evidence suites vary only the camera,
 * the track, the frame and the vehicle's box.
 */
export function speedInfraction(o: {
  cameraId: string;
  trackId: number;
  frameId: number;
  box: SceneInfraction['box'];
  occurredAt?: number;
  tsMs?: number;
}): SceneInfraction {
  return {
    type: 'speed',
    category: 'traffic',
    cameraId: o.cameraId,
    ruleId: 'speed-limit',
    ruleVersion: 1,
    occurredAt: o.occurredAt ?? Date.now(),
    trackId: o.trackId,
    classLabel: 'car',
    measured: { speedKmh: 92, limitKmh: 60 },
    confidence: 0.8,
    box: o.box,
    frameId: o.frameId,
    tsMs: o.tsMs ?? 0,
    annotation: { label: `#${o.trackId} 92 km/h > 60` },
  } as SceneInfraction;
}
