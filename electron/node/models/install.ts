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
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as ort from 'onnxruntime-node';
import {
  resolveLayout,
  type LayoutKind,
  type DetectorSpec,
} from '../../../inference/common/detect/layout';
import {
  readOnnxModelInfo,
  OnnxFormatError,
  type OnnxModelInfo,
} from '../../../inference/node/onnx/onnx-model-info';
import { ModelsError, sidecarFor, type CatalogEntry } from './catalog';

export interface FetchProgress {
  received: number;
  total?: number;
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
    throw new ModelsError(
      'models.fetch.no_url',
      `model "${entry.id}" has no download URL; install a local copy with \`watcher models import <file.onnx> --id ${entry.id}\``,
    );
  }
  mkdirSync(modelsDir, { recursive: true });
  const target = path.join(modelsDir, `${entry.id}.onnx`);
  const partial = `${target}.part`;
  let res: Response;
  try {
    res = await fetch(entry.url, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new ModelsError(
      'models.fetch.offline',
      `cannot download ${entry.url} (${why}): this machine seems to be offline or the server is unreachable. Download the file on a connected machine, then run \`watcher models import <file.onnx> --id ${entry.id}\` (sha256 ${entry.sha256})`,
    );
  }
  if (!res.ok || !res.body)
    throw new ModelsError(
      'models.fetch.http',
      `download of ${entry.url} failed: HTTP ${res.status} ${res.statusText}`,
    );
  const total = Number(res.headers.get('content-length')) || entry.sizeBytes;
  const hash = createHash('sha256');
  let received = 0;
  let lastReport = 0;
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    received += chunk.length;
    const now = Date.now();
    if (onProgress && now - lastReport > 200) {
      lastReport = now;
      onProgress({ received, total });
    }
  });
  try {
    await pipeline(body, createWriteStream(partial));
  } catch (err) {
    rmSync(partial, { force: true });
    throw new ModelsError(
      'models.fetch.interrupted',
      `download of ${entry.url} was interrupted after ${received} bytes: ${(err as Error).message}`,
    );
  }
  onProgress?.({ received, total });
  const digest = hash.digest('hex');
  if (digest !== entry.sha256) {
    rmSync(partial, { force: true });
    throw new ModelsError(
      'models.fetch.checksum',
      `checksum mismatch for ${entry.id}: expected sha256 ${entry.sha256}, got ${digest}; the download was discarded`,
    );
  }
  await validateModel(partial, entry.layout);
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
 * what was found.
 */
export async function validateModel(file: string, layout?: LayoutKind): Promise<ValidatedModel> {
  let info: OnnxModelInfo;
  try {
    info = readOnnxModelInfo(file);
  } catch (err) {
    if (err instanceof OnnxFormatError) throw new ModelsError(err.code, err.message);
    throw err;
  }
  const r = resolveLayout(info, layout ? { layout } : {});
  if (!r.ok) throw new ModelsError(r.code, `${path.basename(file)}: ${r.message}`);
  try {
    const session = await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      logSeverityLevel: 4,
    });
    await session.release();
  } catch (err) {
    throw new ModelsError(
      'inference.session.failed',
      `${path.basename(file)} is ONNX but ONNX Runtime cannot load it: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  return { info, spec: r.spec };
}

/** Copies a validated local .onnx into the models folder under `id`, with its sidecar entry. */
export async function importModel(
  file: string,
  modelsDir: string,
  opts: { id?: string; layout?: LayoutKind } = {},
): Promise<{ id: string; path: string; spec: DetectorSpec }> {
  if (!existsSync(file))
    throw new ModelsError('inference.model.unreadable', `no such file: ${file}`);
  const { spec, info } = await validateModel(file, opts.layout);
  const id =
    opts.id ??
    path
      .basename(file)
      .replace(/\.onnx$/i, '')
      .replace(/[^A-Za-z0-9._-]/g, '_');
  if (!/^[A-Za-z0-9._-]+$/.test(id))
    throw new ModelsError(
      'models.bad_id',
      `model id "${id}": letters, digits, ".", "-" and "_" only`,
    );
  mkdirSync(modelsDir, { recursive: true });
  const target = path.join(modelsDir, `${id}.onnx`);
  const sha256 = await sha256File(file);
  if (path.resolve(file) !== path.resolve(target)) {
    await pipeline(createReadStream(file), createWriteStream(`${target}.part`));
    renameSync(`${target}.part`, target);
  }
  const entry = {
    id,
    file: path.basename(file),
    sha256,
    layout: spec.layout,
    inputSize: { width: spec.inputWidth, height: spec.inputHeight },
    labels: spec.labels,
    licence: info.metadata.license ?? 'unknown (imported)',
    source: `imported from ${path.resolve(file)}`,
    url: null,
  };
  writeFileSync(path.join(modelsDir, `${id}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  return { id, path: target, spec };
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
