import {
  detectAnomalies,
  hourOfWeek,
  HOUR_MS,
  learnBaseline,
  WEEK_MS,
  type AnomalyFlag,
  type AnomalyKind,
  type DetectOptions,
  type SeriesPoint,
} from './baseline';

/**
 * Synthetic hourly count series with known anomalies, and the score of the detector on them:
 * weekly seasonality (weekday rush hours, quieter weekends, nights), overdispersed Poisson noise
 * (gamma–Poisson, variance = φ · mean), holidays (days at a fifth of their usual level: undeclared in the
 * history, to test robustness; declared in the site calendar during the test weeks) and injected
 * anomalies of a known size in robust standard deviations of the slot's noise.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 boosted). */
function gamma(rng: () => number, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(Math.max(rng(), 1e-12), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gaussian(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
      return d * v;
  }
}

function poisson(rng: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > l) {
    k++;
    p *= rng();
  }
  return k;
}

/** A count with mean `mean` and variance φ · mean: Poisson of a gamma-distributed rate. */
export function overdispersedCount(rng: () => number, mean: number, phi: number): number {
  if (phi <= 1) return poisson(rng, mean);
  const shape = mean / (phi - 1);
  return poisson(rng, gamma(rng, shape) * (phi - 1));
}

/** Expected share of the peak level at an hour of the week (0..1). */
export function weeklyProfile(slot: number): number {
  const day = Math.floor(slot / 24);
  const h = slot % 24;
  const bump = (c: number, w: number) => Math.exp(-((h - c) ** 2) / (2 * w * w));
  if (day < 5) return 0.04 + 0.9 * bump(8, 1.3) + 0.75 * bump(18, 1.6) + 0.35 * bump(13, 3);
  return 0.04 + 0.4 * bump(13, 3.5);
}

export interface InjectedAnomaly {
  series: number;
  kind: AnomalyKind;
  /** Shift in robust standard deviations (absence: the mean over σ, for reference). */
  size: number;
  from: number;
  /** Buckets it lasts. */
  hours: number;
}

export interface SyntheticSet {
  start: number;
  /** Start of the first test week (history before it). */
  testFrom: number;
  testWeeks: number;
  cameras: number;
  /** Each series' buckets and the noise-free mean of each bucket. */
  series: { camera: number; points: SeriesPoint[]; mean: number[] }[];
  anomalies: InjectedAnomaly[];
  /** Declared holidays of the test weeks (day start, UTC). */
  holidays: number[];
}

export interface SyntheticOptions {
  seed?: number;
  cameras?: number;
  seriesPerCamera?: number;
  historyWeeks?: number;
  testWeeks?: number;
  /** Quasi-Poisson dispersion: variance = φ · mean. */
  dispersion?: number;
  /** Anomaly sizes (σ) drawn uniformly. */
  sizes?: number[];
  /** Anomalies per series per test week. */
  anomaliesPerSeriesWeek?: number;
  /**
   * `level` (default): each anomalous bucket is observed `size` robust standard deviations from
   * its true mean (on the variance-stabilised scale the detector works on). `shift`: the mean
   * moves by `size` σ and the bucket keeps its own noise, so about half of them are observed
   * closer than `size` σ.
   */
  mode?: 'level' | 'shift';
}

/** Monday 2026-01-05 00:00 UTC. */
const EPOCH_MONDAY = Date.UTC(2026, 0, 5);

