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
  /** Trimmed mean of the slot's transformed values (median below 4 weeks). */
  center: number;
  /** Weeks that contributed. */
  n: number;
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
 * Learns the baseline from `history` (buckets before `until`; missing buckets are "not
 * observed", not zero — the caller fills zeros for buckets the camera was watching).
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
  const slots: (SlotStats | undefined)[] = [];
  const diffs: { level: number; d: number }[] = [];
  for (const m of perSlot) {
    const byWeek = [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, vs]) =>
        transform(
          metric,
          metric === 'volume'
            ? vs.reduce((a, b) => a + b, 0)
            : vs.reduce((a, b) => a + b) / vs.length,
        ),
      );
    if (byWeek.length < Math.max(2, Math.min(minWeeks, maxWeeks))) {
      slots.push(undefined);
      continue;
    }
    const center = trimmedMean(byWeek);
    const n = byWeek.length;
    slots.push({ center, n });
    // Residuals from the slot's own median run smaller than the noise: scaled back (n / (n − 1)).
    for (const y of byWeek) diffs.push({ level: center, d: (Math.abs(y - center) * n) / (n - 1) });
  }
  return {
    metric,
    status: weeksSeen >= minWeeks ? 'ready' : 'learning',
    weeksSeen: Math.floor(weeksSeen * 10) / 10,
    weeksNeeded: minWeeks,
    slots,
    bands: spreadBands(diffs, metric),
    minSlotWeeks: Math.max(2, minWeeks),
    localOffsetMin: offset,
  };
}

/**
 * Robust σ (transformed units) from the residuals of each week from its slot's median:
 * σ = 1.4826 · median|r|. Pooled over up to 4 bands of slot level (quantiles), so overdispersion
 * growing with the level is followed; with few residuals, one pool.
 */
function spreadBands(
  diffs: { level: number; d: number }[],
  metric: SeriesMetric,
): { upTo: number; sigma: number }[] {
  const sig = (ds: readonly number[]) => Math.max(MIN_SIGMA[metric], 1.4826 * median(ds));
  if (diffs.length === 0) return [{ upTo: Infinity, sigma: MIN_SIGMA[metric] }];
  const pooled = sig(diffs.map((x) => x.d));
  const sorted = [...diffs].sort((a, b) => a.level - b.level);
  const bandCount = Math.min(4, Math.floor(sorted.length / 40));
  if (bandCount < 2) return [{ upTo: Infinity, sigma: pooled }];
  const bands: { upTo: number; sigma: number }[] = [];
  for (let b = 0; b < bandCount; b++) {
    const part = sorted.slice(
      Math.floor((b * sorted.length) / bandCount),
      Math.floor(((b + 1) * sorted.length) / bandCount),
    );
    bands.push({
      upTo: b === bandCount - 1 ? Infinity : part[part.length - 1].level,
      sigma: sig(part.map((x) => x.d)),
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
  // The centre of n weeks is itself uncertain (trimmed mean ≈ 1.1 σ / √n): widen accordingly.
  const widen = 1 + 1.25 / slot.n;
  if (b.metric === 'volume') {
    // σ of the Anscombe transform is √φ for counts of variance φ·m; its mean is unbiased as
    // (ȳ / 2)² − 3/8 + φ / 4.
    const phi = Math.max(1, sigma * sigma);
    const m = Math.max(0, (slot.center / 2) ** 2 - ANSCOMBE + phi / 4);
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
export const DEFAULT_THRESHOLD = 3.75;
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
  /** |z| at or above which one bucket alone is flagged (default 3.75). */
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
