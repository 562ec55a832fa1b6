import type { FinishedTrack } from '../../electron/shared/domain/track-history';
import { mulberry32 } from './synthetic-infractions';

export interface SyntheticTrackOptions {
  cameras: number;
  /** First track's time (epoch ms). */
  start: number;
  /** Span the tracks are spread over (ms). */
  spanMs: number;
  total: number;
  seed?: number;
}

export const SYNTH_CLASSES = ['car', 'person', 'truck', 'bus', 'bicycle', 'motorcycle'] as const;
const CLASS_WEIGHTS = [0.5, 0.25, 0.1, 0.05, 0.05, 0.05];
export const SYNTH_LINES = ['line-a', 'line-b'] as const;
export const SYNTH_ZONES = ['zone-queue', 'zone-station'] as const;

export function syntheticCameraIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `cam-${String(i + 1).padStart(2, '0')}`);
}

/**
 * Finished tracks of a busy site in time order: a few classes, two counting lines and two zones
 * per camera, paths across the frame, dwell times spread from seconds to minutes. Deterministic
 * for a seed; produced lazily in chunks so ten million never sit in memory at once.
 */
export function* syntheticTracks(
  o: SyntheticTrackOptions,
  chunk = 20_000,
): Generator<FinishedTrack[]> {
  const rnd = mulberry32(o.seed ?? 1);
  const cams = syntheticCameraIds(o.cameras);
  const step = o.spanMs / o.total;
  let out: FinishedTrack[] = [];
  for (let i = 0; i < o.total; i++) {
    const first = Math.round(o.start + i * step + rnd() * step);
    let r = rnd();
    let c = 0;
    while (c < CLASS_WEIGHTS.length - 1 && r >= CLASS_WEIGHTS[c]) r -= CLASS_WEIGHTS[c++];
    const classLabel = SYNTH_CLASSES[c];
    const duration = 2_000 + Math.round(-Math.log(1 - rnd()) * 20_000);
    const last = first + duration;
    const n = 4 + Math.floor(rnd() * 12);
    const x0 = rnd();
    const y0 = rnd() * 0.3;
    const x1 = rnd();
    const y1 = 0.7 + rnd() * 0.3;
    const path: Array<[number, number]> = [];
    for (let k = 0; k < n; k++) {
      const f = k / (n - 1);
      path.push([
        Math.min(1, Math.max(0, x0 + (x1 - x0) * f + (rnd() - 0.5) * 0.02)),
        Math.min(1, Math.max(0, y0 + (y1 - y0) * f + (rnd() - 0.5) * 0.02)),
      ]);
    }
    const lines: FinishedTrack['lines'] = [];
    if (rnd() < 0.7)
      lines.push({
        lineId: SYNTH_LINES[rnd() < 0.6 ? 0 : 1],
        ts: first + Math.round(duration / 2),
        direction: rnd() < 0.55 ? 'left-to-right' : 'right-to-left',
      });
    const zones: FinishedTrack['zones'] = [];
    if (rnd() < 0.6) {
      const enter = first + Math.round(rnd() * duration * 0.3);
      const dwell = Math.round(-Math.log(1 - rnd()) * 30_000);
      zones.push({
        zoneId: SYNTH_ZONES[rnd() < 0.5 ? 0 : 1],
        enterTs: enter,
        exitTs: enter + dwell,
        dwellMs: dwell,
      });
    }
    const speed =
      classLabel === 'person'
        ? undefined
        : { min: 20 + rnd() * 10, mean: 35 + rnd() * 15, max: 50 + rnd() * 20 };
    out.push({
      cameraId: cams[Math.floor(rnd() * cams.length)],
      trackId: i,
      classLabel,
      firstSeen: first,
      lastSeen: last,
      frames: Math.round(duration / 100),
      path,
      zones,
      lines,
      ...(speed ? { speed } : {}),
      bestCrop: { frameId: i, ts: first, box: [0.4, 0.4, 0.5, 0.55], score: 0.8 },
    });
    if (out.length >= chunk) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}
