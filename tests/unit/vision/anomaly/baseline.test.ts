import { describe, expect, it } from 'vitest';
import {
  detectAnomalies,
  hourOfWeek,
  HOUR_MS,
  learnBaseline,
  scoreBucket,
  trimmedMean,
  WEEK_MS,
  type SeriesPoint,
} from '../../../../inference/vision/anomaly/baseline';
import { countTail, inverseNormal, normalCdf } from '../../../../inference/vision/anomaly/tails';
import {
  evaluateDetector,
  makeSyntheticSet,
  mulberry32,
  overdispersedCount,
  weeklyProfile,
} from '../../../../inference/vision/anomaly/synthetic';

/** Monday 2026-01-05 00:00 UTC. */
const MONDAY = Date.UTC(2026, 0, 5);

/** Hourly counts from `from` for `weeks`, mean peak × weekly profile, gamma–Poisson noise. */
function series(weeks: number, peak = 100, seed = 1, from = MONDAY): SeriesPoint[] {
  const rng = mulberry32(seed);
  const out: SeriesPoint[] = [];
  for (let t = from; t < from + weeks * WEEK_MS; t += HOUR_MS)
    out.push({ t, value: overdispersedCount(rng, peak * weeklyProfile(hourOfWeek(t)) + 0.5, 2) });
  return out;
}

describe('hour of the week', () => {
  it('is 0 on Monday 00:00 local and 167 on Sunday 23:00, following the offset', () => {
    expect(hourOfWeek(MONDAY)).toBe(0);
    expect(hourOfWeek(MONDAY + 8 * HOUR_MS)).toBe(8);
    expect(hourOfWeek(MONDAY - HOUR_MS)).toBe(167);
    // 08:00 UTC is 09:00 in UTC+1.
    expect(hourOfWeek(MONDAY + 8 * HOUR_MS, 60)).toBe(9);
    expect(hourOfWeek(MONDAY, -60)).toBe(167);
  });
});

describe('learning the baseline', () => {
  it('says it is learning, and how many weeks it has, until it has the weeks it needs', () => {
    const h = series(2);
    const b = learnBaseline(h, MONDAY + 2 * WEEK_MS, { minWeeks: 3 });
    expect(b).toMatchObject({ status: 'learning', weeksSeen: 2, weeksNeeded: 3 });
    // Even an empty hour at rush hour is not flagged while learning.
    const rush = { t: MONDAY + 2 * WEEK_MS + 8 * HOUR_MS, value: 0 };
    expect(detectAnomalies(b, [rush])).toEqual([]);
    expect(learnBaseline(series(3), MONDAY + 3 * WEEK_MS, { minWeeks: 3 }).status).toBe('ready');
  });

  it('is not moved by an odd week (a trimmed centre), and its spread matches the noise', () => {
    const h = series(8, 200, 2);
    // Week 3 was a festival: everything five times busier.
    const odd = h.map((p) =>
      p.t >= MONDAY + 3 * WEEK_MS && p.t < MONDAY + 4 * WEEK_MS ? { ...p, value: p.value * 5 } : p,
    );
    const clean = learnBaseline(h, MONDAY + 8 * WEEK_MS);
    const robust = learnBaseline(odd, MONDAY + 8 * WEEK_MS);
    const slot = 8; // Monday 08:00
    // Within half a noise σ of the clean centre (the festival week would move a mean by ~8 σ).
    expect(Math.abs(robust.slots[slot]!.center - clean.slots[slot]!.center)).toBeLessThan(
      0.5 * clean.bands[clean.bands.length - 1].sigma,
    );
    // Variance 2 × mean → σ of the Anscombe transform ≈ √2.
    for (const band of clean.bands) expect(band.sigma).toBeGreaterThan(1.1);
    for (const band of clean.bands) expect(band.sigma).toBeLessThan(1.8);
    // One week in eight five times busier widens the robust spread a little, not by the ~8 σ
    // a standard deviation would.
    for (const band of robust.bands) expect(band.sigma).toBeLessThan(1.5 * 1.8);
    expect(trimmedMean([1, 2, 3, 100])).toBe(2.5);
  });
});

