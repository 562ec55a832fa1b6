import type { Detection } from '../../../electron/shared/domain/detection';
import type { CocoBox, EvalCategory, EvalDetection } from './coco-eval';

/**
 * Pure parts of reading labelled detection sets: the YOLO layout (`data.yaml`, `images/`,
 * `labels/` with `class cx cy w h` normalised) and COCO JSON, the mapping of a model's classes to
 * a dataset's, and predictions in the COCO results format.
 */

export interface DataYaml {
  path?: string;
  train?: string;
  val?: string;
  test?: string;
  names: string[];
}

const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/**
 * The subset of YAML that Ultralytics / Roboflow `data.yaml` files use: `key: value` lines,
 * `names` as a flow list (`['a', 'b']`), a block list (`- a`) or a block map (`0: a`).
 */
export function parseDataYaml(text: string): DataYaml {
  const out: DataYaml = { names: [] };
  const lines = text.split(/\r?\n/).map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, ''));
  for (let i = 0; i < lines.length; i++) {
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const [, k, rest] = m;
    const value = rest.trim();
    if (k === 'names') {
      if (value.startsWith('[')) {
        const body = value.replace(/^\[/, '').replace(/\]\s*$/, '');
        out.names = body
          .split(',')
          .map(unquote)
          .filter((s) => s.length > 0);
      } else if (value.startsWith('{')) {
        const body = value.replace(/^\{/, '').replace(/\}\s*$/, '');
        const entries = body.split(',').map((e) => e.split(':'));
        out.names = indexed(entries.map(([a, b]) => [Number(a), unquote(b ?? '')] as const));
      } else {
        const items: (readonly [number, string])[] = [];
        const list: string[] = [];
        while (i + 1 < lines.length && /^\s+\S|^-\s/.test(lines[i + 1])) {
          const l = lines[++i].trim();
          const im = /^(\d+)\s*:\s*(.*)$/.exec(l);
          if (im) items.push([Number(im[1]), unquote(im[2])]);
          else if (l.startsWith('-')) list.push(unquote(l.slice(1)));
        }
        out.names = items.length ? indexed(items) : list;
      }
    } else if (k === 'path' || k === 'train' || k === 'val' || k === 'test') {
      if (value) out[k] = unquote(value);
    }
  }
  return out;
}

function indexed(items: readonly (readonly [number, string])[]): string[] {
  const names: string[] = [];
  for (const [i, n] of items) if (Number.isInteger(i) && i >= 0) names[i] = n;
  return Array.from(names, (n, i) => n ?? `class${i}`);
}

export interface YoloBox {
  classId: number;
  bbox: CocoBox;
}

/** One YOLO label file → COCO boxes in pixels of a `width`×`height` image. Bad lines are skipped. */
export function parseYoloLabels(text: string, width: number, height: number): YoloBox[] {
  const out: YoloBox[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/).map(Number);
    if (f.length < 5 || !f.every(Number.isFinite)) continue;
    const [c, cx, cy, w, h] = f;
    if (!Number.isInteger(c) || c < 0 || w <= 0 || h <= 0) continue;
    out.push({
      classId: c,
      bbox: [(cx - w / 2) * width, (cy - h / 2) * height, w * width, h * height],
    });
  }
  return out;
}

/** `a=b,c=d` → pairs; throws on an entry without `=`. */
export function parseClassesMap(spec: string | undefined): [string, string][] {
  if (!spec?.trim()) return [];
  return spec.split(',').map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1)
      throw new Error(`classes map entry "${entry}" is not model=dataset`);
    return [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()];
  });
}

export interface ClassMapping {
  /** Model class index → dataset category id. */
  toCategory: Map<number, number>;
  /** Model labels with no dataset class (their detections are left out of the evaluation). */
  unmapped: string[];
  /** Dataset classes no model class maps to (their AP is 0 when they have ground truth). */
  uncovered: string[];
}

/**
 * Model classes → dataset categories: the explicit map first (`model=dataset`, each side a name or
 * an index / category id), then equal names, then names equal ignoring case and separators.
 */
