import { CodedError, isCodedError } from '../../shared/coded-error';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as ort from 'onnxruntime-node';
import type { LayoutKind } from '../../shared/domain/model-layout';
import { resolveLayout, type DetectorSpec } from '../../../inference/vision/detect/layout';
import {
  readOnnxModelInfo,
  type OnnxModelInfo,
} from '../../../inference/worker/onnx/onnx-model-info';
import { sidecarFor, type CatalogEntry } from './catalog';
import { downloadVerified } from './download';

export interface FetchProgress {
  received: number;
  total?: number;
  /** Bytes kept from an interrupted earlier attempt. */
  resumedFrom?: number;
}

/**
 * Downloads a catalog model into `<modelsDir>/<id>.onnx`, hashing while streaming; a checksum
 * mismatch deletes the download. Offline (DNS, refused, timeout) fails with a message saying so and
 * how to install the file by hand.
 */
export async function fetchModel(
  entry: CatalogEntry,
  modelsDir: string,
  onProgress?: (p: FetchProgress) => void,
): Promise<string> {
  if (!entry.url) {
    throw new CodedError(
      'models.fetch.no_url',
      `model "${entry.id}" has no download URL; install a local copy with \`watcher models import <file.onnx> --id ${entry.id}\``,
    );
  }
  mkdirSync(modelsDir, { recursive: true });
  const target = path.join(modelsDir, `${entry.id}.onnx`);
  // Verified bytes land here first; an interrupted download keeps `<this>.part` and resumes.
  const partial = `${target}.download`;
  await downloadVerified(
    { id: entry.id, url: entry.url, sha256: entry.sha256, sizeBytes: entry.sizeBytes },
    partial,
    {
      onProgress: onProgress
        ? (p) => onProgress({ received: p.received, total: p.total, resumedFrom: p.resumedFrom })
        : undefined,
    },
  );
  try {
    await validateModel(partial, entry.layout);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  renameSync(partial, target);
  writeFileSync(
    path.join(modelsDir, `${entry.id}.json`),
    `${JSON.stringify(sidecarFor(entry), null, 2)}\n`,
  );
  return target;
}

export interface ValidatedModel {
  info: OnnxModelInfo;
  spec: DetectorSpec;
}

/**
 * A model Watcher can run: an ONNX file whose input is an image tensor and whose outputs match one
 * of the detector layouts, and which ONNX Runtime actually loads. Errors name what was expected and
 * what was found. `labels` (from a labels file) name the classes and must match their number.
 */
export async function validateModel(
  file: string,
  layout?: LayoutKind,
  opts: { labels?: string[]; displayName?: string } = {},
): Promise<ValidatedModel> {
  const name = opts.displayName ?? path.basename(file);
  let info: OnnxModelInfo;
  try {
    info = readOnnxModelInfo(file);
  } catch (err) {
    if (isCodedError(err)) throw new CodedError(err.code, err.message.split(file).join(name));
    throw err;
  }
  const r = resolveLayout(info, {
    ...(layout ? { layout } : {}),
    ...(opts.labels ? { labels: opts.labels } : {}),
  });
  if (!r.ok) throw new CodedError(r.code, `${name}: ${r.message}`);
  if (opts.labels && opts.labels.length !== r.spec.numClasses)
    throw new CodedError(
      'models.labels.count',
      `${name}: the labels file names ${opts.labels.length} classes but the model (${r.spec.layout} layout) has ${r.spec.numClasses}`,
    );
  try {
    const session = await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      logSeverityLevel: 4,
    });
    await session.release();
  } catch (err) {
    throw new CodedError(
      'inference.session.failed',
      `${name} is ONNX but ONNX Runtime cannot load it: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  return { info, spec: r.spec };
}

/** What the sidecar `<id>.json` beside an installed `<id>.onnx` records. */
export interface InstallMeta {
  /** Name of the file as the user had it. */
  fileName: string;
  source: string;
  importedBy?: string;
}

/**
 * Puts a checked model file in the models folder as `<id>.onnx` with its sidecar `<id>.json`:
 * `entry(sha256, sizeBytes)` gives what the sidecar records. The sidecar is written first and the
 * model renamed into place last, so a listing never sees a model without its entry; `move`
 * renames the file instead of copying it (same file system, else it copies).
 */
export async function placeModelFile(
  file: string,
  modelsDir: string,
  id: string,
  entry: (sha256: string, sizeBytes: number) => object,
  opts: { move?: boolean; sha256?: string } = {},
): Promise<{ id: string; path: string }> {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(id))
    throw new CodedError(
      'models.bad_id',
      `model id "${id}": letters, digits, ".", "-" and "_" only`,
    );
  mkdirSync(modelsDir, { recursive: true });
  const target = path.join(modelsDir, `${id}.onnx`);
  const sidecar = path.join(modelsDir, `${id}.json`);
  const sha256 = opts.sha256 ?? (await sha256File(file));
  writeFileSync(
    `${sidecar}.tmp`,
    `${JSON.stringify(entry(sha256, statSync(file).size), null, 2)}\n`,
  );
  renameSync(`${sidecar}.tmp`, sidecar);
  if (path.resolve(file) !== path.resolve(target)) {
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
  }
  return { id, path: target };
}

/** A validated detector in the models folder (see placeModelFile) with its layout and labels. */
export async function installModelFile(
  file: string,
  modelsDir: string,
  id: string,
  validated: ValidatedModel,
  meta: InstallMeta,
  opts: { move?: boolean; sha256?: string } = {},
): Promise<{ id: string; path: string }> {
  const { spec, info } = validated;
  return placeModelFile(
    file,
    modelsDir,
    id,
    (sha256, sizeBytes) => ({
      id,
      file: meta.fileName,
      sha256,
      sizeBytes,
      layout: spec.layout,
      inputSize: { width: spec.inputWidth, height: spec.inputHeight },
      labels: spec.labels,
      licence: info.metadata.license ?? 'unknown (imported)',
      source: meta.source,
      url: null,
      importedAt: Date.now(),
      ...(meta.importedBy ? { importedBy: meta.importedBy } : {}),
    }),
    opts,
  );
}

/** Copies a validated local .onnx into the models folder under `id`, with its sidecar entry. */
export async function importModel(
  file: string,
  modelsDir: string,
  opts: { id?: string; layout?: LayoutKind; labels?: string[] } = {},
): Promise<{ id: string; path: string; spec: DetectorSpec }> {
  if (!existsSync(file))
    throw new CodedError('inference.model.unreadable', `no such file: ${file}`);
  const validated = await validateModel(file, opts.layout, { labels: opts.labels });
  const id =
    opts.id ??
    path
      .basename(file)
      .replace(/\.onnx$/i, '')
      .replace(/[^A-Za-z0-9._-]/g, '_');
  const r = await installModelFile(file, modelsDir, id, validated, {
    fileName: path.basename(file),
    source: `imported from ${path.resolve(file)}`,
  });
  return { ...r, spec: validated.spec };
}

export function installedModels(
  modelsDir: string,
): Array<{ id: string; sha256?: string; layout?: string }> {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir)
    .filter((f) => f.endsWith('.onnx'))
    .map((f) => {
      const id = f.slice(0, -5);
      try {
        const side = JSON.parse(readFileSync(path.join(modelsDir, `${id}.json`), 'utf8')) as {
          sha256?: string;
          layout?: string;
        };
        return { id, sha256: side.sha256, layout: side.layout };
      } catch {
        return { id };
      }
    });
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
