import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/** COCO classes whose ImageNet class has the same name (ImageNet label → COCO category name). */
export const COCO_TO_IMAGENET: Record<string, string> = {
  umbrella: 'umbrella',
  zebra: 'zebra',
  pizza: 'pizza',
  refrigerator: 'refrigerator',
  broccoli: 'broccoli',
  laptop: 'laptop',
  microwave: 'microwave',
  orange: 'orange',
  banana: 'banana',
  backpack: 'backpack',
  vase: 'vase',
};

/**
 * A labelled classification folder made from coco128: every non-crowd box of at least
 * `minSide`×`minSide` px of the classes above, cropped out of its photo into `<label>/<ann>.jpg`.
 * The labels are COCO's human annotations, so the folder's truth does not come from any model.
 */
export async function writeCocoCrops(coco128: string, out: string, minSide = 64): Promise<number> {
  const json = JSON.parse(
    readFileSync(path.join(coco128, 'annotations_coco', 'instances_train2017.json'), 'utf8'),
  ) as {
    images: { id: number; file_name: string }[];
    annotations: {
      id: number;
      image_id: number;
      category_id: number;
      bbox: number[];
      iscrowd: number;
    }[];
    categories: { id: number; name: string }[];
  };
  const cat = new Map(json.categories.map((c) => [c.id, c.name]));
  const file = new Map(json.images.map((i) => [i.id, i.file_name]));
  let n = 0;
  for (const a of json.annotations) {
    const label = COCO_TO_IMAGENET[cat.get(a.category_id) ?? ''];
    const [x, y, w, h] = a.bbox;
    if (!label || a.iscrowd || w < minSide || h < minSide) continue;
    const src = path.join(coco128, 'images', 'train2017', file.get(a.image_id)!);
    const meta = await sharp(src).metadata();
    const left = Math.max(0, Math.floor(x));
    const top = Math.max(0, Math.floor(y));
    const width = Math.min(meta.width! - left, Math.ceil(w));
    const height = Math.min(meta.height! - top, Math.ceil(h));
    mkdirSync(path.join(out, label), { recursive: true });
    await sharp(src)
      .extract({ left, top, width, height })
      .jpeg({ quality: 95 })
      .toFile(path.join(out, label, `${a.id}.jpg`));
    n++;
  }
  return n;
}