export function mapClasses(
  modelLabels: readonly string[],
  categories: readonly EvalCategory[],
  explicit: readonly (readonly [string, string])[] = [],
): ClassMapping {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const findCategory = (s: string) =>
    categories.find((c) => c.name === s) ??
    categories.find((c) => norm(c.name) === norm(s)) ??
    (/^\d+$/.test(s) ? categories.find((c) => c.id === Number(s)) : undefined);
  const findModel = (s: string) => {
    const byName = modelLabels.indexOf(s);
    if (byName >= 0) return byName;
    const loose = modelLabels.findIndex((l) => norm(l) === norm(s));
    if (loose >= 0) return loose;
    return /^\d+$/.test(s) && Number(s) < modelLabels.length ? Number(s) : -1;
  };
  const toCategory = new Map<number, number>();
  for (const [m, d] of explicit) {
    const mi = findModel(m);
    if (mi < 0) throw new Error(`classes map: the model has no class "${m}"`);
    const cat = findCategory(d);
    if (!cat) throw new Error(`classes map: the dataset has no class "${d}"`);
    toCategory.set(mi, cat.id);
  }
  const explicitModels = new Set(explicit.map(([m]) => findModel(m)));
  modelLabels.forEach((label, i) => {
    if (explicitModels.has(i)) return;
    const cat =
      categories.find((c) => c.name === label) ??
      categories.find((c) => norm(c.name) === norm(label));
    if (cat) toCategory.set(i, cat.id);
  });
  const covered = new Set(toCategory.values());
  return {
    toCategory,
    unmapped: modelLabels.filter((_, i) => !toCategory.has(i)),
    uncovered: categories.filter((c) => !covered.has(c.id)).map((c) => c.name),
  };
}

/** One prediction in the COCO results format (what pycocotools' `loadRes` reads). */
export interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

const round = (v: number, digits: number) => {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
};

/**
 * Detections of one image (corners, source pixels) → COCO results, mapped to dataset categories
 * (unmapped classes dropped). Boxes are rounded to 3 decimals and scores to 5, and the evaluation
 * reads these same rounded values, so the saved file reproduces the figures exactly.
 */
export function toCocoResults(
  imageId: number,
  detections: readonly Detection[],
  toCategory: ReadonlyMap<number, number>,
): CocoResult[] {
  const out: CocoResult[] = [];
  for (const d of detections) {
    const cat = toCategory.get(d.classId);
    if (cat === undefined) continue;
    out.push({
      image_id: imageId,
      category_id: cat,
      bbox: [round(d.x1, 3), round(d.y1, 3), round(d.x2 - d.x1, 3), round(d.y2 - d.y1, 3)],
      score: round(d.score, 5),
    });
  }
  return out;
}

export function resultsToDetections(results: readonly CocoResult[]): EvalDetection[] {
  return results.map((r) => ({
    imageId: r.image_id,
    categoryId: r.category_id,
    bbox: r.bbox,
    score: r.score,
  }));
}

/** A COCO instances JSON, only the fields the evaluation reads. */
export interface CocoDatasetJson {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: [number, number, number, number];
    area?: number;
    iscrowd?: number;
  }[];
  categories: { id: number; name: string }[];
}

/** Validates the parts of a COCO JSON the evaluation needs; throws with what is wrong. */
export function checkCocoJson(value: unknown): CocoDatasetJson {
  const v = value as Partial<CocoDatasetJson> | null;
  if (
    !v ||
    !Array.isArray(v.images) ||
    !Array.isArray(v.annotations) ||
    !Array.isArray(v.categories)
  )
    throw new Error('not a COCO instances file (images, annotations and categories arrays)');
  for (const im of v.images)
    if (typeof im?.id !== 'number' || typeof im.file_name !== 'string')
      throw new Error('COCO image without a numeric id and a file_name');
  for (const a of v.annotations)
    if (
      typeof a?.image_id !== 'number' ||
      typeof a.category_id !== 'number' ||
      !Array.isArray(a.bbox) ||
      a.bbox.length !== 4
    )
      throw new Error('COCO annotation without image_id, category_id and a 4-number bbox');
  return v as CocoDatasetJson;
}
