import { describe, it, expect } from 'vitest';
import { assignWithLimit, solveAssignment } from '../../../../inference/vision/tracking/assignment';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Every way to give each of n rows a distinct column out of m. */
function bruteForce(cost: number[], n: number, m: number): number {
  let best = Infinity;
  const used = new Array(m).fill(false);
  const go = (i: number, acc: number) => {
    if (i === n) return void (best = Math.min(best, acc));
    for (let j = 0; j < m; j++)
      if (!used[j]) {
        used[j] = true;
        go(i + 1, acc + cost[i * m + j]);
        used[j] = false;
      }
  };
  go(0, 0);
  return best;
}

/** Every partial matching; objective = matched costs + limit/2 per unmatched row and column. */
function bruteForceLimit(cost: number[], n: number, m: number, limit: number): number {
  let best = Infinity;
  const used = new Array(m).fill(false);
  const go = (i: number, acc: number, matched: number) => {
    if (i === n)
      return void (best = Math.min(best, acc + (n - matched + (m - matched)) * (limit / 2)));
    go(i + 1, acc, matched);
    for (let j = 0; j < m; j++)
      if (!used[j] && cost[i * m + j] <= limit) {
        used[j] = true;
        go(i + 1, acc + cost[i * m + j], matched + 1);
        used[j] = false;
      }
  };
  go(0, 0, 0);
  return best;
}

describe('solveAssignment (Hungarian, shortest augmenting path)', () => {
  it('solves a classic 3×3 by hand', () => {
    // Optimal: r0→c1 (1), r1→c0 (2), r2→c2 (2) = 5.
    const c = [4, 1, 3, 2, 0, 5, 3, 2, 2];
    expect([...solveAssignment(c, 3, 3)]).toEqual([1, 0, 2]);
  });
  it('matches brute force on random square and rectangular matrices', () => {
    const r = rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(r() * 5);
      const m = n + Math.floor(r() * 3);
      const cost = Array.from({ length: n * m }, () => Math.round(r() * 100) / 10);
      const col = solveAssignment(cost, n, m);
      expect(new Set(col).size).toBe(n);
      const total = [...col].reduce((s, j, i) => s + cost[i * m + j], 0);
      expect(total).toBeCloseTo(bruteForce(cost, n, m), 9);
    }
  });
  it('refuses more rows than columns', () => {
    expect(() => solveAssignment([1, 2], 2, 1)).toThrow(/transpose/);
  });
});

describe('assignWithLimit (lapjv with cost_limit semantics)', () => {
  it('never matches above the limit and reports the unmatched', () => {
    const cost = [0.1, 0.9, 0.95, 0.2];
    const r = assignWithLimit(cost, 2, 2, 0.8);
    expect(r.matches).toEqual([
      [0, 0],
      [1, 1],
    ]);
    const r2 = assignWithLimit([0.9, 0.9], 1, 2, 0.8);
    expect(r2.matches).toEqual([]);
    expect(r2.unmatchedRows).toEqual([0]);
    expect(r2.unmatchedCols).toEqual([0, 1]);
  });
  it('prefers the globally best pairing over greedy', () => {
    // Greedy would take (0,0)=0.1 and leave two unmatched (0.1 + 0.8); optimal pairs both (0.65).
    const cost = [0.1, 0.3, 0.35, Infinity];
    const r = assignWithLimit(cost, 2, 2, 0.8);
    expect(r.matches).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
  it('matches brute force on random sparse problems', () => {
    const r = rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(r() * 5);
      const m = Math.floor(r() * 5);
      const cost = Array.from({ length: n * m }, () => (r() < 0.4 ? Infinity : r()));
      const limit = 0.7;
      const res = assignWithLimit(cost, n, m, limit);
      const matched = res.matches.length;
      const total =
        res.matches.reduce((s, [i, j]) => s + cost[i * m + j], 0) +
        (n - matched + (m - matched)) * (limit / 2);
      expect(total).toBeCloseTo(bruteForceLimit(cost, n, m, limit), 9);
      expect(res.unmatchedRows.length).toBe(n - matched);
      expect(res.unmatchedCols.length).toBe(m - matched);
    }
  });
});
