/**
 * Optimal linear assignment (minimum total cost), exact, for rectangular matrices.
 *
 * `solveAssignment` is the Hungarian method in its shortest-augmenting-path form with dual
 * potentials (the same augmentation Jonker–Volgenant use), O(n²·m). `assignWithLimit` adds what
 * trackers need: pairs costing more than a limit are forbidden and leaving a row or column
 * unmatched costs limit/2 each, which is exactly `lap.lapjv(cost, extend_cost=True,
 * cost_limit=limit)` as used by ByteTrack. It splits the problem into connected components of
 * allowed pairs first, so 50 well-separated objects cost 50 tiny problems, not one 100×100 one.
 */

export interface AssignmentResult {
  /** [row, col] pairs. */
  matches: Array<[number, number]>;
  unmatchedRows: number[];
  unmatchedCols: number[];
}

/**
 * Minimum-cost assignment of every row of an n×m matrix (row-major) to a distinct column, n ≤ m.
 * Returns colOfRow. Costs must be finite.
 */
export function solveAssignment(cost: ArrayLike<number>, n: number, m: number): Int32Array {
  if (n > m)
    throw new RangeError(`solveAssignment needs rows ≤ cols (got ${n}×${m}); transpose first`);
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1); // 1-based rows, 0 = free
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0];
      let delta = INF;
      let j1 = 0;
      const base = (i0 - 1) * m;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[base + j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOfCol[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOfCol[j0] = rowOfCol[j1];
      j0 = j1;
    } while (j0);
  }
  const colOfRow = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (rowOfCol[j]) colOfRow[rowOfCol[j] - 1] = j - 1;
  return colOfRow;
}

/**
 * Thresholded assignment: pairs with cost > limit (or non-finite) are never matched; the total of
 * matched costs plus limit/2 per unmatched row and column is minimal.
 */
export function assignWithLimit(
  cost: ArrayLike<number>,
  n: number,
  m: number,
  limit: number,
): AssignmentResult {
  const matches: Array<[number, number]> = [];
  if (n === 0 || m === 0) {
    return { matches, unmatchedRows: range(n), unmatchedCols: range(m) };
  }
  // Union-find over rows (0..n-1) and cols (n..n+m-1) joined by allowed pairs.
  const parent = new Int32Array(n + m);
  for (let i = 0; i < n + m; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  let anyAllowed = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const c = cost[i * m + j];
      if (c <= limit) {
        anyAllowed = true;
        const a = find(i);
        const b = find(n + j);
        if (a !== b) parent[a] = b;
      }
    }
  }
  const rowMatched = new Uint8Array(n);
  const colMatched = new Uint8Array(m);
  if (anyAllowed) {
    const groups = new Map<number, { rows: number[]; cols: number[] }>();
    for (let i = 0; i < n + m; i++) {
      const r = find(i);
      let g = groups.get(r);
      if (!g) groups.set(r, (g = { rows: [], cols: [] }));
      if (i < n) g.rows.push(i);
      else g.cols.push(i - n);
    }
    for (const g of groups.values()) {
      if (g.rows.length === 0 || g.cols.length === 0) continue;
      if (g.rows.length === 1 && g.cols.length === 1) {
        matches.push([g.rows[0], g.cols[0]]);
        continue;
      }
      for (const [r, c] of solveComponent(cost, m, g.rows, g.cols, limit)) matches.push([r, c]);
    }
    for (const [r, c] of matches) {
      rowMatched[r] = 1;
      colMatched[c] = 1;
    }
  }
  matches.sort((a, b) => a[0] - b[0]);
  return {
    matches,
    unmatchedRows: range(n).filter((i) => !rowMatched[i]),
    unmatchedCols: range(m).filter((j) => !colMatched[j]),
  };
}

/**
 * One component as a square (r+c)×(r+c) problem: real pairs top-left, "row unmatched" dummies
 * top-right and "col unmatched" dummies bottom-left (limit/2 on their diagonals), zeros
 * bottom-right. Forbidden entries get a cost larger than any feasible total.
 */
function solveComponent(
  cost: ArrayLike<number>,
  m: number,
  rows: number[],
  cols: number[],
  limit: number,
): Array<[number, number]> {
  const r = rows.length;
  const c = cols.length;
  const size = r + c;
  const half = limit / 2;
  const big = (size + 1) * (Math.abs(limit) + 1) * 4;
  const ext = new Float64Array(size * size).fill(big);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = cost[rows[i] * m + cols[j]];
      if (v <= limit) ext[i * size + j] = v;
    }
    ext[i * size + c + i] = half;
  }
  for (let j = 0; j < c; j++) {
    ext[(r + j) * size + j] = half;
    for (let k = 0; k < r; k++) ext[(r + j) * size + c + k] = 0;
  }
  const colOfRow = solveAssignment(ext, size, size);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < r; i++) {
    const j = colOfRow[i];
    if (j < c && ext[i * size + j] <= limit) out.push([rows[i], cols[j]]);
  }
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
