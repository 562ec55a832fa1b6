import { iou, type Box } from '../geometry/primitives';
import { solveAssignment } from '../tracking/assignment';
import { byFrame, type MotRow } from './mot-format';

/**
 * CLEAR MOT (Bernardin & Stiefelhagen, 2008) and identity metrics (Ristani et al., 2016) with IoU
 * ≥ threshold as a match, following py-motmetrics / the MOTChallenge devkit:
 * - per frame, last frame's correspondences are kept while still valid; the rest are matched by
 *   minimum total (1 − IoU);
 * - an ID switch is a ground-truth object matched to a different track id than at its last match;
 * - a fragmentation is a ground-truth object going from untracked back to tracked within its span;
 * - MOTP is reported as the mean IoU of matches (MOTChallenge convention; higher is better);
 * - IDF1/IDP/IDR come from the one-to-one ground-truth↔track mapping maximising matched frames.
 */
export interface MotMetrics {
  frames: number;
  gtObjects: number;
  gtIds: number;
  hypIds: number;
  matches: number;
  fp: number;
  fn: number;
  idSwitches: number;
  fragmentations: number;
  /** 1 − (FN + FP + IDSW) / GT, as a fraction (×100 for the usual percent). */
  mota: number;
  /** Mean IoU of matched pairs. */
  motp: number;
  idf1: number;
  idp: number;
  idr: number;
  idtp: number;
  idfp: number;
  idfn: number;
  /** Ground-truth ids tracked ≥ 80 % / ≤ 20 % of their life. */
  mostlyTracked: number;
  mostlyLost: number;
  precision: number;
  recall: number;
}

function toBox(r: MotRow): Box {
  return { x1: r.x, y1: r.y, x2: r.x + r.w, y2: r.y + r.h };
}

/** Ground-truth rows that count: conf ≠ 0 and, when the file has classes, pedestrians only. */
export function usableGroundTruth(rows: readonly MotRow[]): MotRow[] {
  return rows.filter((r) => r.conf !== 0 && (r.classId === undefined || r.classId === 1));
}

