/**
 * Tail probabilities of overdispersed counts (negative binomial with mean m and variance φ·m,
 * Poisson when φ = 1) as z-score equivalents, so a count far in the skewed upper tail of a quiet
 * hour scores like a Gaussian deviation of the same rarity.
 */

/** Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Φ(z) (Abramowitz–Stegun 7.1.26 on erf; absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Above this mean the count is treated as Gaussian (the skew is negligible). */
const EXACT_UP_TO = 400;

export interface CountTail {
  /** z-score equivalent of the observation's mid-p tail (positive above the mean). */
  z: number;
  /** Quantiles at Φ(−T) and Φ(T): the expected range. */
  low: number;
  high: number;
}

/**
 * The observation `x` against a count of mean `m` and variance `phi`·`m`: its mid-p tail
 * probability as a z, and the range within ±`threshold` z-equivalents.
 */
export function countTail(x: number, m: number, phi: number, threshold: number): CountTail {
  const mean = Math.max(m, 0.05);
  const disp = Math.max(phi, 1);
  if (mean > EXACT_UP_TO) {
    const s = Math.sqrt(disp * mean);
    return {
      z: (x - mean) / s,
      low: Math.max(0, Math.floor(mean - threshold * s)),
      high: Math.ceil(mean + threshold * s),
    };
  }
  const pLow = normalCdf(-threshold);
  const pHigh = 1 - pLow;
  const limit = Math.max(x, Math.ceil(mean + (threshold + 4) * Math.sqrt(disp * mean) + 20));
  // pmf recursion: Poisson (φ = 1) or negative binomial with r = m / (φ − 1).
  const poissonLike = disp < 1.0001;
  const r = poissonLike ? 0 : mean / (disp - 1);
  const q = poissonLike ? 0 : mean / (r + mean);
  let logPmf0 = poissonLike ? -mean : r * Math.log(r / (r + mean));
  let pmf = Math.exp(logPmf0);
  logPmf0 = 0;
  let cdf = 0;
  let below = 0;
  let atX = 0;
  let low = -1;
  let high = -1;
  for (let k = 0; k <= limit; k++) {
    cdf += pmf;
    if (k < x) below = cdf;
    if (k === x) atX = pmf;
    if (low < 0 && cdf >= pLow) low = k;
    if (high < 0 && cdf >= pHigh) high = k;
    pmf *= poissonLike ? mean / (k + 1) : ((k + r) / (k + 1)) * q;
  }
  if (high < 0) high = limit;
  if (low < 0) low = 0;
  const xi = Math.round(x);
  let z: number;
  if (xi >= mean) {
    const upper = Math.max(1e-300, 1 - below - 0.5 * atX);
    z = Math.max(0, -inverseNormal(Math.min(0.5, upper)));
  } else {
    const lower = Math.max(1e-300, below + 0.5 * atX);
    z = Math.min(0, inverseNormal(Math.min(0.5, lower)));
  }
  return { z, low, high };
}
