import { CodedError } from '../../shared/coded-error';
import { createHash, type Hash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a catalog entry says about the file to download. */
export interface DownloadTarget {
  id: string;
  url: string;
  sha256: string;
  sizeBytes?: number;
}

export interface DownloadProgress {
  received: number;
  total?: number;
  /** Bytes already on disk from an earlier, interrupted attempt. */
  resumedFrom: number;
}

export interface DownloadOptions {
  onProgress?(p: DownloadProgress): void;
  /** Milliseconds without a connection (and per request) before giving up. */
  timeoutMs?: number;
  /** Smallest interval between progress reports, ms (the last one is always sent). */
  progressEveryMs?: number;
}

export interface DownloadResult {
  file: string;
  bytes: number;
  resumedFrom: number;
}

async function hashFile(file: string, hash: Hash): Promise<void> {
  await pipeline(createReadStream(file), hash, { end: false });
}

/**
 * Downloads `t.url` to `target` through `<target>.part`, verified by SHA-256 (and size, when the
 * catalog gives it) before the rename. An interrupted download keeps its `.part`: the next call
 * asks for the rest with an HTTP Range request (`206` appends; a server that answers `200`
 * restarts from zero). A finished file whose checksum does not match is deleted and refused.
 */
export async function downloadVerified(
  t: DownloadTarget,
  target: string,
  opts: DownloadOptions = {},
): Promise<DownloadResult> {
  await mkdir(path.dirname(target), { recursive: true });
  const part = `${target}.part`;
  let have = existsSync(part) ? statSync(part).size : 0;
  if (t.sizeBytes !== undefined && have > t.sizeBytes) {
    rmSync(part, { force: true });
    have = 0;
  }
  const hash = createHash('sha256');
  const headers: Record<string, string> = {};
  if (have > 0) headers.range = `bytes=${have}-`;
  let res: Response;
  try {
    res = await fetch(t.url, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new CodedError(
      'models.fetch.offline',
      `cannot download ${t.url} (${why}): this machine seems to be offline or the server is unreachable. Download the file on a connected machine, then run \`watcher models import <file.onnx> --id ${t.id}\` (sha256 ${t.sha256})`,
    );
  }
  let resumedFrom = 0;
  if (res.status === 416 && have > 0) {
    // Nothing left to send: the part may already be the whole file.
    await res.body?.cancel();
    resumedFrom = have;
    await hashFile(part, hash);
    return finish(t, part, target, hash, have, resumedFrom);
  }
  if (!res.ok || !res.body)
    throw new CodedError(
      'models.fetch.http',
      `download of ${t.url} failed: HTTP ${res.status} ${res.statusText}`,
    );
  let append = false;
  if (res.status === 206 && have > 0) {
    const range = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
    if (range && Number(range[1]) === have) {
      append = true;
      resumedFrom = have;
      await hashFile(part, hash);
    } else {
      await res.body.cancel();
      rmSync(part, { force: true });
      throw new CodedError(
        'models.fetch.http',
        `download of ${t.url}: the server resumed at the wrong offset; the partial file was discarded, try again`,
      );
    }
  }
  const length = Number(res.headers.get('content-length')) || undefined;
  const total = t.sizeBytes ?? (length !== undefined ? length + resumedFrom : undefined);
  let received = resumedFrom;
  let last = 0;
  const every = opts.progressEveryMs ?? 200;
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    received += chunk.length;
    const now = Date.now();
    if (opts.onProgress && now - last >= every) {
      last = now;
      opts.onProgress({ received, total, resumedFrom });
    }
  });
  try {
    await pipeline(body, createWriteStream(part, { flags: append ? 'a' : 'w' }));
  } catch (err) {
    // The part stays: the next attempt resumes from it.
    throw new CodedError(
      'models.fetch.interrupted',
      `download of ${t.url} was interrupted after ${received} bytes (${(err as Error).message}); run it again to resume`,
      { received, id: t.id },
    );
  }
  if (total !== undefined && received < total)
    throw new CodedError(
      'models.fetch.interrupted',
      `download of ${t.url} stopped after ${received} of ${total} bytes; run it again to resume`,
      { received, id: t.id },
    );
  opts.onProgress?.({ received, total, resumedFrom });
  return finish(t, part, target, hash, received, resumedFrom);
}

function finish(
  t: DownloadTarget,
  part: string,
  target: string,
  hash: Hash,
  bytes: number,
  resumedFrom: number,
): DownloadResult {
  const digest = hash.digest('hex');
  if (digest !== t.sha256 || (t.sizeBytes !== undefined && bytes !== t.sizeBytes)) {
    rmSync(part, { force: true });
    throw new CodedError(
      'models.fetch.checksum',
      `checksum mismatch for ${t.id}: expected sha256 ${t.sha256}, got ${digest}; the download was discarded`,
    );
  }
  renameSync(part, target);
  return { file: target, bytes, resumedFrom };
}
