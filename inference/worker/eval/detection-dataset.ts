import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { checkCocoJson, parseDataYaml, parseYoloLabels } from '../../vision/eval/datasets';
import type { EvalCategory, EvalGroundTruth } from '../../vision/eval/coco-eval';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.bmp'];

export interface DatasetImage {
  id: number;
  file: string;
  width: number;
  height: number;
}

export interface DetectionDataset {
  kind: 'yolo' | 'coco';
  /** Folder of the images. */
  imagesDir: string;
  images: DatasetImage[];
  categories: EvalCategory[];
  groundTruths: EvalGroundTruth[];
}

export interface LoadDatasetOptions {
  /** YOLO: the data.yaml split to read (`val` by default, then `test`, then `train`). */
  split?: string;
  /** COCO JSON: the folder of its images (default: found beside the JSON). */
  imagesDir?: string;
  limit?: number;
}

/** Width and height as displayed (EXIF orientation 5–8 swaps them), from the header only. */
async function imageSize(file: string): Promise<{ width: number; height: number }> {
  const m = await sharp(file).metadata();
  if (!m.width || !m.height) throw new Error(`${file}: cannot read the image size`);
  return (m.orientation ?? 1) >= 5
    ? { width: m.height, height: m.width }
    : { width: m.width, height: m.height };
}

const isImage = (name: string) => IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase());

/**
 * A labelled detection set: a YOLO folder (`data.yaml`, images/, labels/ beside them, the label
 * file of `…/images/x.jpg` being `…/labels/x.txt`) or a COCO instances JSON with its images.
 * YOLO image ids are the file names' numbers when they all are numbers (COCO's own ids for
 * coco128), else 1…N by name; YOLO category ids are the class indices.
 */
export async function loadDetectionDataset(
  source: string,
  opts: LoadDatasetOptions = {},
): Promise<DetectionDataset> {
  const abs = path.resolve(source);
  if (!existsSync(abs)) throw new Error(`dataset not found: ${abs}`);
  if (statSync(abs).isFile() && abs.toLowerCase().endsWith('.json')) return loadCoco(abs, opts);
  const yamlFile = ['data.yaml', 'data.yml', 'dataset.yaml']
    .map((n) => path.join(abs, n))
    .find((f) => existsSync(f));
  if (!yamlFile) throw new Error(`${abs}: no data.yaml (YOLO) and not a COCO .json file`);
  return loadYolo(abs, yamlFile, opts);
}

async function loadYolo(
  root: string,
  yamlFile: string,
  opts: LoadDatasetOptions,
): Promise<DetectionDataset> {
  const yaml = parseDataYaml(await readFile(yamlFile, 'utf8'));
  if (!yaml.names.length) throw new Error(`${yamlFile}: no class names`);
  const base = path.resolve(root, yaml.path ?? '.');
  const splits = opts.split ? [opts.split] : ['val', 'test', 'train'];
  const rel = splits.map((s) => yaml[s as 'val' | 'test' | 'train']).find((v) => v);
  const imagesDir = rel ? path.resolve(base, rel) : path.join(root, 'images');
  if (!existsSync(imagesDir)) throw new Error(`${yamlFile}: images folder ${imagesDir} not found`);
  const parts = imagesDir.split(path.sep);
  const at = parts.lastIndexOf('images');
  const labelsDir =
    at >= 0 ? [...parts.slice(0, at), 'labels', ...parts.slice(at + 1)].join(path.sep) : imagesDir;
  let files = (await readdir(imagesDir)).filter(isImage).sort();
  if (opts.limit !== undefined) files = files.slice(0, opts.limit);
  const stems = files.map((f) => path.basename(f, path.extname(f)));
  const numeric =
    stems.every((s) => /^\d+$/.test(s) && Number(s) > 0) &&
    new Set(stems.map(Number)).size === stems.length;
  const categories = yaml.names.map((name, id) => ({ id, name }));
  const images: DatasetImage[] = [];
  const groundTruths: EvalGroundTruth[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = path.join(imagesDir, files[i]);
    const { width, height } = await imageSize(file);
    const id = numeric ? Number(stems[i]) : i + 1;
    images.push({ id, file, width, height });
    const labelFile = path.join(labelsDir, `${stems[i]}.txt`);
    // No label file: a background image (no objects), as Ultralytics reads it.
    if (!existsSync(labelFile)) continue;
    for (const b of parseYoloLabels(await readFile(labelFile, 'utf8'), width, height)) {
      if (b.classId >= categories.length) continue;
      groundTruths.push({
        id: groundTruths.length + 1,
        imageId: id,
        categoryId: b.classId,
        bbox: b.bbox,
      });
    }
  }
  return { kind: 'yolo', imagesDir, images, categories, groundTruths };
}

async function loadCoco(file: string, opts: LoadDatasetOptions): Promise<DetectionDataset> {
  const json = checkCocoJson(JSON.parse(await readFile(file, 'utf8')));
  const dir = path.dirname(file);
  const stem = path.basename(file, '.json').replace(/^instances_/, '');
  const first = json.images[0]?.file_name ?? '';
  const candidates = opts.imagesDir
    ? [path.resolve(opts.imagesDir)]
    : [
        path.join(dir, '..', 'images', stem),
        path.join(dir, '..', stem),
        path.join(dir, 'images'),
        path.join(dir, '..', 'images'),
        dir,
      ];
  const imagesDir = candidates.find((d) => existsSync(path.join(d, first)));
  if (!imagesDir)
    throw new Error(`${file}: images not found (tried ${candidates.join(', ')}); give --images`);
  const sorted = [...json.images].sort((a, b) => a.id - b.id);
  const kept = opts.limit !== undefined ? sorted.slice(0, opts.limit) : sorted;
  const keptIds = new Set(kept.map((i) => i.id));
  const images: DatasetImage[] = [];
  for (const im of kept) {
    const f = path.join(imagesDir, im.file_name);
    const size = im.width > 0 && im.height > 0 ? im : await imageSize(f);
    images.push({ id: im.id, file: f, width: size.width, height: size.height });
  }
  return {
    kind: 'coco',
    imagesDir,
    images,
    categories: json.categories.map((c) => ({ id: c.id, name: c.name })),
    groundTruths: json.annotations
      .filter((a) => keptIds.has(a.image_id))
      .map((a) => ({
        id: a.id,
        imageId: a.image_id,
        categoryId: a.category_id,
        bbox: a.bbox,
        area: a.area ?? a.bbox[2] * a.bbox[3],
        iscrowd: a.iscrowd ? 1 : 0,
      })),
  };
}
