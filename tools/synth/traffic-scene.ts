import type { CalibrationConfig } from '../../electron/shared/config/calibration';
import type { RuleSetConfig } from '../../electron/shared/config/rules';
import type { Point } from '../../inference/vision/geometry/primitives';

/**
 * The geometry of a synthetic traffic scene, pure (no I/O): a pinhole camera above a straight
 * road, vehicles as 3-D boxes driving along lanes at constant known speeds. The renderer draws it;
 * tests can also use the exact boxes directly. World: x across the road (m, right positive),
 * y along it (m, away from the camera), z up.
 */
export interface TrafficCamera {
  heightM: number;
  tiltDeg: number;
  focalPx: number;
  cx: number;
  cy: number;
  /** Camera foot is this far behind y = 0. */
  setbackM: number;
}

export interface VehiclePlan {
  id: number;
  speedKmh: number;
  /** Lateral centre of its lane, m. */
  laneX: number;
  /** +1 drives away from the camera, −1 towards it. */
  direction: 1 | -1;
  lengthM: number;
  widthM: number;
  heightM: number;
  /** Ground y of the vehicle's rear (the end nearest the camera when driving away) at t = 0. */
  y0: number;
  enterSec: number;
  exitSec: number;
  rgb: [number, number, number];
}

export interface TrafficScene {
  width: number;
  height: number;
  fps: number;
  frames: number;
  camera: TrafficCamera;
  /** Road edges (lateral) and lane lines, for rendering. */
  roadHalfWidthM: number;
  laneLinesX: number[];
  vehicles: VehiclePlan[];
  /** Ground y range over which vehicles are driven (they start and end outside the view). */
  yStart: number;
  yEnd: number;
}

export interface TrafficOptions {
  speedsKmh?: number[];
  fps?: number;
  width?: number;
  height?: number;
  /** Seconds between vehicles entering. */
  gapSec?: number;
  /** Length of road driven, metres beyond the near edge of the view. */
  roadLengthM?: number;
  /** Total length; by default until the last vehicle has left. */
  seconds?: number;
}

const PALETTE: Array<[number, number, number]> = [
  [235, 235, 235],
  [28, 30, 40],
  [240, 200, 40],
  [20, 60, 150],
  [205, 205, 215],
  [60, 20, 20],
];
const BODIES = [
  { lengthM: 4.4, widthM: 1.8, heightM: 1.5 },
  { lengthM: 5.2, widthM: 2.0, heightM: 2.0 },
  { lengthM: 4.0, widthM: 1.7, heightM: 1.45 },
];

export function defaultCamera(width: number, height: number): TrafficCamera {
  return {
    heightM: 8,
    tiltDeg: 20,
    focalPx: 0.9 * width,
    cx: width / 2,
    cy: height / 2,
    setbackM: 8,
  };
}

/** Image point of a world point (x, y, z); null behind the camera. */
export function project(c: TrafficCamera, x: number, y: number, z = 0): Point | null {
  const t = (c.tiltDeg * Math.PI) / 180;
  const yy = y + c.setbackM;
  const depth = yy * Math.cos(t) + (c.heightM - z) * Math.sin(t);
  if (depth <= 0.1) return null;
  const down = -yy * Math.sin(t) + (c.heightM - z) * Math.cos(t);
  return [c.cx + (c.focalPx * x) / depth, c.cy + (c.focalPx * down) / depth];
}

/** Ground point seen at image pixel (u, v); null above the horizon. */
export function unprojectGround(c: TrafficCamera, u: number, v: number): Point | null {
  const t = (c.tiltDeg * Math.PI) / 180;
  const a = (v - c.cy) / c.focalPx;
  // Ray direction in world: forward·1 + down·a + right·b; it hits z = 0 where it has dropped heightM.
  const dz = -Math.sin(t) - a * Math.cos(t);
  if (dz >= -1e-6) return null;
  const s = c.heightM / -dz;
  const dy = Math.cos(t) - a * Math.sin(t);
  return [s * ((u - c.cx) / c.focalPx), s * dy - c.setbackM];
}

/** Near ground y of the bottom image row. */
function nearestVisibleY(c: TrafficCamera, width: number, height: number): number {
  return unprojectGround(c, width / 2, height)![1];
}

