/**
 * COCO bounding-box evaluation, the same computation as pycocotools' `COCOeval` (iouType 'bbox',
 * default parameters): IoU thresholds .50:.05:.95, 101-point interpolated precision, maxDets
 * 1/10/100, area ranges all/small/medium/large, crowd regions matched with the crowd IoU rule
 * (intersection over the detection's area) and ignored, greedy matching by descending score per
 * image and category, ties broken by input order (stable sorts, as numpy's mergesort).
 *
 * Boxes are COCO `[x, y, width, height]` in image pixels.
 */

export type CocoBox = readonly [number, number, number, number];

export interface EvalGroundTruth {
  /** Positive and unique (pycocotools treats id 0 as "unmatched"). */
  id: number;
  imageId: number;
  categoryId: number;
  bbox: CocoBox;
  /** Area used for the area ranges (COCO JSON: the segmentation's area); default w·h. */
  area?: number;
  iscrowd?: boolean | 0 | 1;
}

export interface EvalDetection {
  imageId: number;
  categoryId: number;
  bbox: CocoBox;
  score: number;
}

export interface EvalCategory {
  id: number;
  name: string;
}

export interface CocoEvalInput {
  /** Every image evaluated, with or without annotations (pycocotools: all images of the GT). */
  imageIds: readonly number[];
  categories: readonly EvalCategory[];
  groundTruths: readonly EvalGroundTruth[];
  /** Detections on images or categories not listed are left out, as pycocotools does. */
  detections: readonly EvalDetection[];
}

export interface ClassResult {
  id: number;
  name: string;
  /** AP averaged over IoU .50:.95 (area all, maxDets 100); -1 when the class has no usable GT. */
  ap: number;
  ap50: number;
  ap75: number;
  /** Recall at maxDets 100 (area all) averaged over IoU .50:.95 (the class's AR@100), and at IoU .50. */
  recall: number;
  recall50: number;
  /** Non-crowd ground-truth boxes and detections of this class. */
  groundTruths: number;
  detections: number;
}

export interface CocoEvalResult {
  /** pycocotools' 12 summary figures, in its order (AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl). */
  stats: number[];
  map50_95: number;
  map50: number;
  map75: number;
  perClass: ClassResult[];
}

/** numpy.linspace(start, stop, num): i·step + start, the last one exactly `stop`. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

export const IOU_THRESHOLDS: readonly number[] = linspace(
  0.5,
  0.95,
  Math.round((0.95 - 0.5) / 0.05) + 1,
);
export const RECALL_THRESHOLDS: readonly number[] = linspace(0, 1, Math.round(1 / 0.01) + 1);
export const MAX_DETS = [1, 10, 100] as const;
export const AREA_RANGES: readonly {
  label: 'all' | 'small' | 'medium' | 'large';
  range: [number, number];
}[] = [
  { label: 'all', range: [0, 1e5 ** 2] },
  { label: 'small', range: [0, 32 ** 2] },
  { label: 'medium', range: [32 ** 2, 96 ** 2] },
  { label: 'large', range: [96 ** 2, 1e5 ** 2] },
];

/** np.spacing(1): the gap pycocotools adds to the precision's denominator. */
const EPS = 2.220446049250313e-16;

/**
 * IoU of every detection with every ground truth as pycocotools' `bbIou`: no +1 on sizes, and for
 * a crowd ground truth the union is the detection's own area. Result is [d][g].
 */
export function boxIous(
  dts: readonly CocoBox[],
  gts: readonly CocoBox[],
  crowd: readonly boolean[],
): Float64Array[] {
  return dts.map((d) => {
    const row = new Float64Array(gts.length);
    const da = d[2] * d[3];
    for (let g = 0; g < gts.length; g++) {
      const G = gts[g];
      const w = Math.min(d[2] + d[0], G[2] + G[0]) - Math.max(d[0], G[0]);
      if (w <= 0) continue;
      const h = Math.min(d[3] + d[1], G[3] + G[1]) - Math.max(d[1], G[1]);
      if (h <= 0) continue;
      const i = w * h;
      row[g] = i / (crowd[g] ? da : da + G[2] * G[3] - i);
    }
    return row;
  });
}

interface Gt {
  id: number;
  bbox: CocoBox;
  area: number;
  crowd: boolean;
}
interface Dt {
  id: number;
  bbox: CocoBox;
  area: number;
  score: number;
}

/** One image × category × area range, as `evaluateImg` returns it. */
interface ImageEval {
  /** [T][D]: matched GT id, 0 when unmatched. */
  dtMatches: Int32Array[];
  dtIgnore: Uint8Array[];
  dtScores: number[];
  gtIgnore: Uint8Array;
}

