import type { Detection } from '../../../electron/shared/domain/detection';
import { PPE_REGIONS, type PpeItem } from '../../../electron/shared/config/ppe';
import { boxArea, intersectionArea, type Box } from '../geometry/primitives';

/**
 * Personal protective equipment worn by whom, by box geometry, judged over several frames.
 *
 * Per frame, each item box (a hard hat, a vest, a "no-helmet" box of models that detect the
 * violation) goes to at most one person: the one covering most of it, where the item belongs on
 * that person (a hard hat near the top of the box, boots at the bottom; see PPE_REGIONS). Over
 * a sliding window of frames, an item is worn when it was on the person in at least a share of
 * them: one frame in which the detector missed the vest does not make a violation, nor does a
 * single stray box make a person compliant.
 */

export interface PpeGroup {
  /** Class labels that satisfy the item (any of them). */
  labels: readonly string[];
  item?: PpeItem;
}

export interface PersonBox extends Box {
  trackId: number;
}

export interface FrameAssociation {
  /** Per group: an item of the group was on the person on this frame. */
  present: boolean[];
  /** Violation labels (e.g. "no-helmet") on the person on this frame. */
  violations: string[];
}

/** Share of the item's area that must lie on the person (box, stretched to the item's region). */
export const MIN_ITEM_OVERLAP = 0.5;

function regionBox(person: Box, item: PpeItem | undefined): Box {
  const h = person.y2 - person.y1;
  const w = person.x2 - person.x1;
  const r = item ? PPE_REGIONS[item] : undefined;
  const [top, bottom] = r ?? [-0.1, 1.05];
  return {
    x1: person.x1 - 0.1 * w,
    x2: person.x2 + 0.1 * w,
    y1: person.y1 + top * h,
    y2: person.y1 + bottom * h,
  };
}

/** How well `det` sits on `person` as `item` (0 = not at all): overlap share, centre in the region. */
export function fitOnPerson(person: Box, det: Box, item: PpeItem | undefined): number {
  const a = boxArea(det);
  if (a <= 0) return 0;
  const region = regionBox(person, item);
  const cx = (det.x1 + det.x2) / 2;
  const cy = (det.y1 + det.y2) / 2;
  if (cx < region.x1 || cx > region.x2 || cy < region.y1 || cy > region.y2) return 0;
  const share = intersectionArea(region, det) / a;
  return share >= MIN_ITEM_OVERLAP ? share : 0;
}

/**
 * One frame: which groups' items and which violation labels are on each person. Each detection
 * is given to the best-fitting person only (ties: the smaller person, usually the nearer one in
 * front of a crowd).
 */
export function associateItems(
  persons: readonly PersonBox[],
  detections: readonly Detection[],
  groups: readonly PpeGroup[],
  violationLabels: readonly string[] = [],
): Map<number, FrameAssociation> {
  const out = new Map<number, FrameAssociation>();
  for (const p of persons) out.set(p.trackId, { present: groups.map(() => false), violations: [] });
  if (persons.length === 0) return out;
  const personIds = new Set(persons.map((p) => p.trackId));
  for (const d of detections) {
    if (d.trackId !== undefined && personIds.has(d.trackId)) continue;
    const gi = groups.findIndex((g) => g.labels.includes(d.label));
    const isViolation = violationLabels.includes(d.label);
    if (gi < 0 && !isViolation) continue;
    const item = gi >= 0 ? groups[gi].item : undefined;
    let best: PersonBox | undefined;
    let bestFit = 0;
    for (const p of persons) {
      const f = fitOnPerson(p, d, item);
      if (f > bestFit || (f > 0 && f === bestFit && best && boxArea(p) < boxArea(best))) {
        best = p;
        bestFit = f;
      }
    }
    if (!best) continue;
    const a = out.get(best.trackId)!;
    if (gi >= 0) a.present[gi] = true;
    if (isViolation && !a.violations.includes(d.label)) a.violations.push(d.label);
  }
  return out;
}

export interface WearVerdict {
  /** Per group: worn over the window. */
  worn: boolean[];
  /** Violation labels seen on the person in most of the window's frames. */
  violations: string[];
  /** Frames in the window. */
  frames: number;
}

/** The sliding window of per-frame associations of each person (keyed by rule and track). */
export class PpeWearWindow {
  private readonly frames = new Map<string, { ts: number; a: FrameAssociation }[]>();

  observe(
    key: string,
    ts: number,
    a: FrameAssociation,
    windowMs: number,
    minPresentShare: number,
  ): WearVerdict {
    let list = this.frames.get(key);
    if (!list) this.frames.set(key, (list = []));
    list.push({ ts, a });
    while (list.length > 1 && ts - list[0].ts > windowMs) list.shift();
    const n = list.length;
    const worn = a.present.map(
      (_, g) => list.filter((f) => f.a.present[g]).length / n >= Math.max(minPresentShare, 1e-9),
    );
    const seen = new Map<string, number>();
    for (const f of list) for (const v of f.a.violations) seen.set(v, (seen.get(v) ?? 0) + 1);
    const violations = [...seen].filter(([, c]) => c / n > 0.5).map(([v]) => v);
    return { worn, violations, frames: n };
  }

  /** Forgets people not seen for `idleMs`. */
  prune(now: number, idleMs: number): void {
    for (const [k, list] of this.frames)
      if (!list.length || now - list[list.length - 1].ts > idleMs) this.frames.delete(k);
  }
}
