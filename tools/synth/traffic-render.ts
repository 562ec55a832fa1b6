import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Point } from '../../inference/vision/geometry/primitives';
import {
  planTraffic,
  rearY,
  sceneCalibration,
  sceneSpeedRules,
  unprojectGround,
  vehicleBox,
  vehicleCorners,
  type TrafficOptions,
  type TrafficScene,
  type VehiclePlan,
} from './traffic-scene';

export interface SynthTrafficOptions extends TrafficOptions {
  outDir: string;
  ffmpegPath: string;
  /** Std-dev of a per-frame random shift of each rendered vehicle, pixels (detector jitter). */
  noisePx?: number;
  /** Std-dev of per-pixel sensor noise, grey levels. */
  pixelNoise?: number;
  /** Also write rules.json with a speed zone at this limit. */
  speedLimitKmh?: number;
  seed?: number;
}

export interface SynthTrafficResult {
  scene: TrafficScene;
  video: string;
  calibration: string;
  truth: string;
  rules?: string;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** Road, markings and verge, drawn once by mapping every pixel to the ground. */
function renderBackground(scene: TrafficScene): Uint8Array {
  const { width: w, height: h, camera } = scene;
  const img = new Uint8Array(w * h * 3);
  const r = rng(99);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const g = unprojectGround(camera, x + 0.5, y + 0.5);
      let c: [number, number, number];
      if (!g || g[1] > 400) c = [150, 175, 200];
      else {
        const ax = Math.abs(g[0]);
        const dash = ((g[1] % 12) + 12) % 12 < 3;
        if (ax > scene.roadHalfWidthM + 0.3) c = [85, 110, 60];
        else if (ax > scene.roadHalfWidthM) c = [210, 210, 210];
        else if (scene.laneLinesX.some((lx) => Math.abs(g[0] - lx) < 0.08) && dash)
          c = [215, 215, 215];
        else c = [96, 96, 100];
      }
      const t = (r() - 0.5) * 8;
      const i = (y * w + x) * 3;
      img[i] = clamp(c[0] + t);
      img[i + 1] = clamp(c[1] + t);
      img[i + 2] = clamp(c[2] + t);
    }
  return img;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function convexHull(pts: Point[]): Point[] {
  const p = [...pts].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0)
      lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0)
      upper.pop();
    upper.push(q);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Fills a polygon sampling pixel centres (even-odd scanline). */
function fillPolygon(
  img: Uint8Array,
  w: number,
  h: number,
  poly: Point[],
  rgb: [number, number, number],
): void {
  const ys = poly.map((p) => p[1]);
  const y0 = Math.max(0, Math.ceil(Math.min(...ys) - 0.5));
  const y1 = Math.min(h - 1, Math.floor(Math.max(...ys) - 0.5));
  for (let y = y0; y <= y1; y++) {
    const sy = y + 0.5;
    const xs: number[] = [];
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      if (yi > sy !== yj > sy) xs.push(xj + ((sy - yj) * (xi - xj)) / (yi - yj));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const xa = Math.max(0, Math.ceil(xs[k] - 0.5));
      const xb = Math.min(w - 1, Math.floor(xs[k + 1] - 0.5));
      for (let x = xa; x <= xb; x++) {
        const i = (y * w + x) * 3;
        img[i] = rgb[0];
        img[i + 1] = rgb[1];
        img[i + 2] = rgb[2];
      }
    }
  }
}

function drawVehicle(
  img: Uint8Array,
  scene: TrafficScene,
  v: VehiclePlan,
  tSec: number,
  dx: number,
  dy: number,
): void {
  const c = vehicleCorners(scene, v, tSec);
  if (!c) return;
  const shifted = c.map((p) => [p[0] + dx, p[1] + dy] as Point);
  fillPolygon(img, scene.width, scene.height, convexHull(shifted), v.rgb);
  // Rear face (towards the camera) darker, roof lighter: reads as a box, not a flat sticker.
  const shade = (f: number) => v.rgb.map((x) => clamp(x * f)) as [number, number, number];
  fillPolygon(
    img,
    scene.width,
    scene.height,
    [shifted[0], shifted[1], shifted[5], shifted[4]],
    shade(0.62),
  );
  fillPolygon(
    img,
    scene.width,
    scene.height,
    [shifted[4], shifted[5], shifted[7], shifted[6]],
    shade(1.12),
  );
}

