import { readFile } from 'node:fs/promises';
import { findLabel, topKAccuracy, type TopKAccuracy } from '../../vision/classify/metrics';
import type { ImageClassifier } from '../classifier/image-classifier';
import { decodeImage } from '../plates/image-io';
import type { LabelledImage } from './classification-dataset';

export interface ClassifierEvaluation {
  accuracy: TopKAccuracy;
  /** Dataset labels that are none of the model's classes (their images count as misses). */
  unknownLabels: string[];
  predictions: { file: string; label: string; top: { label: string; score: number }[] }[];
  msPerImage: number[];
}

/** Classifies every image and scores top-1 / top-5 against the folder's labels (matched by name). */
export async function evaluateClassifier(
  classifier: ImageClassifier,
  items: readonly LabelledImage[],
  onProgress?: (done: number, total: number) => void,
): Promise<ClassifierEvaluation> {
  const labels = classifier.spec.labels.length
    ? classifier.spec.labels
    : Array.from({ length: classifier.spec.numClasses }, (_, i) => String(i));
  const truthIndex = new Map<string, number>();
  const ranked: number[][] = [];
  const truth: number[] = [];
  const predictions: ClassifierEvaluation['predictions'] = [];
  const msPerImage: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (!truthIndex.has(it.label)) truthIndex.set(it.label, findLabel(labels, it.label));
    const img = await decodeImage(await readFile(it.file));
    const r = await classifier.classify(img, 5);
    msPerImage.push(r.preprocessMs + r.inferMs);
    ranked.push(r.top.map((t) => t.index));
    truth.push(truthIndex.get(it.label)!);
    predictions.push({
      file: it.file,
      label: it.label,
      top: r.top.map((t) => ({ label: t.label, score: Math.round(t.score * 10000) / 10000 })),
    });
    onProgress?.(i + 1, items.length);
  }
  return {
    accuracy: topKAccuracy(
      ranked,
      truth,
      (k) => labels[k],
      items.map((it) => it.label),
    ),
    unknownLabels: [...truthIndex].filter(([, v]) => v < 0).map(([k]) => k),
    predictions,
    msPerImage,
  };
}