export function makeSyntheticSet(o: SyntheticOptions = {}): SyntheticSet {
  const rng = mulberry32(o.seed ?? 16);
  const cameras = o.cameras ?? 16;
  const perCam = o.seriesPerCamera ?? 3;
  const historyWeeks = o.historyWeeks ?? 8;
  const testWeeks = o.testWeeks ?? 4;
  const phi = o.dispersion ?? 2;
  const sizes = o.sizes ?? [2, 3, 4, 5, 6, 8];
  const rate = o.anomaliesPerSeriesWeek ?? 0.5;
  const mode = o.mode ?? 'level';
  const start = EPOCH_MONDAY;
  const testFrom = start + historyWeeks * WEEK_MS;
  const end = testFrom + testWeeks * WEEK_MS;
  const day = 24 * HOUR_MS;
  // Two undeclared holidays in the history, one declared weekday holiday per two test weeks.
  const histHolidays = new Set([start + 2 * WEEK_MS + 2 * day, start + 5 * WEEK_MS + 0 * day]);
  const holidays: number[] = [];
  for (let w = 0; w < testWeeks; w += 2) holidays.push(testFrom + w * WEEK_MS + 3 * day);
  const isHoliday = (t: number) => {
    const d = t - (t % day);
    return histHolidays.has(d) || holidays.includes(d);
  };
  const series: SyntheticSet['series'] = [];
  const anomalies: InjectedAnomaly[] = [];
  for (let c = 0; c < cameras; c++) {
    for (let s = 0; s < perCam; s++) {
      const idx = series.length;
      const peak = 15 + rng() * 285;
      const mean: number[] = [];
      const points: SeriesPoint[] = [];
      for (let t = start; t < end; t += HOUR_MS) {
        const m = peak * weeklyProfile(hourOfWeek(t)) * (isHoliday(t) ? 0.2 : 1) + 0.5;
        mean.push(m);
        points.push({ t, value: overdispersedCount(rng, m, phi) });
      }
      // Anomalies in the test weeks, never on a declared holiday, never overlapping each other.
      const n = Math.round(testWeeks * rate + (rng() - 0.5));
      const used = new Set<number>();
      for (let k = 0; k < n; k++) {
        for (let attempt = 0; attempt < 50; attempt++) {
          const hours = 1 + Math.floor(rng() * 3);
          const from = testFrom + Math.floor(rng() * (testWeeks * 168 - hours)) * HOUR_MS;
          const i0 = (from - start) / HOUR_MS;
          const span = Array.from({ length: hours }, (_, j) => i0 + j);
          if (span.some((i) => used.has(i) || used.has(i - 1) || used.has(i + 1))) continue;
          if (span.some((i) => isHoliday(points[i].t))) continue;
          const r = rng();
          const minMean = Math.min(...span.map((i) => mean[i]));
          const sigmaOf = (i: number) => Math.sqrt(phi * mean[i]);
          let kind: AnomalyKind;
          let size: number;
          if (r < 0.15) {
            // A camera that sees nothing at a busy hour.
            if (minMean < 30) continue;
            kind = 'absence';
            size = Math.round(Math.min(...span.map((i) => mean[i] / sigmaOf(i))) * 10) / 10;
            for (const i of span) points[i].value = 0;
          } else {
            size = sizes[Math.floor(rng() * sizes.length)];
            kind = r < 0.6 ? 'high' : 'low';
            // A low anomaly must fit above zero (mean − size·σ ≥ 2σ of headroom).
            if (
              kind === 'low' &&
              span.some((i) => 2 * Math.sqrt(mean[i] + 3 / 8) - (size + 1) * Math.sqrt(phi) < 2)
            )
              continue;
            if (kind === 'high' && minMean < 1) continue;
            const sign = kind === 'high' ? 1 : -1;
            for (const i of span) {
              if (mode === 'shift') {
                // The mean moves by size·σ and the bucket keeps its own noise.
                points[i].value = overdispersedCount(rng, mean[i] + sign * size * sigmaOf(i), phi);
              } else {
                // The observation sits size robust σ from the mean on the stabilised scale.
                const y = 2 * Math.sqrt(mean[i] + 3 / 8) + sign * size * Math.sqrt(phi);
                points[i].value = Math.max(0, Math.round((y / 2) ** 2 - 3 / 8));
              }
            }
          }
          for (const i of span) used.add(i);
          anomalies.push({ series: idx, kind, size, from, hours });
          break;
        }
      }
      series.push({ camera: c, points, mean });
    }
  }
  return { start, testFrom, testWeeks, cameras, series, anomalies, holidays };
}