/** Renders the scene and encodes it with real ffmpeg (H.264, a keyframe every second). */
export async function renderTrafficVideo(
  scene: TrafficScene,
  file: string,
  ffmpegPath: string,
  opts: { noisePx?: number; pixelNoise?: number; seed?: number } = {},
): Promise<void> {
  const { width: w, height: h, fps } = scene;
  const bg = renderBackground(scene);
  const r = rng(opts.seed ?? 7);
  const noisePx = opts.noisePx ?? 0;
  const pixelNoise = opts.pixelNoise ?? 2;
  const child = spawn(
    ffmpegPath,
    [
      '-hide_banner',
      '-v',
      'error',
      '-y',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${w}x${h}`,
      '-r',
      String(fps),
      '-i',
      'pipe:0',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '18',
      '-g',
      String(Math.round(fps)),
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      file,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`ffmpeg encode failed (${code}): ${stderr.trim()}`)),
    );
  });
  child.stdin.on('error', () => undefined); // an early ffmpeg exit is reported by `done`
  // Sensor noise from a pre-drawn Gaussian table at a random offset per frame: per-pixel
  // Box–Muller for every frame would cost more than the encoding.
  const NOISE = 1 << 20;
  const noise = new Float32Array(NOISE);
  for (let i = 0; i < NOISE; i++) noise[i] = gaussian(r) * pixelNoise;
  const frame = new Uint8Array(w * h * 3);
  for (let f = 0; f < scene.frames; f++) {
    const t = f / fps;
    frame.set(bg);
    // Far vehicles first so nearer ones cover them.
    const visible = scene.vehicles
      .filter((v) => t >= v.enterSec - 0.5 && t <= v.exitSec + 0.5)
      .sort((a, b) => rearY(b, t) - rearY(a, t));
    for (const v of visible)
      drawVehicle(frame, scene, v, t, gaussian(r) * noisePx, gaussian(r) * noisePx);
    if (pixelNoise > 0) {
      const off = Math.floor(r() * NOISE);
      for (let i = 0; i < frame.length; i++)
        frame[i] = clamp(frame[i] + noise[(off + i) & (NOISE - 1)]);
    }
    if (!child.stdin.write(frame))
      await new Promise<void>((res) => child.stdin.once('drain', () => res()));
  }
  child.stdin.end();
  await done;
}

/** Ground truth: per vehicle its speed and its exact box on every frame it is in view. */
export function trafficTruth(scene: TrafficScene) {
  return {
    width: scene.width,
    height: scene.height,
    fps: scene.fps,
    frames: scene.frames,
    vehicles: scene.vehicles.map((v) => {
      const frames = [];
      for (let f = 0; f < scene.frames; f++) {
        const t = f / scene.fps;
        const b = vehicleBox(scene, v, t);
        if (!b) continue;
        const round = (x: number) => Math.round(x * 100) / 100;
        frames.push({
          frame: f,
          tSec: round(t),
          box: [round(b.x1), round(b.y1), round(b.x2), round(b.y2)],
          clipped: b.clipped,
        });
      }
      return {
        id: v.id,
        speedKmh: v.speedKmh,
        laneX: v.laneX,
        direction: v.direction,
        lengthM: v.lengthM,
        widthM: v.widthM,
        heightM: v.heightM,
        frames,
      };
    }),
  };
}

export type TrafficTruth = ReturnType<typeof trafficTruth>;

/** Writes video.mp4, calibration.json, truth.json and (with a limit) rules.json into outDir. */
export async function writeSynthTraffic(o: SynthTrafficOptions): Promise<SynthTrafficResult> {
  const scene = planTraffic(o);
  await mkdir(o.outDir, { recursive: true });
  const video = path.join(o.outDir, 'video.mp4');
  await renderTrafficVideo(scene, video, o.ffmpegPath, {
    noisePx: o.noisePx,
    pixelNoise: o.pixelNoise,
    seed: o.seed,
  });
  const calibration = path.join(o.outDir, 'calibration.json');
  await writeFile(calibration, `${JSON.stringify(sceneCalibration(scene), null, 2)}\n`);
  const truth = path.join(o.outDir, 'truth.json');
  await writeFile(truth, `${JSON.stringify(trafficTruth(scene))}\n`);
  let rules: string | undefined;
  if (o.speedLimitKmh !== undefined) {
    rules = path.join(o.outDir, 'rules.json');
    await writeFile(rules, `${JSON.stringify(sceneSpeedRules(scene, o.speedLimitKmh), null, 2)}\n`);
  }
  return { scene, video, calibration, truth, rules };
}
