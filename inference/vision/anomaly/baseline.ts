/**
 * Anomaly baselines over a count (or dwell) series: one value per time bucket (hourly by
 * default) for one camera × zone/line × class. The baseline is learned per hour of the week from
 * the previous weeks, robust to outliers (median per slot; the spread from the median absolute
 * difference between consecutive weeks of the same slot, pooled over slots of a similar level),
 * after a variance-stabilising transform (Anscombe for counts, log for durations) so one spread
 * fits busy and quiet hours alike.
 *
 * Pure functions: the host feeds them from its stored line crossings / zone entries, and any
 * hourly roll-up of the same shape can feed them the same way.
 */

export const HOUR_MS = 3_600_000;
export const WEEK_MS = 7 * 24 * HOUR_MS;
export const SLOTS_PER_WEEK = 168;

/** One bucket of a series: `t` is the bucket's start (epoch ms), `value` a count or a duration. */
export interface SeriesPoint {
  t: number;
  value: number;
}

/** Counts (events per bucket) or durations (e.g. median dwell seconds per bucket). */
export type SeriesMetric = 'volume' | 'dwell';

export interface BaselineOptions {
  metric?: SeriesMetric;
  /** Bucket length (ms); hour-of-week slots need a divisor of an hour or whole hours. */
  bucketMs?: number;
  /** Weeks of history needed before anything is flagged (default 3). */
  minWeeks?: number;
  /** Weeks of history used at most (default 8). */
  maxWeeks?: number;
  /** Local time offset (minutes east of UTC) at `t`, for the hour of the week. Default UTC. */
  localOffsetMin?: (t: number) => number;
  /** Buckets on days the site declares as holidays: not learned from, never flagged. */
  isHoliday?: (t: number) => boolean;
}

export interface SlotStats {
  /** Mean of the slot's kept weeks, transformed (the level its spread band is looked up by). */
  center: number;
  /** Weeks that contributed. */
  n: number;
  /** Volume: the mean count of the kept weeks (the negative binomial's mean). */
  mean?: number;
}

export interface Baseline {
  metric: SeriesMetric;
  /** `learning` until `weeksSeen` reaches `weeksNeeded`; nothing is flagged meanwhile. */
  status: 'learning' | 'ready';
  weeksSeen: number;
  weeksNeeded: number;
  /** Per hour of the week (0 = Monday 00:00 local); undefined where too few weeks. */
  slots: (SlotStats | undefined)[];
  /** Robust standard deviation (transformed units) per slot's level band. */
  bands: { upTo: number; sigma: number }[];
  minSlotWeeks: number;
  localOffsetMin: (t: number) => number;
}

import { countTail } from './tails';

const ANSCOMBE = 3 / 8;

export function transform(metric: SeriesMetric, x: number): number {
  return metric === 'volume'
    ? 2 * Math.sqrt(Math.max(0, x) + ANSCOMBE)
    : Math.log1p(Math.max(0, x));
}

export function untransform(metric: SeriesMetric, y: number): number {
  if (metric === 'volume') return y <= 2 * Math.sqrt(ANSCOMBE) ? 0 : (y / 2) ** 2 - ANSCOMBE;
  return Math.max(0, Math.expm1(y));
}

/** Smallest spread allowed: Poisson noise for counts, 5 % for durations. */
const MIN_SIGMA: Record<SeriesMetric, number> = { volume: 1, dwell: 0.05 };

