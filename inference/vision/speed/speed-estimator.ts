/**
 * Speed of one tracked object from its ground-plane trajectory (metres, timestamped).
 *
 * Velocity is the least-squares slope of position over time within a sliding window, which
 * smooths detector jitter without lag-prone filtering and uses real timestamps (a dropped frame
 * just leaves a gap). Confidence falls when there are few observations, when they span little
 * time, and when the fit's standard error is large relative to the speed.
 */
export interface GroundObservation {
  tsMs: number;
  x: number;
  y: number;
}

export interface SpeedOptions {
  /** Observations older than this (relative to the newest) are not used. */
  windowMs?: number;
  /** No speed at all from fewer observations than this. */
  minObservations?: number;
  /** Observations spanning less time than this give no speed. */
  minSpanMs?: number;
  /** Relative standard error at which the precision part of the confidence is 0.5. */
  halfConfidenceRelError?: number;
}

export interface SpeedEstimate {
  speedKmh: number;
  /** Ground velocity, metres per second. */
  vx: number;
  vy: number;
  /** 0..1. */
  confidence: number;
  observations: number;
  spanMs: number;
  /** Standard error of the speed, km/h. */
  stdErrKmh: number;
}

export const SPEED_DEFAULTS: Required<SpeedOptions> = {
  windowMs: 1000,
  minObservations: 6,
  minSpanMs: 200,
  halfConfidenceRelError: 0.03,
};

export function estimateSpeed(
  track: readonly GroundObservation[],
  options: SpeedOptions = {},
): SpeedEstimate | null {
  const o = { ...SPEED_DEFAULTS, ...options };
  if (track.length < o.minObservations) return null;
  const newest = track[track.length - 1].tsMs;
  let start = track.length - 1;
  while (start > 0 && newest - track[start - 1].tsMs <= o.windowMs) start--;
  const n = track.length - start;
  if (n < o.minObservations) return null;
  const spanMs = newest - track[start].tsMs;
  if (spanMs < o.minSpanMs) return null;

  let mt = 0;
  let mx = 0;
  let my = 0;
  for (let i = start; i < track.length; i++) {
    mt += (track[i].tsMs - newest) / 1000;
    mx += track[i].x;
    my += track[i].y;
  }
  mt /= n;
  mx /= n;
  my /= n;
  let stt = 0;
  let stx = 0;
  let sty = 0;
  for (let i = start; i < track.length; i++) {
    const dt = (track[i].tsMs - newest) / 1000 - mt;
    stt += dt * dt;
    stx += dt * (track[i].x - mx);
    sty += dt * (track[i].y - my);
  }
  if (stt <= 0) return null;
  const vx = stx / stt;
  const vy = sty / stt;
  let sse = 0;
  for (let i = start; i < track.length; i++) {
    const dt = (track[i].tsMs - newest) / 1000 - mt;
    const rx = track[i].x - mx - vx * dt;
    const ry = track[i].y - my - vy * dt;
    sse += rx * rx + ry * ry;
  }
  // Residual variance per axis (2 fitted parameters per axis), slope standard error per axis.
  const sigma2 = n > 2 ? sse / (2 * (n - 2)) : 0;
  const seV = Math.sqrt(sigma2 / stt);
  const speed = Math.hypot(vx, vy);
  const speedKmh = speed * 3.6;
  const stdErrKmh = seV * 3.6;

  const relErr = stdErrKmh / Math.max(speedKmh, 5);
  const precision = 1 / (1 + (relErr / o.halfConfidenceRelError) ** 2);
  const count = Math.min(1, (n - 1) / (2 * (o.minObservations - 1) || 1));
  const span = Math.min(1, spanMs / (0.5 * o.windowMs));
  return {
    speedKmh,
    vx,
    vy,
    confidence: Math.max(0, Math.min(1, precision * count * span)),
    observations: n,
    spanMs,
    stdErrKmh,
  };
}
