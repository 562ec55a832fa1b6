import type { ModelTask, Normalisation } from '../../shared/domain/model-registry';
import { placeModelFile, type InstallMeta } from './install';

/** What the probe's `describe` job found in a classifier or embedding model. */
export interface DescribedModel {
  task: Exclude<ModelTask, 'detect'>;
  inputWidth: number;
  inputHeight: number;
  /** Classes (classify) or vector width (embed). */
  outputs: number;
  normalisation: Normalisation;
  licence?: string;
}

/**
 * Puts a validated classifier or embedding model in the models folder as `<id>.onnx` with its
 * sidecar (task, input, normalisation, labels), placed like a detector (placeModelFile).
 */
export async function installNonDetectorFile(
  file: string,
  modelsDir: string,
  id: string,
  d: DescribedModel,
  meta: InstallMeta & { labels?: string[] },
  opts: { move?: boolean; sha256?: string } = {},
): Promise<{ id: string; path: string }> {
  return placeModelFile(
    file,
    modelsDir,
    id,
    (sha256, sizeBytes) => ({
      id,
      file: meta.fileName,
      sha256,
      sizeBytes,
      task: d.task,
      inputSize: { width: d.inputWidth, height: d.inputHeight },
      normalisation: d.normalisation,
      labels: meta.labels ?? [],
      ...(d.task === 'embed' ? { embeddingDim: d.outputs } : {}),
      licence: d.licence ?? 'unknown (imported)',
      source: meta.source,
      url: null,
      importedAt: Date.now(),
      ...(meta.importedBy ? { importedBy: meta.importedBy } : {}),
    }),
    opts,
  );
}
