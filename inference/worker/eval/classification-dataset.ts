import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_EXTENSIONS } from './detection-dataset';

export interface LabelledImage {
  file: string;
  label: string;
}

const isImage = (name: string) => IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase());

/**
 * A labelled image folder: one subfolder per class (the folder name is the label), or a CSV
 * (`file,label` per line, paths relative to the CSV; a header line is skipped) given as the
 * source or found as `labels.csv` in the folder. Sorted by label then file.
 */
export async function loadClassificationDataset(source: string): Promise<LabelledImage[]> {
  const abs = path.resolve(source);
  if (!existsSync(abs)) throw new Error(`dataset not found: ${abs}`);
  const csv = statSync(abs).isFile() ? abs : path.join(abs, 'labels.csv');
  if (existsSync(csv) && statSync(csv).isFile()) {
    const dir = path.dirname(csv);
    const items: LabelledImage[] = [];
    for (const line of (await readFile(csv, 'utf8')).split(/\r?\n/)) {
      const m = /^\s*"?([^",]+)"?\s*,\s*"?([^"]*)"?\s*$/.exec(line);
      if (!m || !isImage(m[1])) continue;
      items.push({ file: path.resolve(dir, m[1]), label: m[2].trim() });
    }
    return items;
  }
  const items: LabelledImage[] = [];
  const classes = (await readdir(abs, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const label of classes) {
    const files = (await readdir(path.join(abs, label))).filter(isImage).sort();
    for (const f of files) items.push({ file: path.join(abs, label, f), label });
  }
  return items;
}