export interface EvalFigures {
  cameras: number;
  series: number;
  testWeeks: number;
  injected: number;
  flagged: number;
  truePositives: number;
  falsePositives: number;
  /** Flags that overlap an injected anomaly (of any size) / all flags. */
  precision: number;
  /** Injected anomalies of ≥ `headlineSize` σ (and absences) that were flagged / all of them. */
  recall: number;
  headlineSize: number;
  falseAlarmsPerCameraWeek: number;
  /** Recall by size and by duration (hours). */
  recallBySize: { size: string; injected: number; recall: number }[];
  recallByHours: { hours: number; injected: number; recall: number }[];
  /** Precision counting only anomalies ≥ headline size as true (the others count as false). */
  precisionHeadlineOnly: number;
}

/** Learns on the history weeks of each series, detects on the test weeks, scores the flags. */
export function evaluateDetector(
  set: SyntheticSet,
  detect: DetectOptions = {},
  headlineSize = 4,
): EvalFigures & { flags: (AnomalyFlag & { series: number })[] } {
  const day = 24 * HOUR_MS;
  const isHoliday = (t: number) => set.holidays.includes(t - (t % day));
  const flags: (AnomalyFlag & { series: number })[] = [];
  set.series.forEach((s, idx) => {
    const base = learnBaseline(
      s.points.filter((p) => p.t < set.testFrom),
      set.testFrom,
      { minWeeks: 3, maxWeeks: 8 },
    );
    const recent = s.points.filter((p) => p.t >= set.testFrom);
    for (const f of detectAnomalies(base, recent, { ...detect, isHoliday }))
      flags.push({ ...f, series: idx });
  });
  const overlaps = (f: { series: number; from: number; to: number }, a: InjectedAnomaly) =>
    f.series === a.series && f.from <= a.from + (a.hours - 1) * HOUR_MS && f.to >= a.from;
  const headline = (a: InjectedAnomaly) => a.kind === 'absence' || a.size >= headlineSize;
  let tp = 0;
  let tpHeadline = 0;
  for (const f of flags) {
    const hit = set.anomalies.filter((a) => overlaps(f, a));
    if (hit.length) tp++;
    if (hit.some(headline)) tpHeadline++;
  }
  const found = (a: InjectedAnomaly) => flags.some((f) => overlaps(f, a));
  const rec = (as: InjectedAnomaly[]) => (as.length ? as.filter(found).length / as.length : 1);
  const head = set.anomalies.filter(headline);
  const sizeKeys = [
    ...new Set(set.anomalies.map((a) => (a.kind === 'absence' ? 'absence' : String(a.size)))),
  ];
  sizeKeys.sort((a, b) => (a === 'absence' ? 1 : b === 'absence' ? -1 : Number(a) - Number(b)));
  const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
  return {
    cameras: set.cameras,
    series: set.series.length,
    testWeeks: set.testWeeks,
    injected: set.anomalies.length,
    flagged: flags.length,
    truePositives: tp,
    falsePositives: flags.length - tp,
    precision: r4(flags.length ? tp / flags.length : 1),
    recall: r4(rec(head)),
    headlineSize,
    falseAlarmsPerCameraWeek: r4((flags.length - tp) / (set.cameras * set.testWeeks)),
    recallBySize: sizeKeys.map((k) => {
      const as = set.anomalies.filter(
        (a) => (a.kind === 'absence' ? 'absence' : String(a.size)) === k,
      );
      return { size: k, injected: as.length, recall: r4(rec(as)) };
    }),
    recallByHours: [1, 2, 3].map((h) => {
      const as = head.filter((a) => a.hours === h);
      return { hours: h, injected: as.length, recall: r4(rec(as)) };
    }),
    precisionHeadlineOnly: r4(flags.length ? tpHeadline / flags.length : 1),
    flags,
  };
}
