/** Classification scores: top-k accuracy over ranked predictions, and agreement of two models. */

export interface TopKAccuracy {
  images: number;
  top1: number;
  top5: number;
  /** Per true class: images and top-1 hits. */
  perClass: { label: string; images: number; top1: number; top5: number }[];
}

/**
 * `ranked[i]` is image i's class indices best first; `truth[i]` its true class index, or -1 when
 * the label is not one of the model's classes (counted as a miss).
 */
export function topKAccuracy(
  ranked: readonly (readonly number[])[],
  truth: readonly number[],
  labelOf: (index: number) => string,
  truthLabels: readonly string[],
): TopKAccuracy {
  let top1 = 0;
  let top5 = 0;
  const per = new Map<string, { images: number; top1: number; top5: number }>();
  ranked.forEach((r, i) => {
    const t = truth[i];
    const hit1 = t >= 0 && r[0] === t;
    const hit5 = t >= 0 && r.slice(0, 5).includes(t);
    if (hit1) top1++;
    if (hit5) top5++;
    const key = truthLabels[i] ?? (t >= 0 ? labelOf(t) : '?');
    const e = per.get(key) ?? { images: 0, top1: 0, top5: 0 };
    e.images++;
    if (hit1) e.top1++;
    if (hit5) e.top5++;
    per.set(key, e);
  });
  const n = ranked.length;
  return {
    images: n,
    top1: n ? top1 / n : 0,
    top5: n ? top5 / n : 0,
    perClass: [...per].map(([label, e]) => ({
      label,
      images: e.images,
      top1: e.top1 / e.images,
      top5: e.top5 / e.images,
    })),
  };
}

/** Share of items where both models' best class is the same. */
export function top1Agreement(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (!n) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/** A dataset label → the model's class index: equal, then ignoring case/separators; -1 if none. */
export function findLabel(labels: readonly string[], name: string): number {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const exact = labels.indexOf(name);
  if (exact >= 0) return exact;
  const loose = labels.findIndex((l) => norm(l) === norm(name));
  if (loose >= 0) return loose;
  return /^\d+$/.test(name) && Number(name) < labels.length ? Number(name) : -1;
}
