import { CodedError } from '../../shared/coded-error';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { readOnnxModelInfo } from '../../../inference/worker/onnx/onnx-model-info';
import { describeModelTask } from '../../../inference/vision/detect/model-task';
import type { ModelTask, ModelVersion, Normalisation } from '../../shared/domain/model-registry';
import type { ModelRegistryRepo } from '../store/model-registry';
import { sha256File } from './install';

export interface RegistryImportOptions {
  name?: string;
  fileName?: string;
  source: string;
  licence?: string;
  by: string;
  labels?: string[];
  /** Forces the task when the shapes are ambiguous (e.g. a 1000-wide embedding). */
  task?: ModelTask;
  /** The model's preprocessing; default: its family's convention (see describeModelTask). */
  normalisation?: Normalisation;
  /**
   * Task `plate-ocr`: the input its config gives (img_width × img_height); its shapes say too
   * little, the config beside the installed model says the rest.
   */
  inputSize?: { width: number; height: number };
}

/** How the worker feeds a plate-OCR model: raw uint8 pixels, channels-last, stretched. */
const PLATE_OCR_NORMALISATION: Normalisation = {
  channelOrder: 'rgb',
  scale: 'raw',
  tensorLayout: 'nhwc',
  letterbox: 'stretch',
  padValue: 114,
};

/**
 * Hashes a model file, copies it into the registry as `<sha256>.onnx` and records the version
 * with what its shapes say (task, layout, input size, default normalisation) and what the caller
 * knows (labels, licence, source). The same bytes again: the existing version, untouched.
 */
export async function importToRegistry(
  repo: ModelRegistryRepo,
  file: string,
  o: RegistryImportOptions,
): Promise<{ version: ModelVersion; created: boolean }> {
  const sha256 = await sha256File(file);
  const existing = repo.get(sha256);
  if (existing) return { version: existing, created: false };
  const info = readOnnxModelInfo(file);
  if (o.task === 'plate-ocr') return registerPlateOcr(repo, file, sha256, info.metadata.license, o);
  const described = describeModelTask(info, o.labels ? { labels: o.labels } : {});
  if (!described.ok) throw new CodedError(described.code, described.message);
  const d = described.info;
  const task = o.task ?? d.task;
  await copyIntoRegistry(repo, file, sha256);
  const labels = o.labels ?? d.spec?.labels ?? [];
  return repo.register(
    {
      sha256,
      name: o.name ?? o.fileName ?? sha256.slice(0, 12),
      fileName: o.fileName ?? file.split(/[/\\]/).pop()!,
      sizeBytes: (await stat(file)).size,
      task,
      layout: task === d.task ? d.layout : task === 'classify' ? 'classifier' : 'embedding',
      inputSize: { width: d.inputWidth, height: d.inputHeight },
      normalisation: o.normalisation ?? d.normalisation,
      labels,
      ...(task === 'embed' ? { embeddingDim: d.outputs } : {}),
      licence: o.licence ?? info.metadata.license ?? 'unknown',
      source: o.source,
      importedAt: repo.now(),
      importedBy: o.by,
    },
    o.by,
  );
}

async function copyIntoRegistry(repo: ModelRegistryRepo, file: string, sha256: string) {
  const target = repo.fileFor(sha256);
  if (existsSync(target)) return;
  await mkdir(repo.filesDir!, { recursive: true });
  const part = `${target}.part`;
  try {
    await copyFile(file, part);
    await rename(part, target);
  } catch (e) {
    await rm(part, { force: true });
    throw e;
  }
}

/** A plate-OCR model: recorded with its config's input and alphabet (labels), layout `plate-ocr`. */
async function registerPlateOcr(
  repo: ModelRegistryRepo,
  file: string,
  sha256: string,
  licence: string | undefined,
  o: RegistryImportOptions,
): Promise<{ version: ModelVersion; created: boolean }> {
  if (!o.inputSize)
    throw new CodedError(
      'plates.ocr.error.config',
      'a plate-OCR model is registered from an installed model with its config',
      { detail: 'no config beside the model' },
    );
  await copyIntoRegistry(repo, file, sha256);
  return repo.register(
    {
      sha256,
      name: o.name ?? o.fileName ?? sha256.slice(0, 12),
      fileName: o.fileName ?? file.split(/[/\\]/).pop()!,
      sizeBytes: (await stat(file)).size,
      task: 'plate-ocr',
      layout: 'plate-ocr',
      inputSize: o.inputSize,
      normalisation: o.normalisation ?? PLATE_OCR_NORMALISATION,
      labels: o.labels ?? [],
      licence: o.licence ?? licence ?? 'unknown',
      source: o.source,
      importedAt: repo.now(),
      importedBy: o.by,
    },
    o.by,
  );
}