export function planTraffic(o: TrafficOptions = {}): TrafficScene {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const fps = o.fps ?? 25;
  const camera = defaultCamera(width, height);
  const speeds = o.speedsKmh ?? [30, 50, 70, 90, 110, 130];
  const gap = o.gapSec ?? 1.2;
  const yNear = nearestVisibleY(camera, width, height);
  const yStart = yNear - 7; // fully out of view below the frame
  const yEnd = yNear + (o.roadLengthM ?? 60);
  // Fastest first and alternate lanes: a later (slower) vehicle never catches up with an earlier one.
  const order = speeds.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s);
  const lanes = [-1.75, 1.75];
  const vehicles: VehiclePlan[] = order.map(({ s, i }, k) => {
    const body = BODIES[i % BODIES.length];
    const v = s / 3.6;
    const enterSec = 0.2 + k * gap;
    const travel = yEnd - yStart;
    return {
      id: i + 1,
      speedKmh: s,
      laneX: lanes[k % lanes.length],
      direction: 1,
      ...body,
      y0: yStart - v * enterSec,
      enterSec,
      exitSec: enterSec + travel / v,
      rgb: PALETTE[i % PALETTE.length],
    };
  });
  const seconds = o.seconds ?? Math.max(...vehicles.map((v) => v.exitSec)) + 0.4;
  return {
    width,
    height,
    fps,
    frames: Math.round(seconds * fps),
    camera,
    roadHalfWidthM: 3.5,
    laneLinesX: [0],
    vehicles,
    yStart,
    yEnd,
  };
}

/** Ground y of the vehicle's rear at time t. */
export function rearY(v: VehiclePlan, tSec: number): number {
  return v.y0 + (v.direction * v.speedKmh * tSec) / 3.6;
}

/** Image corners of the vehicle's box at time t (8 points: 4 on the ground, then 4 on the roof). */
export function vehicleCorners(scene: TrafficScene, v: VehiclePlan, tSec: number): Point[] | null {
  const y = rearY(v, tSec);
  const xs = [v.laneX - v.widthM / 2, v.laneX + v.widthM / 2];
  const ys = [y, y + v.lengthM];
  const out: Point[] = [];
  for (const z of [0, v.heightM])
    for (const yy of ys)
      for (const xx of xs) {
        const p = project(scene.camera, xx, yy, z);
        if (!p) return null;
        out.push(p);
      }
  return out;
}

export interface TruthBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Part of the vehicle is outside the frame. */
  clipped: boolean;
}

/** The vehicle's image box at time t, clamped to the frame; null when not in view. */
export function vehicleBox(scene: TrafficScene, v: VehiclePlan, tSec: number): TruthBox | null {
  const c = vehicleCorners(scene, v, tSec);
  if (!c) return null;
  const xs = c.map((p) => p[0]);
  const ys = c.map((p) => p[1]);
  const raw = {
    x1: Math.min(...xs),
    y1: Math.min(...ys),
    x2: Math.max(...xs),
    y2: Math.max(...ys),
  };
  const box = {
    x1: Math.max(0, raw.x1),
    y1: Math.max(0, raw.y1),
    x2: Math.min(scene.width, raw.x2),
    y2: Math.min(scene.height, raw.y2),
  };
  if (box.x2 - box.x1 < 1 || box.y2 - box.y1 < 1) return null;
  return {
    ...box,
    clipped: box.x1 !== raw.x1 || box.y1 !== raw.y1 || box.x2 !== raw.x2 || box.y2 !== raw.y2,
  };
}

/** Calibration from surveyed ground points (lane-line dashes), the way a site survey gives them. */
export function sceneCalibration(scene: TrafficScene): CalibrationConfig {
  const yNear = scene.yStart + 9;
  const ys = [yNear, yNear + 12, yNear + 24, yNear + 40];
  const points = ys.flatMap((y) =>
    [-scene.roadHalfWidthM, scene.roadHalfWidthM].map((x) => ({
      image: project(scene.camera, x, y)!,
      world: [x, y] as [number, number],
    })),
  );
  return {
    method: 'points',
    version: 1,
    imageSize: { width: scene.width, height: scene.height },
    points: points.map((p) => ({
      image: [round2(p.image[0]), round2(p.image[1])],
      world: p.world,
    })),
  };
}

/** A rule set with one speed zone over the well-resolved middle of the road. */
export function sceneSpeedRules(
  scene: TrafficScene,
  limitKmh: number,
  toleranceKmh = 0,
): RuleSetConfig {
  const y0 = scene.yStart + 12;
  const y1 = scene.yStart + 45;
  const hw = scene.roadHalfWidthM + 0.5;
  const poly = [
    project(scene.camera, -hw, y0)!,
    project(scene.camera, hw, y0)!,
    project(scene.camera, hw, y1)!,
    project(scene.camera, -hw, y1)!,
  ].map((p) => [round2(p[0]), round2(p[1])] as [number, number]);
  return {
    version: 1,
    imageSize: { width: scene.width, height: scene.height },
    zones: [{ id: 'speed-zone', name: 'Speed zone', polygon: poly }],
    lines: [],
    signals: [],
    rules: [
      {
        id: 'speed-limit',
        name: `Speed limit ${limitKmh} km/h`,
        type: 'speed',
        enabled: true,
        zoneId: 'speed-zone',
        limitKmh,
        toleranceKmh,
        tolerancePct: 0,
        minConfidence: 0.5,
        classes: [],
        cooldownSec: 60,
      },
    ],
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
