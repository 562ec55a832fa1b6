/**
 * Constant-velocity Kalman filter on a box state [cx, cy, w, h, vcx, vcy, vw, vh], velocities in
 * pixels per second so irregular frame intervals (dropped frames) are handled by the time step.
 *
 * The motion model moves each coordinate independently and the noises are diagonal, so the 8×8
 * covariance stays block-diagonal: four independent 2×2 (position, velocity) blocks. The filter
 * keeps exactly those blocks: the same numbers as the full matrix filter (a unit test checks it
 * against one) at a fraction of the cost. Noise scales with the box size as in SORT/ByteTrack, with
 * their per-frame weights expressed per `referenceFrameSec`.
 */

export interface KalmanBoxOptions {
  /** Position noise weight relative to box size (ByteTrack: 1/20). */
  stdWeightPosition?: number;
  /** Velocity noise weight relative to box size per reference frame (ByteTrack: 1/160). */
  stdWeightVelocity?: number;
  /** The frame interval the weights were tuned for. */
  referenceFrameSec?: number;
}

const D = 4;

export class KalmanBoxFilter {
  /** State: mean[0..3] = cx, cy, w, h; mean[4..7] = their velocities per second. */
  readonly mean = new Float64Array(8);
  /** Per coordinate k: [Ppp, Ppv, Pvv] at cov[3k..3k+2]. */
  readonly cov = new Float64Array(12);
  private readonly wp: number;
  private readonly wv: number;
  private readonly ref: number;

  constructor(cx: number, cy: number, w: number, h: number, opts: KalmanBoxOptions = {}) {
    this.wp = opts.stdWeightPosition ?? 1 / 20;
    this.wv = opts.stdWeightVelocity ?? 1 / 160;
    this.ref = opts.referenceFrameSec ?? 1 / 30;
    const m = this.mean;
    m[0] = cx;
    m[1] = cy;
    m[2] = w;
    m[3] = h;
    const sizes = [w, h, w, h];
    for (let k = 0; k < D; k++) {
      const sp = 2 * this.wp * sizes[k];
      const sv = (10 * this.wv * sizes[k]) / this.ref;
      this.cov[3 * k] = sp * sp;
      this.cov[3 * k + 1] = 0;
      this.cov[3 * k + 2] = sv * sv;
    }
  }

  /** Advance the state by dtSec. */
  predict(dtSec: number): void {
    const m = this.mean;
    const c = this.cov;
    const steps = dtSec / this.ref;
    const sizes = [m[2], m[3], m[2], m[3]];
    for (let k = 0; k < D; k++) {
      m[k] += m[k + 4] * dtSec;
      const pp = c[3 * k];
      const pv = c[3 * k + 1];
      const vv = c[3 * k + 2];
      // P ← F P Fᵀ + Q with F = [[1, dt], [0, 1]].
      const qp = this.wp * sizes[k];
      const qv = (this.wv * sizes[k]) / this.ref;
      c[3 * k] = pp + 2 * dtSec * pv + dtSec * dtSec * vv + qp * qp * steps;
      c[3 * k + 1] = pv + dtSec * vv;
      c[3 * k + 2] = vv + qv * qv * steps;
    }
    if (m[2] < 1e-3) m[2] = 1e-3;
    if (m[3] < 1e-3) m[3] = 1e-3;
  }

  /** Correct with a measured box centre and size. */
  update(cx: number, cy: number, w: number, h: number): void {
    const m = this.mean;
    const c = this.cov;
    const z = [cx, cy, w, h];
    const sizes = [m[2], m[3], m[2], m[3]];
    for (let k = 0; k < D; k++) {
      const r = this.wp * sizes[k];
      const pp = c[3 * k];
      const pv = c[3 * k + 1];
      const vv = c[3 * k + 2];
      const s = pp + r * r;
      const kp = pp / s;
      const kv = pv / s;
      const innov = z[k] - m[k];
      m[k] += kp * innov;
      m[k + 4] += kv * innov;
      c[3 * k] = (1 - kp) * pp;
      c[3 * k + 1] = (1 - kp) * pv;
      c[3 * k + 2] = vv - kv * pv;
    }
  }

  /** Current box estimate. */
  box(): { x1: number; y1: number; x2: number; y2: number } {
    const m = this.mean;
    return { x1: m[0] - m[2] / 2, y1: m[1] - m[3] / 2, x2: m[0] + m[2] / 2, y2: m[1] + m[3] / 2 };
  }
}