/** Hour of the week in local time: 0 = Monday 00:00–01:00, 167 = Sunday 23:00–24:00. */
export function hourOfWeek(t: number, offsetMin = 0): number {
  const local = t + offsetMin * 60_000;
  const hours = Math.floor(local / HOUR_MS);
  // 1970-01-01 was a Thursday: Monday-based day = (days + 3) mod 7.
  const day = (((Math.floor(hours / 24) + 3) % 7) + 7) % 7;
  return day * 24 + (((hours % 24) + 24) % 24);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Mean of the middle half (a quarter trimmed each side, at least one value once there are 4):
 * as robust to an odd week (a holiday, an outage) as the median, and steadier with few weeks.
 */
export function trimmedMean(xs: readonly number[]): number {
  if (xs.length < 4) return median(xs);
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.max(1, Math.floor(s.length / 4));
  const mid = s.slice(k, s.length - k);
  return mid.reduce((a, b) => a + b, 0) / mid.length;
}

/**
 * Weeks further than this many pooled robust σ from their slot's median are outliers (a festival,
 * an outage, an undeclared holiday): not learned from. Gaussian noise passes ±4 σ once in 16 000
 * weeks, and the skewed tail of a quiet hour's counts is kept, so the mean of what is kept is as
 * efficient as a mean and its dispersion is not cut short, while gross outliers go.
 */
const REJECT_SIGMA = 4;
/** Variance of a standard normal cut at ±4: the kept residuals' spread is scaled back by it. */
const TRUNCATED_VARIANCE = 0.99893;
/**
 * Band spreads are shrunk toward the pooled one as if the pool added this many residuals: a band
 * of a few hundred residuals alone misjudges σ by several per cent, which moves the tail a lot.
 */
const BAND_SHRINK = 400;

/**
 * Learns the baseline from `history` (buckets before `until`; missing buckets are "not
 * observed", not zero — the caller fills zeros for buckets the camera was watching).
 *
 * Per slot: the median week first, then the mean of the weeks within 3 pooled robust σ of it
 * (in counts for volume, so quiet hours, where a transformed median is biased low, get an unbiased
 * mean). The spread: for volume the quasi-Poisson dispersion φ (Pearson: (x − m)² / m over the kept
 * weeks), for durations the standard deviation of the kept log residuals; per level band, shrunk
 * toward the pooled value.
 */
export function learnBaseline(
  history: readonly SeriesPoint[],
  until: number,
  opts: BaselineOptions = {},
): Baseline {
  const metric = opts.metric ?? 'volume';
  const minWeeks = opts.minWeeks ?? 3;
  const maxWeeks = opts.maxWeeks ?? 8;
  const offset = opts.localOffsetMin ?? (() => 0);
  const from = until - maxWeeks * WEEK_MS;
  // slot → week index → values (several buckets of one hour are summed for volume, averaged for dwell)
  const perSlot: Map<number, number[]>[] = Array.from({ length: SLOTS_PER_WEEK }, () => new Map());
  let first = Infinity;
  for (const p of history) {
    if (p.t < from || p.t >= until || !Number.isFinite(p.value)) continue;
    if (opts.isHoliday?.(p.t)) continue;
    first = Math.min(first, p.t);
    const week = Math.floor((until - 1 - p.t) / WEEK_MS);
    const slot = hourOfWeek(p.t, offset(p.t));
    const m = perSlot[slot];
    const list = m.get(week) ?? [];
    list.push(p.value);
    m.set(week, list);
  }
  const weeksSeen = first === Infinity ? 0 : Math.min(maxWeeks, (until - first) / WEEK_MS);
  const minSlotWeeks = Math.max(2, Math.min(minWeeks, maxWeeks));
  // Each slot's weekly values (series units) and their transform.
  const raw = perSlot.map((m) => {
    const xs = [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, vs]) =>
        metric === 'volume'
          ? vs.reduce((a, b) => a + b, 0)
          : vs.reduce((a, b) => a + b) / vs.length,
      );
    const ys = xs.map((x) => transform(metric, x));
    return { xs, ys, med: median(ys) };
  });
  // First pass: a pooled robust σ (MAD of the residuals from each slot's median) to tell outliers.
  const firstResiduals: number[] = [];
  for (const r of raw)
    if (r.ys.length >= minSlotWeeks) for (const y of r.ys) firstResiduals.push(Math.abs(y - r.med));
  const sigma0 = Math.max(MIN_SIGMA[metric], 1.4826 * median(firstResiduals) || 0);
  const slots: (SlotStats | undefined)[] = [];
  const spreads: Spread[] = [];
  for (const r of raw) {
    const keep = r.ys.map((y) => Math.abs(y - r.med) <= REJECT_SIGMA * sigma0);
    const xs = r.xs.filter((_, i) => keep[i]);
    const ys = r.ys.filter((_, i) => keep[i]);
    const n = xs.length;
    if (n < minSlotWeeks) {
      slots.push(undefined);
      continue;
    }
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const center =
      metric === 'volume' ? transform(metric, mean) : ys.reduce((a, b) => a + b, 0) / n;
    slots.push({ center, n, ...(metric === 'volume' ? { mean } : {}) });
    // Residuals from the slot's own mean run smaller than the noise: scaled back (n / (n − 1)).
    const k = n / (n - 1) / TRUNCATED_VARIANCE;
    // Volume: φ = Σ (x − m)² / Σ m over a band (a ratio of sums; the mean of per-slot ratios is
    // biased low at quiet hours, where a slot's own mean is noisy).
    for (let i = 0; i < n; i++)
      spreads.push(
        metric === 'volume'
          ? { level: center, v: k * (xs[i] - mean) ** 2, w: mean }
          : { level: center, v: k * (ys[i] - center) ** 2, w: 1 },
      );
  }
  return {
    metric,
    status: weeksSeen >= minWeeks ? 'ready' : 'learning',
    weeksSeen: Math.floor(weeksSeen * 10) / 10,
    weeksNeeded: minWeeks,
    slots,
    bands: spreadBands(spreads, metric),
    minSlotWeeks,
    localOffsetMin: offset,
  };
}