function evaluateImage(
  gtsIn: readonly Gt[],
  dtsSorted: readonly Dt[],
  iousSorted: Float64Array[],
  aRng: readonly [number, number],
  maxDet: number,
): ImageEval | undefined {
  if (gtsIn.length === 0 && dtsSorted.length === 0) return undefined;
  const ignoreOf = (g: Gt) => (g.crowd || g.area < aRng[0] || g.area > aRng[1] ? 1 : 0);
  // Ground truths not ignored first (stable), detections by score (already sorted, stable).
  const gtOrder = gtsIn.map((_, i) => i).sort((a, b) => ignoreOf(gtsIn[a]) - ignoreOf(gtsIn[b]));
  const gt = gtOrder.map((i) => gtsIn[i]);
  const dt = dtsSorted.slice(0, maxDet);
  const gtIg = Uint8Array.from(gt, ignoreOf);
  const T = IOU_THRESHOLDS.length;
  const G = gt.length;
  const D = dt.length;
  const gtm = Array.from({ length: T }, () => new Int32Array(G));
  const dtm = Array.from({ length: T }, () => new Int32Array(D));
  const dtIg = Array.from({ length: T }, () => new Uint8Array(D));
  if (G > 0 && D > 0) {
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) {
        let iou = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
        let m = -1;
        const row = iousSorted[d];
        for (let g = 0; g < G; g++) {
          // Already matched and not a crowd region: taken.
          if (gtm[t][g] > 0 && !gt[g].crowd) continue;
          // Matched to a regular GT already and the rest are ignored ones: stop.
          if (m > -1 && gtIg[m] === 0 && gtIg[g] === 1) break;
          const v = row[gtOrder[g]];
          if (v < iou) continue;
          iou = v;
          m = g;
        }
        if (m === -1) continue;
        dtIg[t][d] = gtIg[m];
        dtm[t][d] = gt[m].id;
        gtm[t][m] = dt[d].id;
      }
    }
  }
  // Unmatched detections outside the area range are ignored.
  for (let d = 0; d < D; d++) {
    const a = dt[d].area;
    if (a < aRng[0] || a > aRng[1]) for (let t = 0; t < T; t++) if (dtm[t][d] === 0) dtIg[t][d] = 1;
  }
  return { dtMatches: dtm, dtIgnore: dtIg, dtScores: dt.map((x) => x.score), gtIgnore: gtIg };
}

