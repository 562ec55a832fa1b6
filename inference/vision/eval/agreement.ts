import type { Detection } from '../../../electron/shared/domain/detection';

/**
 * How far two models agree on the same frames, with no ground truth: one model's detections are
 * the reference, the other's are matched to them greedily by score at IoU ≥ 0.5 within a class
 * (label), and F1 = 2·TP / (2·TP + FP + FN) is symmetric in the two models. Consensus groups
 * every model's detections of one object and keeps the objects a majority of models saw.
 */

type Box = Pick<Detection, 'x1' | 'y1' | 'x2' | 'y2'>;

export function iouCorners(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  if (w <= 0) return 0;
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (h <= 0) return 0;
  const i = w * h;
  const u = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - i;
  return u > 0 ? i / u : 0;
}

export interface MatchCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Per label: `pred` matched against `ref` on one frame (greedy, best `pred` score first). */
export function matchFrame(
  ref: readonly Detection[],
  pred: readonly Detection[],
  iouThreshold = 0.5,
): Map<string, MatchCounts> {
  const out = new Map<string, MatchCounts>();
  const counts = (label: string) => {
    let c = out.get(label);
    if (!c) out.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  const used = new Uint8Array(ref.length);
  const order = pred.map((_, i) => i).sort((a, b) => pred[b].score - pred[a].score);
  for (const i of order) {
    const p = pred[i];
    let best = -1;
    let bestIou = iouThreshold;
    for (let j = 0; j < ref.length; j++) {
      if (used[j] || ref[j].label !== p.label) continue;
      const v = iouCorners(p, ref[j]);
      if (v >= bestIou) {
        bestIou = v;
        best = j;
      }
    }
    if (best >= 0) {
      used[best] = 1;
      counts(p.label).tp++;
    } else counts(p.label).fp++;
  }
  ref.forEach((r, j) => {
    if (!used[j]) counts(r.label).fn++;
  });
  return out;
}

export function addCounts(
  into: Map<string, MatchCounts>,
  add: ReadonlyMap<string, MatchCounts>,
): void {
  for (const [label, c] of add) {
    const t = into.get(label) ?? { tp: 0, fp: 0, fn: 0 };
    t.tp += c.tp;
    t.fp += c.fp;
    t.fn += c.fn;
    into.set(label, t);
  }
}

export const f1 = (c: MatchCounts): number =>
  c.tp + c.fp + c.fn === 0 ? 1 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn);

export interface Agreement {
  /** Mean of the per-class F1 over the classes either model detected (1 when neither saw anything). */
  f1: number;
  /** F1 over all detections pooled. */
  microF1: number;
  perClass: { label: string; f1: number; tp: number; fp: number; fn: number }[];
}

/** Agreement over many frames: `frames[i]` = [reference detections, other model's detections]. */
export function detectionAgreement(
  frames: readonly (readonly [readonly Detection[], readonly Detection[]])[],
  iouThreshold = 0.5,
): Agreement {
  const total = new Map<string, MatchCounts>();
  for (const [ref, pred] of frames) addCounts(total, matchFrame(ref, pred, iouThreshold));
  const perClass = [...total]
    .map(([label, c]) => ({ label, f1: f1(c), ...c }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const pooled = perClass.reduce(
    (s, c) => ({ tp: s.tp + c.tp, fp: s.fp + c.fp, fn: s.fn + c.fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  return {
    f1: perClass.length ? perClass.reduce((s, c) => s + c.f1, 0) / perClass.length : 1,
    microF1: f1(pooled),
    perClass,
  };
}

export interface ConsensusObject {
  label: string;
  /** Mean box of the members. */
  box: { x1: number; y1: number; x2: number; y2: number };
  /** Model indices that detected it. */
  models: number[];
  meanScore: number;
}

/**
 * One frame's consensus: each model's detections (best first) join the group of the same label
 * whose first member overlaps it at IoU ≥ `iouThreshold` and that has no member of this model yet,
 * else start a group. Groups seen by more than half the models (`minVotes`) are kept.
 */
export function frameConsensus(
  perModel: readonly (readonly Detection[])[],
  iouThreshold = 0.5,
  minVotes = Math.floor(perModel.length / 2) + 1,
): ConsensusObject[] {
  const groups: { label: string; seed: Detection; members: { m: number; d: Detection }[] }[] = [];
  perModel.forEach((dets, m) => {
    const sorted = [...dets].sort((a, b) => b.score - a.score);
    for (const d of sorted) {
      let best: (typeof groups)[number] | undefined;
      let bestIou = iouThreshold;
      for (const g of groups) {
        if (g.label !== d.label || g.members.some((x) => x.m === m)) continue;
        const v = iouCorners(g.seed, d);
        if (v >= bestIou) {
          bestIou = v;
          best = g;
        }
      }
      if (best) best.members.push({ m, d });
      else groups.push({ label: d.label, seed: d, members: [{ m, d }] });
    }
  });
  return groups
    .filter((g) => g.members.length >= minVotes)
    .map((g) => {
      const n = g.members.length;
      const mean = (k: 'x1' | 'y1' | 'x2' | 'y2') => g.members.reduce((s, x) => s + x.d[k], 0) / n;
      return {
        label: g.label,
        box: { x1: mean('x1'), y1: mean('y1'), x2: mean('x2'), y2: mean('y2') },
        models: g.members.map((x) => x.m).sort((a, b) => a - b),
        meanScore: g.members.reduce((s, x) => s + x.d.score, 0) / n,
      };
    });
}

/** The label most models chose as their top-1 on a frame (ties: the earlier model's), and its votes. */
export function top1Consensus(labels: readonly string[]): { label: string; votes: number } {
  const votes = new Map<string, number>();
  for (const l of labels) votes.set(l, (votes.get(l) ?? 0) + 1);
  let best = { label: labels[0] ?? '', votes: 0 };
  for (const l of labels) {
    const v = votes.get(l)!;
    if (v > best.votes) best = { label: l, votes: v };
  }
  return best;
}

/** Nearest-rank percentile of ascending values. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
