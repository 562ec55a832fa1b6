import { describe, it, expect } from 'vitest';
import {
  estimateSpeed,
  type GroundObservation,
} from '../../../../inference/vision/speed/speed-estimator';

function straight(kmh: number, n: number, fps = 25, noiseM = 0, seed = 1): GroundObservation[] {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
  const v = kmh / 3.6;
  return Array.from({ length: n }, (_, i) => ({
    tsMs: (i * 1000) / fps,
    x: 2 + rnd() * noiseM,
    y: 10 + v * (i / fps) + rnd() * noiseM,
  }));
}

describe('estimateSpeed', () => {
  it('is exact on a clean constant-speed trajectory', () => {
    const e = estimateSpeed(straight(87, 30))!;
    expect(e.speedKmh).toBeCloseTo(87, 6);
    expect(e.confidence).toBeGreaterThan(0.95);
    expect(e.stdErrKmh).toBeCloseTo(0, 6);
  });

  it('never reports a speed from too few observations or too short a span', () => {
    expect(estimateSpeed(straight(50, 5), { minObservations: 6 })).toBeNull();
    expect(estimateSpeed(straight(50, 6), { minObservations: 6 })).not.toBeNull();
    const burst = Array.from({ length: 10 }, (_, i) => ({ tsMs: i * 5, x: 0, y: i * 0.07 }));
    expect(estimateSpeed(burst, { minSpanMs: 200 })).toBeNull();
  });

  it('uses timestamps: dropped frames do not change the speed', () => {
    const full = straight(60, 40);
    const dropped = full.filter((_, i) => i % 3 !== 1);
    expect(estimateSpeed(dropped)!.speedKmh).toBeCloseTo(60, 6);
  });

  it('smooths jitter over the window, and confidence falls with jitter and short tracks', () => {
    const noisy = estimateSpeed(straight(100, 50, 25, 0.3), { windowMs: 1500 })!;
    expect(Math.abs(noisy.speedKmh - 100)).toBeLessThan(6);
    const clean = estimateSpeed(straight(100, 50))!;
    expect(noisy.confidence).toBeLessThan(clean.confidence);
    const short = estimateSpeed(straight(100, 7))!;
    expect(short.confidence).toBeLessThan(clean.confidence);
  });

  it('only the window counts: a speed change shows after one window', () => {
    const a = straight(40, 50);
    const last = a[a.length - 1];
    const b = Array.from({ length: 50 }, (_, i) => ({
      tsMs: last.tsMs + (i + 1) * 40,
      x: last.x,
      y: last.y + (80 / 3.6) * ((i + 1) * 0.04),
    }));
    expect(estimateSpeed([...a, ...b], { windowMs: 1000 })!.speedKmh).toBeCloseTo(80, 6);
  });
});