/** Runs `evaluate()`, `accumulate()` and `summarize()` of pycocotools on the input. */
export function evaluateCoco(input: CocoEvalInput): CocoEvalResult {
  const imageIds = [...new Set(input.imageIds)].sort((a, b) => a - b);
  const cats = [...new Map(input.categories.map((c) => [c.id, c])).values()].sort(
    (a, b) => a.id - b.id,
  );
  const imageSet = new Set(imageIds);
  const catSet = new Set(cats.map((c) => c.id));
  const key = (img: number, cat: number) => `${img}\u0000${cat}`;
  const gts = new Map<string, Gt[]>();
  const dts = new Map<string, Dt[]>();
  const gtCount = new Map<number, number>();
  const dtCount = new Map<number, number>();
  for (const g of input.groundTruths) {
    if (!imageSet.has(g.imageId) || !catSet.has(g.categoryId)) continue;
    const k = key(g.imageId, g.categoryId);
    const crowd = Boolean(g.iscrowd);
    const list = gts.get(k) ?? [];
    list.push({ id: g.id, bbox: g.bbox, area: g.area ?? g.bbox[2] * g.bbox[3], crowd });
    gts.set(k, list);
    if (!crowd) gtCount.set(g.categoryId, (gtCount.get(g.categoryId) ?? 0) + 1);
  }
  input.detections.forEach((d, i) => {
    if (!imageSet.has(d.imageId) || !catSet.has(d.categoryId)) return;
    const k = key(d.imageId, d.categoryId);
    const list = dts.get(k) ?? [];
    // loadRes: id = index + 1, area = w·h.
    list.push({ id: i + 1, bbox: d.bbox, area: d.bbox[2] * d.bbox[3], score: d.score });
    dts.set(k, list);
    dtCount.set(d.categoryId, (dtCount.get(d.categoryId) ?? 0) + 1);
  });

  const maxDetLast = MAX_DETS[MAX_DETS.length - 1];
  const T = IOU_THRESHOLDS.length;
  const R = RECALL_THRESHOLDS.length;
  const K = cats.length;
  const A = AREA_RANGES.length;
  const M = MAX_DETS.length;
  // precision[t][r][k][a][m] and recall[t][k][a][m], flattened; -1 for absent categories.
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const pIdx = (t: number, r: number, k: number, a: number, m: number) =>
    (((t * R + r) * K + k) * A + a) * M + m;
  const rIdx = (t: number, k: number, a: number, m: number) => ((t * K + k) * A + a) * M + m;

  cats.forEach((cat, k) => {
    // computeIoU: detections by score (stable), at most maxDets[-1]; GT in input order.
    const perImage = imageIds.map((img) => {
      const g = gts.get(key(img, cat.id)) ?? [];
      const d = [...(dts.get(key(img, cat.id)) ?? [])]
        .sort((p, q) => q.score - p.score)
        .slice(0, maxDetLast);
      const ious = boxIous(
        d.map((x) => x.bbox),
        g.map((x) => x.bbox),
        g.map((x) => x.crowd),
      );
      return { g, d, ious };
    });
    AREA_RANGES.forEach(({ range }, a) => {
      const E = perImage
        .map((p) => evaluateImage(p.g, p.d, p.ious, range, maxDetLast))
        .filter((e): e is ImageEval => e !== undefined);
      if (E.length === 0) return;
      MAX_DETS.forEach((maxDet, m) => {
        const scores: number[] = [];
        const owner: [number, number][] = [];
        E.forEach((e, ei) => {
          const n = Math.min(maxDet, e.dtScores.length);
          for (let j = 0; j < n; j++) {
            scores.push(e.dtScores[j]);
            owner.push([ei, j]);
          }
        });
        const order = scores.map((_, i) => i).sort((p, q) => scores[q] - scores[p]);
        let npig = 0;
        for (const e of E) for (const v of e.gtIgnore) if (v === 0) npig++;
        if (npig === 0) return;
        const nd = order.length;
        for (let t = 0; t < T; t++) {
          const rc = new Float64Array(nd);
          const pr = new Array<number>(nd);
          let tp = 0;
          let fp = 0;
          for (let i = 0; i < nd; i++) {
            const [ei, j] = owner[order[i]];
            const matched = E[ei].dtMatches[t][j] !== 0;
            const ignored = E[ei].dtIgnore[t][j] !== 0;
            if (matched && !ignored) tp++;
            if (!matched && !ignored) fp++;
            rc[i] = tp / npig;
            pr[i] = tp / (fp + tp + EPS);
          }
          recall[rIdx(t, k, a, m)] = nd ? rc[nd - 1] : 0;
          for (let i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
          // searchsorted(rc, recThrs, 'left'); past the end the rest stay 0.
          let pi = 0;
          for (let r = 0; r < R; r++) {
            const thr = RECALL_THRESHOLDS[r];
            while (pi < nd && rc[pi] < thr) pi++;
            precision[pIdx(t, r, k, a, m)] = pi < nd ? pr[pi] : 0;
          }
        }
      });
    });
  });

  const meanOf = (values: number[]) => {
    const v = values.filter((x) => x > -1);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : -1;
  };
  const ap = (opts: { t?: number; a?: number; m?: number; k?: number }) => {
    const a = opts.a ?? 0;
    const m = opts.m ?? M - 1;
    const vals: number[] = [];
    for (let t = 0; t < T; t++) {
      if (opts.t !== undefined && t !== opts.t) continue;
      for (let r = 0; r < R; r++)
        for (let k = 0; k < K; k++) {
          if (opts.k !== undefined && k !== opts.k) continue;
          vals.push(precision[pIdx(t, r, k, a, m)]);
        }
    }
    return meanOf(vals);
  };
  const ar = (opts: { t?: number; a?: number; m?: number; k?: number }) => {
    const a = opts.a ?? 0;
    const m = opts.m ?? M - 1;
    const vals: number[] = [];
    for (let t = 0; t < T; t++) {
      if (opts.t !== undefined && t !== opts.t) continue;
      for (let k = 0; k < K; k++) {
        if (opts.k !== undefined && k !== opts.k) continue;
        vals.push(recall[rIdx(t, k, a, m)]);
      }
    }
    return meanOf(vals);
  };
  const t75 = IOU_THRESHOLDS.findIndex((v) => v === 0.75);
  const stats = [
    ap({}),
    ap({ t: 0 }),
    ap({ t: t75 }),
    ap({ a: 1 }),
    ap({ a: 2 }),
    ap({ a: 3 }),
    ar({ m: 0 }),
    ar({ m: 1 }),
    ar({}),
    ar({ a: 1 }),
    ar({ a: 2 }),
    ar({ a: 3 }),
  ];
  const perClass = cats.map((c, k) => ({
    id: c.id,
    name: c.name,
    ap: ap({ k }),
    ap50: ap({ k, t: 0 }),
    ap75: ap({ k, t: t75 }),
    recall: ar({ k }),
    recall50: ar({ k, t: 0 }),
    groundTruths: gtCount.get(c.id) ?? 0,
    detections: dtCount.get(c.id) ?? 0,
  }));
  return { stats, map50_95: stats[0], map50: stats[1], map75: stats[2], perClass };
}
