import type { CalibrationConfig } from '../../electron/shared/config/calibration';
import type { RuleSetConfig } from '../../electron/shared/config/rules';
import { MotionDetector } from '../../inference/vision/motion/motion-detector';
import { SceneAnalyzer, type SceneEvent } from '../../inference/vision/scene/scene-analyzer';
import {
  bottomCenter,
  iou,
  pointInPolygon,
  type Polygon,
} from '../../inference/vision/geometry/primitives';
import type { Detection } from '../../electron/shared/domain/detection';
import { decodeRawFrames } from './ffmpeg-frames';
import type { TrafficTruth } from './traffic-render';

export interface SpeedCheckRow {
  vehicleId: number;
  truthKmh: number;
  /** Median of the track's confident speed readings inside the zone (or anywhere without one). */
  measuredKmh: number | null;
  errorKmh: number | null;
  errorPct: number | null;
  /** Within 3 % or 2 km/h, whichever is larger. */
  pass: boolean;
  readings: number;
  trackIds: number[];
}

export interface SpeedCheckResult {
  rows: SpeedCheckRow[];
  events: SceneEvent[];
  frames: number;
}

/** Frames of detections → analyzer → per-vehicle measured speeds matched to the truth by IoU. */
export function checkSpeeds(
  frames: Iterable<{ ts: number; detections: Detection[] }>,
  truth: TrafficTruth,
  calibration: CalibrationConfig,
  rules?: RuleSetConfig,
): SpeedCheckResult {
  const analyzer = new SceneAnalyzer({ cameraId: 'synth', calibration, rules });
  const zone: Polygon | undefined = rules?.zones[0]?.polygon;
  const truthByFrame = new Map<
    number,
    Array<{ id: number; box: { x1: number; y1: number; x2: number; y2: number } }>
  >();
  for (const v of truth.vehicles)
    for (const f of v.frames) {
      let a = truthByFrame.get(f.frame);
      if (!a) truthByFrame.set(f.frame, (a = []));
      a.push({ id: v.id, box: { x1: f.box[0], y1: f.box[1], x2: f.box[2], y2: f.box[3] } });
    }
  const readings = new Map<number, number[]>(); // vehicle → speeds
  const tracksOf = new Map<number, Set<number>>();
  const events: SceneEvent[] = [];
  let frameId = 0;
  for (const fr of frames) {
    const out = analyzer.update({
      cameraId: 'synth',
      frameId,
      ts: fr.ts,
      width: truth.width,
      height: truth.height,
      detections: fr.detections,
    });
    events.push(...out.events);
    const gt = truthByFrame.get(frameId) ?? [];
    for (const d of out.detections) {
      if (d.trackId === undefined) continue;
      let best = 0;
      let vid = -1;
      for (const g of gt) {
        const o = iou(d, g.box);
        if (o > best) [best, vid] = [o, g.id];
      }
      if (vid < 0 || best < 0.3) continue;
      let ts = tracksOf.get(vid);
      if (!ts) tracksOf.set(vid, (ts = new Set()));
      ts.add(d.trackId);
      const sp = analyzer.track(d.trackId)?.speed;
      if (!sp || sp.confidence < 0.5) continue;
      if (zone && !pointInPolygon(bottomCenter(d), zone)) continue;
      let r = readings.get(vid);
      if (!r) readings.set(vid, (r = []));
      r.push(sp.speedKmh);
    }
    frameId++;
  }
  const rows = truth.vehicles.map((v) => {
    const r = (readings.get(v.id) ?? []).sort((a, b) => a - b);
    const measured = r.length ? r[Math.floor(r.length / 2)] : null;
    const err = measured === null ? null : measured - v.speedKmh;
    return {
      vehicleId: v.id,
      truthKmh: v.speedKmh,
      measuredKmh: measured,
      errorKmh: err,
      errorPct: err === null ? null : (100 * err) / v.speedKmh,
      pass: err !== null && Math.abs(err) <= Math.max(2, 0.03 * v.speedKmh),
      readings: r.length,
      trackIds: [...(tracksOf.get(v.id) ?? [])],
    };
  });
  return { rows, events, frames: frameId };
}

/** Decodes the video and runs the motion detector at full resolution, yielding detection frames. */
export async function motionDetectionFrames(
  ffmpegPath: string,
  video: string,
  size: { width: number; height: number; fps: number },
): Promise<Array<{ ts: number; detections: Detection[] }>> {
  const md = new MotionDetector({ width: size.width, height: size.height });
  const out: Array<{ ts: number; detections: Detection[] }> = [];
  let i = 0;
  for await (const gray of decodeRawFrames(ffmpegPath, video, {
    width: size.width,
    height: size.height,
  })) {
    const boxes = md.detect(gray);
    out.push({
      ts: (i++ * 1000) / size.fps,
      detections: boxes.map((b) => ({
        ...b,
        score: Math.min(1, 0.5 + b.score / 2),
        classId: 0,
        label: 'vehicle',
      })),
    });
  }
  return out;
}

/** Truth boxes with Gaussian jitter of `noisePx` (the pure check, no video). */
export function noisyTruthFrames(
  truth: TrafficTruth,
  noisePx: number,
  seed = 5,
): Array<{ ts: number; detections: Detection[] }> {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const g = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const frames = Array.from({ length: truth.frames }, (_, f) => ({
    ts: (f * 1000) / truth.fps,
    detections: [] as Detection[],
  }));
  for (const v of truth.vehicles)
    for (const f of v.frames) {
      const [x1, y1, x2, y2] = f.box;
      frames[f.frame].detections.push({
        x1: x1 + g() * noisePx,
        y1: y1 + g() * noisePx,
        x2: x2 + g() * noisePx,
        y2: Math.min(truth.height, y2 + g() * noisePx),
        score: 0.9,
        classId: 2,
        label: 'car',
      });
    }
  return frames;
}

export function formatSpeedTable(rows: readonly SpeedCheckRow[]): string {
  const lines = ['vehicle  truth km/h  measured km/h  error km/h  error %  readings  result'];
  for (const r of rows) {
    lines.push(
      [
        String(r.vehicleId).padStart(7),
        r.truthKmh.toFixed(1).padStart(11),
        (r.measuredKmh === null ? '—' : r.measuredKmh.toFixed(2)).padStart(14),
        (r.errorKmh === null ? '—' : r.errorKmh.toFixed(2)).padStart(11),
        (r.errorPct === null ? '—' : r.errorPct.toFixed(2)).padStart(8),
        String(r.readings).padStart(9),
        r.pass ? '  pass' : '  FAIL',
      ].join(' '),
    );
  }
  return lines.join('\n');
}
