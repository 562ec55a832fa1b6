import { describe, it, expect } from 'vitest';
import { KalmanBoxFilter } from '../../../../inference/vision/tracking/kalman';

/** Textbook full-matrix Kalman filter with the same model, as the reference. */
class FullKalman {
  x: number[];
  P: number[][];
  constructor(
    z: number[],
    private wp = 1 / 20,
    private wv = 1 / 160,
    private ref = 1 / 30,
  ) {
    this.x = [...z, 0, 0, 0, 0];
    const s = [z[2], z[3], z[2], z[3]];
    this.P = zeros(8);
    for (let k = 0; k < 4; k++) {
      this.P[k][k] = (2 * wp * s[k]) ** 2;
      this.P[k + 4][k + 4] = ((10 * wv * s[k]) / ref) ** 2;
    }
  }
  predict(dt: number) {
    const F = eye(8);
    for (let k = 0; k < 4; k++) F[k][k + 4] = dt;
    const s = [this.x[2], this.x[3], this.x[2], this.x[3]];
    const Q = zeros(8);
    const steps = dt / this.ref;
    for (let k = 0; k < 4; k++) {
      Q[k][k] = (this.wp * s[k]) ** 2 * steps;
      Q[k + 4][k + 4] = ((this.wv * s[k]) / this.ref) ** 2 * steps;
    }
    this.x = mv(F, this.x);
    this.P = add(mm(mm(F, this.P), tr(F)), Q);
  }
  update(z: number[]) {
    const H = zeros(8)
      .slice(0, 4)
      .map((_, i) => Array.from({ length: 8 }, (_, j) => (i === j ? 1 : 0)));
    const s = [this.x[2], this.x[3], this.x[2], this.x[3]];
    const R = zeros(4);
    for (let k = 0; k < 4; k++) R[k][k] = (this.wp * s[k]) ** 2;
    const S = add(mm(mm(H, this.P), tr(H)), R);
    const K = mm(mm(this.P, tr(H)), inv4diagBlock(S));
    const y = z.map((v, i) => v - this.x[i]);
    const Ky = mv(K, y);
    this.x = this.x.map((v, i) => v + Ky[i]);
    this.P = mm(add(eye(8), scale(mm(K, H), -1)), this.P);
  }
}
const zeros = (n: number) => Array.from({ length: n }, () => new Array(n).fill(0));
const eye = (n: number): number[][] => zeros(n).map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
const tr = (a: number[][]) => a[0].map((_, j) => a.map((r) => r[j]));
const mm = (a: number[][], b: number[][]) =>
  a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
const mv = (a: number[][], v: number[]) => a.map((r) => r.reduce((s, x, k) => s + x * v[k], 0));
const add = (a: number[][], b: number[][]) => a.map((r, i) => r.map((v, j) => v + b[i][j]));
const scale = (a: number[][], f: number) => a.map((r) => r.map((v) => v * f));
/** S is diagonal here (H P Hᵀ picks the position block, which is diagonal across coordinates). */
const inv4diagBlock = (s: number[][]) => {
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (i !== j) expect(Math.abs(s[i][j])).toBeLessThan(1e-9);
  return s.map((r, i) => r.map((v, j) => (i === j ? 1 / v : 0)));
};

describe('KalmanBoxFilter', () => {
  it('equals the full 8×8 matrix filter step by step, with irregular time steps', () => {
    const kf = new KalmanBoxFilter(100, 50, 40, 80);
    const ref = new FullKalman([100, 50, 40, 80]);
    let t = 0;
    const dts = [0.04, 0.04, 0.12, 0.04, 0.08, 0.04, 0.2, 0.04];
    for (let i = 0; i < 40; i++) {
      const dt = dts[i % dts.length];
      t += dt;
      kf.predict(dt);
      ref.predict(dt);
      const z = [
        100 + 60 * t + Math.sin(i) * 2,
        50 + 20 * t,
        40 + Math.cos(i),
        80 + 0.5 * Math.sin(i * 3),
      ];
      if (i % 5 !== 3) {
        kf.update(z[0], z[1], z[2], z[3]);
        ref.update(z);
      }
      for (let k = 0; k < 8; k++) expect(kf.mean[k]).toBeCloseTo(ref.x[k], 6);
      for (let k = 0; k < 4; k++) {
        expect(kf.cov[3 * k] / ref.P[k][k]).toBeCloseTo(1, 9);
        expect(kf.cov[3 * k + 1] / ref.P[k][k + 4]).toBeCloseTo(1, 9);
        expect(kf.cov[3 * k + 2] / ref.P[k + 4][k + 4]).toBeCloseTo(1, 9);
      }
    }
  });

  it('learns a constant velocity and predicts through a gap', () => {
    const kf = new KalmanBoxFilter(0, 0, 20, 40);
    for (let i = 1; i <= 30; i++) {
      kf.predict(0.04);
      kf.update(i * 4, i * 2, 20, 40); // 100 px/s, 50 px/s
    }
    expect(kf.mean[4]).toBeCloseTo(100, 0);
    expect(kf.mean[5]).toBeCloseTo(50, 0);
    kf.predict(0.5);
    expect(kf.mean[0]).toBeCloseTo(120 + 50, 0);
    const b = kf.box();
    expect(b.x2 - b.x1).toBeCloseTo(20, 3);
  });
});