export function evaluateMot(
  gtRows: readonly MotRow[],
  hypRows: readonly MotRow[],
  iouThreshold = 0.5,
): MotMetrics {
  const gt = byFrame(gtRows);
  const hyp = byFrame(hypRows);
  const frames = [...new Set([...gt.keys(), ...hyp.keys()])].sort((a, b) => a - b);

  let matches = 0;
  let fp = 0;
  let fn = 0;
  let idsw = 0;
  let iouSum = 0;
  const lastMatch = new Map<number, number>(); // gt id → hyp id at its last match
  const prevFrameMatch = new Map<number, number>(); // gt id → hyp id on the previous frame
  // Per gt id: tracked flags per frame of presence, for fragmentations and MT/ML.
  const trackedSeq = new Map<number, number[]>();
  // Identity: counts of (gt id, hyp id) frames with IoU ≥ threshold.
  const pairCounts = new Map<number, Map<number, number>>();
  const gtCount = new Map<number, number>();
  const hypCount = new Map<number, number>();

  for (const f of frames) {
    const g = gt.get(f) ?? [];
    const h = hyp.get(f) ?? [];
    const gBoxes = g.map(toBox);
    const hBoxes = h.map(toBox);
    const ious = new Float64Array(g.length * h.length);
    for (let i = 0; i < g.length; i++)
      for (let j = 0; j < h.length; j++) ious[i * h.length + j] = iou(gBoxes[i], hBoxes[j]);

    for (let i = 0; i < g.length; i++) {
      gtCount.set(g[i].id, (gtCount.get(g[i].id) ?? 0) + 1);
      for (let j = 0; j < h.length; j++) {
        if (ious[i * h.length + j] >= iouThreshold) {
          let pc = pairCounts.get(g[i].id);
          if (!pc) pairCounts.set(g[i].id, (pc = new Map()));
          pc.set(h[j].id, (pc.get(h[j].id) ?? 0) + 1);
        }
      }
    }
    for (const r of h) hypCount.set(r.id, (hypCount.get(r.id) ?? 0) + 1);

    // Keep last frame's correspondences that are still valid.
    const gMatched = new Int32Array(g.length).fill(-1);
    const hTaken = new Uint8Array(h.length);
    for (let i = 0; i < g.length; i++) {
      const prevHyp = prevFrameMatch.get(g[i].id);
      if (prevHyp === undefined) continue;
      const j = h.findIndex((r, k) => r.id === prevHyp && !hTaken[k]);
      if (j >= 0 && ious[i * h.length + j] >= iouThreshold) {
        gMatched[i] = j;
        hTaken[j] = 1;
      }
    }
    // Optimal matching of the rest: most matches first, then least total (1 − IoU).
    const freeG = [...g.keys()].filter((i) => gMatched[i] < 0);
    const freeH = [...h.keys()].filter((j) => !hTaken[j]);
    for (const [a, b] of maxMatchMinCost(
      freeG.length,
      freeH.length,
      (a, b) => ious[freeG[a] * h.length + freeH[b]],
      iouThreshold,
    )) {
      gMatched[freeG[a]] = freeH[b];
      hTaken[freeH[b]] = 1;
    }

    prevFrameMatch.clear();
    for (let i = 0; i < g.length; i++) {
      const id = g[i].id;
      let seq = trackedSeq.get(id);
      if (!seq) trackedSeq.set(id, (seq = []));
      const j = gMatched[i];
      if (j < 0) {
        fn++;
        seq.push(0);
        continue;
      }
      seq.push(1);
      matches++;
      iouSum += ious[i * h.length + j];
      const hid = h[j].id;
      const last = lastMatch.get(id);
      if (last !== undefined && last !== hid) idsw++;
      lastMatch.set(id, hid);
      prevFrameMatch.set(id, hid);
    }
    for (let j = 0; j < h.length; j++) if (!hTaken[j]) fp++;
  }

  let frag = 0;
  let mt = 0;
  let ml = 0;
  for (const seq of trackedSeq.values()) {
    const first = seq.indexOf(1);
    const tracked = seq.reduce((s, v) => s + v, 0);
    const ratio = tracked / seq.length;
    if (ratio >= 0.8) mt++;
    else if (ratio <= 0.2) ml++;
    if (first < 0) continue;
    const last = seq.lastIndexOf(1);
    for (let k = first + 1; k <= last; k++) if (seq[k] === 1 && seq[k - 1] === 0) frag++;
  }

  // Identity metrics: maximise matched frames over one-to-one gt↔hyp id pairs.
  const gtIds = [...gtCount.keys()];
  const hypIds = [...hypCount.keys()];
  let idtp = 0;
  if (gtIds.length && hypIds.length) {
    const transpose = gtIds.length > hypIds.length;
    const rows = transpose ? hypIds : gtIds;
    const cols = transpose ? gtIds : hypIds;
    const w = new Float64Array(rows.length * cols.length);
    for (let a = 0; a < rows.length; a++)
      for (let b = 0; b < cols.length; b++) {
        const gId = transpose ? cols[b] : rows[a];
        const hId = transpose ? rows[a] : cols[b];
        w[a * cols.length + b] = -(pairCounts.get(gId)?.get(hId) ?? 0);
      }
    const colOfRow = solveAssignment(w, rows.length, cols.length);
    for (let a = 0; a < rows.length; a++)
      if (colOfRow[a] >= 0) idtp -= w[a * cols.length + colOfRow[a]];
  }
  const totalGt = [...gtCount.values()].reduce((s, v) => s + v, 0);
  const totalHyp = [...hypCount.values()].reduce((s, v) => s + v, 0);
  const idfn = totalGt - idtp;
  const idfp = totalHyp - idtp;

  return {
    frames: frames.length,
    gtObjects: totalGt,
    gtIds: gtIds.length,
    hypIds: hypIds.length,
    matches,
    fp,
    fn,
    idSwitches: idsw,
    fragmentations: frag,
    mota: totalGt ? 1 - (fn + fp + idsw) / totalGt : 0,
    motp: matches ? iouSum / matches : 0,
    idf1: idtp ? (2 * idtp) / (totalGt + totalHyp) : 0,
    idp: totalHyp ? idtp / totalHyp : 0,
    idr: totalGt ? idtp / totalGt : 0,
    idtp,
    idfp,
    idfn,
    mostlyTracked: mt,
    mostlyLost: ml,
    precision: totalHyp ? matches / totalHyp : 0,
    recall: totalGt ? matches / totalGt : 0,
  };
}

/**
 * Pairs (a, b) with similarity ≥ threshold, as many as possible, then the least total (1 − sim).
 * Forbidden pairs cost more than any feasible total, so the solver uses them only when it must
 * (they are then dropped).
 */
function maxMatchMinCost(
  n: number,
  m: number,
  sim: (a: number, b: number) => number,
  threshold: number,
): Array<[number, number]> {
  if (n === 0 || m === 0) return [];
  const transpose = n > m;
  const rows = transpose ? m : n;
  const cols = transpose ? n : m;
  const FORBIDDEN = 1e6;
  const cost = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = transpose ? sim(c, r) : sim(r, c);
      cost[r * cols + c] = v >= threshold ? 1 - v : FORBIDDEN;
    }
  const colOfRow = solveAssignment(cost, rows, cols);
  const out: Array<[number, number]> = [];
  for (let r = 0; r < rows; r++) {
    const c = colOfRow[r];
    if (c < 0 || cost[r * cols + c] >= FORBIDDEN) continue;
    out.push(transpose ? [c, r] : [r, c]);
  }
  return out;
}
