import { parseArgs } from 'node:util';
import { ByteTracker } from '../../inference/vision/tracking/byte-tracker';
import { SceneAnalyzer } from '../../inference/vision/scene/scene-analyzer';
import { planTraffic, sceneCalibration, sceneSpeedRules } from '../synth/traffic-scene';
import type { Detection } from '../../electron/shared/domain/detection';

const usage = `watcher bench track [--objects 50] [--frames 3000] [--json]

Tracker updates per second with N simultaneous objects (moving boxes with jitter, occasional
missed and low-score detections), for the bare ByteTrack-style tracker and for the whole
SceneAnalyzer (tracking + ground-plane speed + a speed-zone rule).`;

function scenario(objects: number, frames: number, seed = 3): Detection[][] {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const W = 1920;
  const H = 1080;
  const objs = Array.from({ length: objects }, () => ({
    x: rnd() * (W - 100),
    y: 200 + rnd() * (H - 300),
    vx: (rnd() - 0.5) * 12,
    vy: (rnd() - 0.5) * 6,
    w: 30 + rnd() * 60,
    h: 30 + rnd() * 50,
  }));
  const out: Detection[][] = [];
  for (let f = 0; f < frames; f++) {
    const dets: Detection[] = [];
    for (const o of objs) {
      o.x += o.vx;
      o.y += o.vy;
      if (o.x < 0 || o.x + o.w > W) o.vx = -o.vx;
      if (o.y < 150 || o.y + o.h > H) o.vy = -o.vy;
      const r = rnd();
      if (r < 0.03) continue; // missed
      const j = () => (rnd() - 0.5) * 3;
      dets.push({
        x1: o.x + j(),
        y1: o.y + j(),
        x2: o.x + o.w + j(),
        y2: o.y + o.h + j(),
        score: r < 0.1 ? 0.3 : 0.85,
        classId: 2,
        label: 'car',
      });
    }
    out.push(dets);
  }
  return out;
}

function time(run: () => void): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        objects: { type: 'string', default: '50' },
        frames: { type: 'string', default: '3000' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const objects = Number(values.objects);
  const frames = Number(values.frames);
  if (!Number.isInteger(objects) || objects < 1 || !Number.isInteger(frames) || frames < 10) {
    process.stderr.write(`--objects and --frames must be positive integers\n\n${usage}\n`);
    return 2;
  }
  const data = scenario(objects, frames);
  const warm = Math.min(200, frames);

  // JIT warm-up on a throwaway tracker so the timed run measures steady-state code.
  const warmup = new ByteTracker();
  for (let i = 0; i < warm; i++) warmup.update(data[i], i * 40);
  const t1 = new ByteTracker();
  const trackerMs = time(() => {
    for (let i = 0; i < frames; i++) t1.update(data[i], i * 40);
  });
  const liveTracks = t1.all.length;

  // Full scene logic: calibration, speed per track and a speed zone over the whole frame.
  const scene = planTraffic({ width: 1920, height: 1080 });
  const calibration = sceneCalibration(scene);
  const rules = sceneSpeedRules(scene, 80);
  rules.zones[0].polygon = [
    [0, 0],
    [1920, 0],
    [1920, 1080],
    [0, 1080],
  ];
  const a = new SceneAnalyzer({ cameraId: 'bench', calibration, rules });
  const sceneMs = time(() => {
    for (let i = 0; i < frames; i++)
      a.update({
        cameraId: 'bench',
        frameId: i,
        ts: i * 40,
        width: 1920,
        height: 1080,
        detections: data[i],
      });
  });

  const result = {
    objects,
    frames,
    liveTracks,
    trackerUpdatesPerSec: Math.round((frames * 1000) / trackerMs),
    trackerMsPerUpdate: trackerMs / frames,
    trackerObjectUpdatesPerSec: Math.round((frames * objects * 1000) / trackerMs),
    sceneUpdatesPerSec: Math.round((frames * 1000) / sceneMs),
    sceneMsPerUpdate: sceneMs / frames,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(
      [
        `tracker bench: ${objects} simultaneous objects, ${frames} frames (${liveTracks} live tracks at the end)`,
        `  ByteTracker.update      ${result.trackerUpdatesPerSec.toLocaleString('en')} updates/s  (${result.trackerMsPerUpdate.toFixed(3)} ms per frame, ${result.trackerObjectUpdatesPerSec.toLocaleString('en')} object-updates/s)`,
        `  SceneAnalyzer.update    ${result.sceneUpdatesPerSec.toLocaleString('en')} updates/s  (${result.sceneMsPerUpdate.toFixed(3)} ms per frame: tracking + speed + speed rule)`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}