/**
 * σ (transformed units; √φ for volume) from the kept residuals' mean square, over up to 4 bands of
 * slot level (quantiles) so overdispersion growing with the level is followed, each shrunk toward
 * the pooled value; with few residuals, one pool.
 */
interface Spread {
  level: number;
  /** Squared residual (counts for volume, transformed units for durations). */
  v: number;
  /** What it is divided by: the slot's mean count for volume, 1 for durations. */
  w: number;
}

function spreadBands(spreads: Spread[], metric: SeriesMetric): { upTo: number; sigma: number }[] {
  const floor = MIN_SIGMA[metric];
  if (spreads.length === 0) return [{ upTo: Infinity, sigma: floor }];
  const sum = (xs: readonly Spread[]) => {
    let v = 0;
    let w = 0;
    for (const x of xs) {
      v += x.v;
      w += x.w;
    }
    return { v, w };
  };
  const all = sum(spreads);
  const pooledV = all.v / Math.max(all.w, 1e-9);
  const sig = (v: number) => Math.max(floor, Math.sqrt(v));
  const sorted = [...spreads].sort((a, b) => a.level - b.level);
  const bandCount = Math.min(4, Math.floor(sorted.length / 40));
  if (bandCount < 2) return [{ upTo: Infinity, sigma: sig(pooledV) }];
  // Shrunk toward the pool as if it added BAND_SHRINK residuals of the band's mean weight.
  const bandV = (p: { v: number; w: number }, count: number) => {
    const wPer = p.w / Math.max(count, 1);
    return (p.v + BAND_SHRINK * wPer * pooledV) / Math.max(p.w + BAND_SHRINK * wPer, 1e-9);
  };
  const bands: { upTo: number; sigma: number }[] = [];
  for (let b = 0; b < bandCount; b++) {
    const part = sorted.slice(
      Math.floor((b * sorted.length) / bandCount),
      Math.floor(((b + 1) * sorted.length) / bandCount),
    );
    bands.push({
      upTo: b === bandCount - 1 ? Infinity : part[part.length - 1].level,
      sigma: sig(bandV(sum(part), part.length)),
    });
  }
  return bands;
}

function sigmaAt(b: Baseline, level: number): number {
  return (b.bands.find((x) => level <= x.upTo) ?? b.bands[b.bands.length - 1]).sigma;
}

export interface BucketScore {
  t: number;
  observed: number;
  /** Median of the slot, back in the series' units. */
  expected: number;
  /** Expected range at `threshold` robust standard deviations, in the series' units. */
  low: number;
  high: number;
  /** Robust z-score of the observation (transformed units, centre uncertainty included). */
  z: number;
}

/** The bucket's score against its slot, or undefined when the slot has no baseline yet. */
export function scoreBucket(
  b: Baseline,
  p: SeriesPoint,
  threshold: number,
): BucketScore | undefined {
  const slot = b.slots[hourOfWeek(p.t, b.localOffsetMin(p.t))];
  if (!slot) return undefined;
  const sigma = sigmaAt(b, slot.center);
  // The centre of n weeks is itself uncertain (a mean: σ / √n): widen accordingly.
  const widen = 1 + 1 / slot.n;
  if (b.metric === 'volume') {
    // Counts of mean m and variance φ·m (negative binomial), φ = σ² of the band.
    const phi = Math.max(1, sigma * sigma);
    const m = slot.mean ?? Math.max(0, untransform('volume', slot.center));
    const tail = countTail(p.value, m, phi * widen, threshold);
    return {
      t: p.t,
      observed: p.value,
      expected: round2(m),
      low: tail.low,
      high: tail.high,
      z: tail.z,
    };
  }
  const sy = sigma * Math.sqrt(widen);
  return {
    t: p.t,
    observed: p.value,
    expected: round2(untransform(b.metric, slot.center)),
    low: round2(untransform(b.metric, slot.center - threshold * sy)),
    high: round2(untransform(b.metric, slot.center + threshold * sy)),
    z: (transform(b.metric, p.value) - slot.center) / sy,
  };
}