describe('flagging', () => {
  const history = series(8, 150, 3);
  const until = MONDAY + 8 * WEEK_MS;
  const base = learnBaseline(history, until);
  const week = series(1, 150, 4, until);

  it('flags nothing on an ordinary week', () => {
    expect(detectAnomalies(base, week)).toEqual([]);
  });

  it('flags unusual volume, unusual lows and absence at rush hour with the expected range', () => {
    const at = (h: number) => until + h * HOUR_MS;
    const edited = week.map((p) => {
      if (p.t === at(8)) return { ...p, value: 0 }; // Monday 08:00: nothing seen
      if (p.t === at(24 + 18)) return { ...p, value: p.value * 3 }; // Tuesday 18:00: 3× traffic
      if (p.t === at(48 + 8)) return { ...p, value: Math.round(p.value / 4) }; // Wednesday rush: ¼
      return p;
    });
    const flags = detectAnomalies(base, edited);
    expect(flags.map((f) => [f.kind, (f.from - until) / HOUR_MS])).toEqual([
      ['absence', 8],
      ['high', 42],
      ['low', 56],
    ]);
    for (const f of flags) {
      expect(f.low).toBeLessThanOrEqual(f.expected);
      expect(f.high).toBeGreaterThanOrEqual(f.expected);
      expect(f.observed < f.low || f.observed > f.high).toBe(true);
      expect(f.metric).toBe('volume');
    }
    expect(flags[1].z).toBeGreaterThan(4);
  });

  it('joins consecutive flagged hours, and catches a sustained moderate rise', () => {
    const edited = week.map((p) => {
      const h = (p.t - until) / HOUR_MS;
      if (h >= 24 + 12 && h < 24 + 15) {
        const s = scoreBucket(base, p, 1)!;
        // Each hour 3 σ above its usual (below the single-hour threshold, above it together).
        const sigma = (s.high - s.expected) / 1;
        return { ...p, value: Math.round(s.expected + 3 * sigma) };
      }
      return p;
    });
    const flags = detectAnomalies(base, edited);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'high', buckets: 3, from: until + 36 * HOUR_MS });
  });

  it('never flags a declared holiday', () => {
    const holiday = week.map((p) =>
      p.t < until + 24 * HOUR_MS ? { ...p, value: Math.round(p.value * 0.1) } : p,
    );
    expect(detectAnomalies(base, holiday).length).toBeGreaterThan(0);
    const isHoliday = (t: number) => t >= until && t < until + 24 * HOUR_MS;
    expect(detectAnomalies(base, holiday, { isHoliday })).toEqual([]);
  });

  it('flags unusual dwell on a duration series', () => {
    const rng = mulberry32(9);
    const dwell: SeriesPoint[] = [];
    for (let t = MONDAY; t < until + WEEK_MS; t += HOUR_MS)
      dwell.push({ t, value: 30 * Math.exp(0.1 * (rng() - 0.5)) });
    const b = learnBaseline(
      dwell.filter((p) => p.t < until),
      until,
      { metric: 'dwell' },
    );
    const recent = dwell
      .filter((p) => p.t >= until)
      .map((p, i) => (i === 30 ? { ...p, value: 300 } : p));
    const flags = detectAnomalies(b, recent);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ metric: 'dwell', kind: 'high', observed: 300 });
    expect(flags[0].high).toBeLessThan(60);
  });
});

describe('count tails', () => {
  it('match the normal distribution for busy hours and are skewed for quiet ones', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(inverseNormal(normalCdf(2.5))).toBeCloseTo(2.5, 4);
    expect(Math.abs(countTail(1000, 1000, 1, 4).z)).toBeLessThan(0.01);
    expect(countTail(1126, 1000, 1, 4).z).toBeCloseTo(126 / Math.sqrt(1000), 2);
    // Poisson(1): 5 events is rare but not a 4 σ normal event (the tail is long).
    const quiet = countTail(5, 1, 1, 4);
    expect(quiet.z).toBeGreaterThan(2.5);
    expect(quiet.z).toBeLessThan(4);
    expect(countTail(0, 30, 1, 4).z).toBeLessThan(-5);
    const r = countTail(10, 10, 2, 3);
    expect(r.low).toBeLessThan(10);
    expect(r.high).toBeGreaterThan(20);
  });
});

describe('quiet hours', () => {
  it('learn an unbiased mean count and the dispersion, so the skewed tail is not a false alarm', () => {
    // Night hours of about one event (gamma–Poisson, variance 2 × mean): a transformed median
    // would put the mean near 0.4 and call 6 events a 4 σ spike.
    const rng = mulberry32(21);
    const quiet: SeriesPoint[] = [];
    for (let t = MONDAY; t < MONDAY + 8 * WEEK_MS; t += HOUR_MS)
      quiet.push({ t, value: overdispersedCount(rng, 1.1, 2) });
    const b = learnBaseline(quiet, MONDAY + 8 * WEEK_MS);
    const means = b.slots.map((s) => s!.mean!);
    const avg = means.reduce((a, m) => a + m, 0) / means.length;
    expect(avg).toBeGreaterThan(0.95);
    expect(avg).toBeLessThan(1.25);
    const phi = b.bands.map((x) => x.sigma ** 2);
    for (const v of phi) expect(v).toBeGreaterThan(1.5);
    const s = scoreBucket(b, { t: MONDAY + 8 * WEEK_MS + 3 * HOUR_MS, value: 6 }, 4)!;
    expect(s.z).toBeLessThan(4);
  });
});

describe('synthetic evaluation', () => {
  it('finds large anomalies with few false alarms on a small set (fixed seed)', () => {
    const set = makeSyntheticSet({ seed: 5, cameras: 8, testWeeks: 8 });
    expect(set.anomalies.length).toBeGreaterThan(10);
    const r = evaluateDetector(set);
    expect(r.recallBySize.find((x) => x.size === '8')?.recall ?? 1).toBe(1);
    expect(r.recall).toBeGreaterThanOrEqual(0.9);
    expect(r.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.falseAlarmsPerCameraWeek).toBeLessThan(0.5);
  });
});
