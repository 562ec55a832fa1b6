import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../../electron/shared/domain/detection';
import type { ZoneDanger } from '../../../../electron/shared/config/danger';
import {
  replayWithExtraBoxes,
  useWorkerZonePeople,
  wholeFrameZone,
} from '../../../helpers/real-people';

/**
 * Danger-zone rules on real people: YOLOv8n int8 person detections of the worker-zone fixture,
 * through the worker's own ffmpeg + ONNX pipeline. No machine class is in the fixture, so the
 * machine is a synthetic forklift box beside the detected person (standing on the same floor
 * line, a set number of person-heights away), to test proximity on real, jittering person boxes.
 */
const { frames, skip } = useWorkerZonePeople(300_000);

/** A forklift whose footprint starts `gapM` metres right of the person's (1.7 m tall). */
function forklift(p: Detection, gapM: number): Detection {
  const h = p.y2 - p.y1;
  const pxPerM = h / 1.7;
  const x1 = p.x2 + gapM * pxPerM;
  return {
    x1,
    x2: x1 + 2 * pxPerM,
    y1: p.y2 - 1.8 * pxPerM,
    y2: p.y2,
    score: 0.8,
    classId: 200,
    label: 'forklift',
  };
}

function dangerEvents(
  danger: Partial<ZoneDanger>,
  machines: (p: Detection[], tsMs: number) => Detection[],
) {
  const draft = wholeFrameZone(frames, {
    id: 'floor',
    danger: {
      intrusionClasses: [],
      loiterClasses: [],
      severity: 'high',
      ...danger,
    },
  });
  return replayWithExtraBoxes(frames, draft, (persons, _i, ts) => machines(persons, ts));
}

describe('danger-zone rules on real person detections', () => {
  it.skipIf(skip)('a person standing in the zone loiters only after the dwell', () => {
    const withPerson = frames.filter((f) => f.detections.some((d) => d.label === 'person'));
    expect(withPerson.length / frames.length).toBeGreaterThan(0.6);
    const long = dangerEvents({ loiterClasses: ['person'], loiterSec: 1.5 }, () => []);
    expect(long.length).toBeGreaterThanOrEqual(1);
    expect(long[0]).toMatchObject({
      type: 'zone-intrusion',
      category: 'safety',
      classLabel: 'person',
      zoneId: 'floor',
      ruleId: 'floor-loiter',
    });
    expect(long[0].measured.dwellSec).toBeGreaterThanOrEqual(1.5);
    const duration = frames.length / 15;
    expect(dangerEvents({ loiterClasses: ['person'], loiterSec: duration + 5 }, () => [])).toEqual(
      [],
    );
  });

  it.skipIf(skip)(
    'a person near a forklift raises a proximity event; one far from it does not',
    () => {
      const proximity = {
        personClasses: ['person'],
        machineClasses: ['forklift'],
        withinM: 2,
        minDurationSec: 0.5,
      };
      const near = dangerEvents({ proximity }, (ps) => ps.map((p) => forklift(p, 1)));
      expect(near.length).toBeGreaterThanOrEqual(1);
      expect(near[0]).toMatchObject({
        type: 'zone-intrusion',
        category: 'safety',
        ruleId: 'floor-proximity',
        classLabel: 'person',
      });
      expect(near[0].measured.distanceM).toBeGreaterThan(0.8);
      expect(near[0].measured.distanceM).toBeLessThan(1.2);
      expect(near[0].measured.durationSec).toBeGreaterThanOrEqual(0.5);
      expect(dangerEvents({ proximity }, (ps) => ps.map((p) => forklift(p, 4)))).toEqual([]);
      // The forklift there for a moment only (shorter than the minimum): nothing.
      expect(
        dangerEvents({ proximity }, (ps, t) => (t < 200 ? ps.map((p) => forklift(p, 1)) : [])),
      ).toEqual([]);
    },
  );
});
