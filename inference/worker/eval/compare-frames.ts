import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../ffmpeg/ffmpeg-run';
import { decodeImage } from '../plates/image-io';
import type { CompareFrame } from './compare-runner';
import { loadClassificationDataset } from './classification-dataset';
import { IMAGE_EXTENSIONS, loadDetectionDataset, type DetectionDataset } from './detection-dataset';

export interface FrameSourceOptions {
  /** At most this many frames (first ones of a folder; sampled ones of a video). */
  maxFrames: number;
  /** Video: frames sampled per second of media. */
  fps: number;
  ffmpegPath: string;
}

/** Still images of a folder (sorted by name) or frames sampled from a video file, decoded. */
export async function loadSourceFrames(
  source: string,
  opts: FrameSourceOptions,
): Promise<CompareFrame[]> {
  const abs = path.resolve(source);
  if (!existsSync(abs)) throw new Error(`source not found: ${abs}`);
  if (statSync(abs).isDirectory()) {
    const names = (await readdir(abs))
      .filter((n) => IMAGE_EXTENSIONS.includes(path.extname(n).toLowerCase()))
      .sort()
      .slice(0, opts.maxFrames);
    return Promise.all(
      names.map(async (name) => ({
        name,
        image: await decodeImage(await readFile(path.join(abs, name))),
      })),
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'watcher-compare-'));
  try {
    await runFfmpeg(
      opts.ffmpegPath,
      [
        '-i',
        abs,
        '-vf',
        `fps=${opts.fps}`,
        '-frames:v',
        String(opts.maxFrames),
        '-q:v',
        '2',
        path.join(dir, '%05d.jpg'),
      ],
      600_000,
    );
    const names = (await readdir(dir)).filter((n) => n.endsWith('.jpg')).sort();
    if (!names.length) throw new Error(`${abs}: no frames decoded`);
    return await Promise.all(
      names.map(async (name, i) => ({
        name: `${path.basename(abs)}@${(i / opts.fps).toFixed(2)}s`,
        image: await decodeImage(await readFile(path.join(dir, name))),
      })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Frames from a labelled set: a detection set (YOLO folder or COCO JSON; frames carry image ids)
 * or a classification folder / CSV (frames carry labels).
 */
export async function loadLabelledFrames(
  labels: string,
  maxFrames: number,
): Promise<{ frames: CompareFrame[]; dataset?: DetectionDataset }> {
  const abs = path.resolve(labels);
  const isDetection =
    (statSync(abs).isFile() && abs.endsWith('.json')) ||
    ['data.yaml', 'data.yml', 'dataset.yaml'].some((n) => existsSync(path.join(abs, n)));
  if (isDetection) {
    const dataset = await loadDetectionDataset(abs, { limit: maxFrames });
    const frames = await Promise.all(
      dataset.images.map(async (im) => ({
        name: path.basename(im.file),
        imageId: im.id,
        image: await decodeImage(await readFile(im.file)),
      })),
    );
    return { frames, dataset };
  }
  const items = (await loadClassificationDataset(abs)).slice(0, maxFrames);
  const frames = await Promise.all(
    items.map(async (it) => ({
      name: path.basename(it.file),
      label: it.label,
      image: await decodeImage(await readFile(it.file)),
    })),
  );
  return { frames };
}
