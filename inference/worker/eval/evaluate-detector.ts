import { readFile } from 'node:fs/promises';
import { evaluateCoco, type CocoEvalResult } from '../../vision/eval/coco-eval';
import {
  mapClasses,
  resultsToDetections,
  toCocoResults,
  type ClassMapping,
  type CocoResult,
} from '../../vision/eval/datasets';
import { decodeImage } from '../plates/image-io';
import type { ImageDetector } from '../detector/image-detector';
import type { DetectionDataset } from './detection-dataset';

export interface DetectorEvaluation {
  mapping: ClassMapping;
  results: CocoResult[];
  coco: CocoEvalResult;
  /** Per image: letterbox + tensor fill + session run + decode/NMS (the image file's decoding excluded). */
  msPerImage: number[];
  inferMs: number[];
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Runs `detector` on every image of the dataset and scores it with the COCO evaluation. Model
 * classes map to dataset classes by name (`explicit` pairs first); other classes are left out.
 */
export async function evaluateDetector(
  detector: ImageDetector,
  dataset: DetectionDataset,
  explicit: readonly (readonly [string, string])[] = [],
  onProgress?: (done: number, total: number) => void,
): Promise<DetectorEvaluation> {
  const mapping = mapClasses(detector.spec.labels, dataset.categories, explicit);
  const results: CocoResult[] = [];
  const msPerImage: number[] = [];
  const inferMs: number[] = [];
  for (let i = 0; i < dataset.images.length; i++) {
    const im = dataset.images[i];
    const img = await decodeImage(await readFile(im.file));
    const r = await detector.detect(img);
    msPerImage.push(r.preprocessMs + r.inferMs + r.postprocessMs);
    inferMs.push(r.inferMs);
    results.push(...toCocoResults(im.id, r.detections, mapping.toCategory));
    onProgress?.(i + 1, dataset.images.length);
  }
  const coco = evaluateCoco({
    imageIds: dataset.images.map((i) => i.id),
    categories: dataset.categories,
    groundTruths: dataset.groundTruths,
    detections: resultsToDetections(results),
  });
  return { mapping, results, coco, msPerImage, inferMs };
}