/** Chosen on `watcher eval-anomaly` (see docs/anomalies.md for the trade-off). */
export const DEFAULT_THRESHOLD = 3.9;
export const DEFAULT_SUSTAINED_THRESHOLD = 4.5;

export type AnomalyKind = 'high' | 'low' | 'absence';

/** One flagged stretch of consecutive buckets; values are those of its most extreme bucket. */
export interface AnomalyFlag extends BucketScore {
  metric: SeriesMetric;
  kind: AnomalyKind;
  /** First and last flagged bucket (start times). */
  from: number;
  to: number;
  buckets: number;
}

export interface DetectOptions {
  /** |z| at or above which one bucket alone is flagged (default 3.9). */
  threshold?: number;
  /**
   * Sustained deviations: the last 2 or 3 buckets of one sign whose combined z (sum / √n)
   * reaches this are flagged together (default 4.5). 0 disables.
   */
  sustainedThreshold?: number;
  /** A "low" on a slot whose expected value is below this is not flagged (default 1). */
  minExpectedForLow?: number;
  isHoliday?: (t: number) => boolean;
  bucketMs?: number;
}

/**
 * Flags the buckets of `recent` (time order, each after the baseline's history) that are out of
 * the baseline's range; consecutive flagged buckets of one sign become one flag. A baseline
 * still learning flags nothing.
 */
export function detectAnomalies(
  b: Baseline,
  recent: readonly SeriesPoint[],
  opts: DetectOptions = {},
): AnomalyFlag[] {
  if (b.status !== 'ready') return [];
  const T = opts.threshold ?? DEFAULT_THRESHOLD;
  const S = opts.sustainedThreshold ?? DEFAULT_SUSTAINED_THRESHOLD;
  const minLow = opts.minExpectedForLow ?? 1;
  const bucketMs = opts.bucketMs ?? HOUR_MS;
  const scores = recent.map((p) => (opts.isHoliday?.(p.t) ? undefined : scoreBucket(b, p, T)));
  const flagged = new Array<boolean>(scores.length).fill(false);
  const lowOk = (s: BucketScore) => s.z > 0 || s.expected >= minLow;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!s || !lowOk(s)) continue;
    if (Math.abs(s.z) >= T) flagged[i] = true;
    if (S <= 0) continue;
    for (const w of [2, 3]) {
      if (i - w + 1 < 0) break;
      const win = scores.slice(i - w + 1, i + 1);
      if (
        win.some(
          (x, k) =>
            !x ||
            !lowOk(x) ||
            (k > 0 && recent[i - w + 1 + k].t - recent[i - w + k].t !== bucketMs),
        )
      )
        break;
      const sign = Math.sign(s.z);
      if (win.some((x) => Math.sign(x!.z) !== sign)) break;
      const combined = win.reduce((a, x) => a + x!.z, 0) / Math.sqrt(w);
      if (Math.abs(combined) >= S) for (let k = i - w + 1; k <= i; k++) flagged[k] = true;
    }
  }
  const out: AnomalyFlag[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!flagged[i]) continue;
    const sign = Math.sign(scores[i]!.z);
    let j = i;
    while (
      j + 1 < scores.length &&
      flagged[j + 1] &&
      Math.sign(scores[j + 1]!.z) === sign &&
      recent[j + 1].t - recent[j].t === bucketMs
    )
      j++;
    let peak = scores[i]!;
    for (let k = i; k <= j; k++) if (Math.abs(scores[k]!.z) > Math.abs(peak.z)) peak = scores[k]!;
    out.push({
      ...peak,
      z: Math.round(peak.z * 100) / 100,
      metric: b.metric,
      kind: sign > 0 ? 'high' : peak.observed === 0 ? 'absence' : 'low',
      from: recent[i].t,
      to: recent[j].t,
      buckets: j - i + 1,
    });
    i = j;
  }
  return out;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
