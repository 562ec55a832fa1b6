import { renameSync, statSync, writeFileSync, createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CodedError } from '../../shared/coded-error';
import type { ModelTask, Normalisation } from '../../shared/domain/model-registry';
import { sha256File, type InstallMeta } from './install';

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
 * sidecar (task, input, normalisation, labels); like installModelFile, the sidecar is written
 * first and the model renamed into place last.
 */
export async function installNonDetectorFile(
  file: string,
  modelsDir: string,
  id: string,
  d: DescribedModel,
  meta: InstallMeta & { labels?: string[] },
  opts: { move?: boolean; sha256?: string } = {},
): Promise<{ id: string; path: string }> {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(id))
    throw new CodedError(
      'models.bad_id',
      `model id "${id}": letters, digits, ".", "-" and "_" only`,
    );
  await mkdir(modelsDir, { recursive: true });
  const target = path.join(modelsDir, `${id}.onnx`);
  const sidecar = path.join(modelsDir, `${id}.json`);
  const entry = {
    id,
    file: meta.fileName,
    sha256: opts.sha256 ?? (await sha256File(file)),
    sizeBytes: statSync(file).size,
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
  };
  writeFileSync(`${sidecar}.tmp`, `${JSON.stringify(entry, null, 2)}\n`);
  renameSync(`${sidecar}.tmp`, sidecar);
  const part = `${target}.part`;
  let moved = false;
  if (opts.move) {
    try {
      renameSync(file, part);
      moved = true;
    } catch {
      moved = false; // another file system: copy below
    }
  }
  if (!moved) await pipeline(createReadStream(file), createWriteStream(part));
  renameSync(part, target);
  return { id, path: target };
}
