import { describe, expect, it } from 'vitest';
import type { Detection, FrameDetections } from '../../../../electron/shared/domain/detection';
import type { ZoneDanger } from '../../../../electron/shared/config/danger';
import {
  replayEdited,
  useFixturePeople,
  useWorkerZonePeople,
  wholeFrameZone,
} from '../../../helpers/real-people';

/**
 * The person-down rule on real people: YOLOv8n int8 person detections through the worker's own
 * ffmpeg + ONNX pipeline, replayed through the scene stage (tracker + rules engine).
 *
 * The fall is synthetic: no fixture shows anyone falling. In the one-by-one fixture a person walks
 * in, stands still for about 10 s and walks off; from 10 s on, each of their real boxes is turned
 * into a lying one (over 1 s, then lying where they stood), keeping the detector's own frame to
 * frame size and position jitter, so the tracker and the rule see real detection noise. The same
 * footage untransformed (people walking in, standing, walking out at the bottom edge), and the
 * worker-zone fixture (a person walking away from the camera), must raise no person-down event.
 */
const ONE_BY_ONE_FPS = 5;
/** The first 20 s of the one-by-one fixture: one person in, standing, and out. */
const oneByOne = useFixturePeople(
  'one-by-one-person-detection.mp4',
  { fps: ONE_BY_ONE_FPS, maxFrames: 100 },
  600_000,
);
const workerZone = useWorkerZonePeople(300_000);

const personDown = (o: Partial<NonNullable<ZoneDanger['personDown']>> = {}): ZoneDanger => ({
  intrusionClasses: [],
  loiterClasses: [],
  severity: 'high',
  personDown: {
    personClasses: ['person'],
    downClasses: [],
    boxHeuristic: true,
    minDurationSec: 5,
    lyingAspect: 1.3,
    ...o,
  },
});

const FALL_AT = 50; // frame index: 10 s
const FALL_FRAMES = 5; // 1 s
const GONE_AT = 98; // the person has walked off by here

const person = (f: FrameDetections) => f.detections.find((d) => d.label === 'person');

/**
 * Each real box of the person from FALL_AT on, as the box of someone who fell where they stood:
 * as long as they are tall and 0.35 of that high, on the floor line of the standing box, with the
 * real box's jitter (its centre's offset from the mean of its neighbours) added.
 */
function fallTransform(frames: readonly FrameDetections[]) {
  const p0 = person(frames[FALL_AT])!;
  const cx0 = (p0.x1 + p0.x2) / 2;
  const floor = p0.y2;
  const centre = (i: number) => {
    const p = person(frames[i]);
    return p ? [(p.x1 + p.x2) / 2, (p.y1 + p.y2) / 2] : undefined;
  };
  const jitter = (i: number): [number, number] => {
    const c = centre(i);
    const around = [-2, -1, 1, 2].map((k) => centre(i + k)).filter((x) => x !== undefined);
    if (!c || around.length === 0) return [0, 0];
    const mx = around.reduce((s, x) => s + x[0], 0) / around.length;
    const my = around.reduce((s, x) => s + x[1], 0) / around.length;
    return [c[0] - mx, c[1] - my];
  };
  return (dets: Detection[], i: number): Detection[] => {
    if (i < FALL_AT || i >= GONE_AT) return dets;
    return dets.map((d) => {
      if (d.label !== 'person') return d;
      const h = d.y2 - d.y1;
      const lying = { w: h, h: 0.35 * h };
      const t = Math.min(1, (i - FALL_AT + 1) / FALL_FRAMES);
      const w = d.x2 - d.x1 + (lying.w - (d.x2 - d.x1)) * t;
      const bh = h + (lying.h - h) * t;
      const [jx, jy] = jitter(i);
      const cx = cx0 + jx;
      const bottom = floor + jy;
      return { ...d, x1: cx - w / 2, x2: cx + w / 2, y1: bottom - bh, y2: bottom };
    });
  };
}

describe('person-down on real person detections', () => {
  it.skipIf(oneByOne.skip)(
    'a synthetic fall of a real, tracked person raises one person-down event after 5 s',
    () => {
      const { frames } = oneByOne;
      expect(frames.length).toBe(100);
      // The person is there, standing, around the fall.
      for (let i = FALL_AT - 5; i < FALL_AT + 30; i++) expect(person(frames[i])).toBeDefined();
      const draft = wholeFrameZone(frames, { id: 'floor', danger: personDown() });
      const events = replayEdited(frames, draft, fallTransform(frames), ONE_BY_ONE_FPS);
      expect(events).toHaveLength(1);
      const ev = events[0];
      expect(ev).toMatchObject({
        type: 'person-down',
        category: 'safety',
        ruleId: 'floor-down',
        zoneId: 'floor',
        classLabel: 'person',
      });
      expect(ev.measured.durationSec).toBeGreaterThanOrEqual(5);
      expect(ev.measured.aspectRatio).toBeGreaterThan(1.3);
      expect(ev.measured.dropPct).toBeGreaterThan(30);
      // Fell from 10 s to 11 s, down once the 1 s window is mostly lying, then 5 s.
      const at = (ev.frameId - frames[0].frameId) / ONE_BY_ONE_FPS;
      expect(at).toBeGreaterThanOrEqual(15.5);
      expect(at).toBeLessThan(18);
      // The box in the event is the lying one.
      expect((ev.box.x2 - ev.box.x1) / (ev.box.y2 - ev.box.y1)).toBeGreaterThan(2);
    },
  );

  it.skipIf(oneByOne.skip || workerZone.skip)(
    'people walking and standing raise no person-down event, even with no minimum time',
    () => {
      for (const { frames, fps } of [
        { frames: oneByOne.frames, fps: ONE_BY_ONE_FPS },
        { frames: workerZone.frames, fps: 15 },
      ]) {
        expect(frames.filter((f) => person(f)).length).toBeGreaterThan(40);
        for (const minDurationSec of [5, 0]) {
          const draft = wholeFrameZone(frames, {
            id: 'floor',
            danger: personDown({ minDurationSec }),
          });
          expect(replayEdited(frames, draft, (d) => d, fps)).toEqual([]);
        }
      }
    },
  );
});
