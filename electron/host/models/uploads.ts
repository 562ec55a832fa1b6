import { CodedError } from '../../shared/coded-error';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  base64DecodedLength,
  checkChunk,
  MODEL_UPLOAD_CHUNK_BYTES,
} from '../../shared/api/methods/models';

interface Upload {
  id: string;
  owner: string;
  fileName: string;
  size: number;
  sha256?: string;
  /** `<uploads dir>/<uploadId>.part`: named by the host, never by the client. */
  file: string;
  handle: FileHandle;
  hash: Hash;
  received: number;
  nextIndex: number;
  /** A chunk is being written: another one for the same upload now is refused, not interleaved. */
  busy: boolean;
  lastAt: number;
}

export interface UploadState {
  uploadId: string;
  received: number;
  size: number;
  nextIndex: number;
}

/** A finished upload, handed to the caller who validates, installs and then deletes `file`. */
export interface CompletedUpload {
  file: string;
  fileName: string;
  size: number;
  sha256: string;
}

export interface ModelUploadsOptions {
  /** Uploads open at once (all users); more are refused until one finishes or expires. */
  maxActive?: number;
  /** An upload with no chunk for this long is dropped and its temp file deleted. */
  idleMs?: number;
  now?: () => number;
}

const fail = (code: string, message: string, params?: Record<string, string | number>) =>
  new CodedError(code, message, params);

/**
 * Model files arriving in chunks (`models.import.begin` → `chunk`… → `commit`). Chunks are
 * appended in order to a temp file named by the host and hashed as they come; an upload belongs
 * to whoever began it, cannot grow past the size declared at begin, and is dropped (file deleted)
 * when abandoned. Nothing here touches the installed models.
 */
export class ModelUploads {
  private readonly uploads = new Map<string, Upload>();
  private readonly maxActive: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    opts: ModelUploadsOptions = {},
  ) {
    this.maxActive = opts.maxActive ?? 4;
    this.idleMs = opts.idleMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
    // Leftovers of a previous run (the host stopped mid-upload) are of no use to anyone.
    try {
      for (const f of readdirSync(dir)) rmSync(path.join(dir, f), { force: true, recursive: true });
    } catch {
      // No folder yet.
    }
  }

  get active(): number {
    return this.uploads.size;
  }

  async begin(
    owner: string,
    req: { fileName: string; size: number; sha256?: string },
  ): Promise<UploadState & { chunkBytes: number }> {
    await this.sweep();
    if (this.uploads.size >= this.maxActive)
      throw fail(
        'models.upload.too_many',
        `${this.uploads.size} model uploads are already in progress; wait for one to finish`,
      );
    mkdirSync(this.dir, { recursive: true });
    const id = randomUUID();
    const file = path.join(this.dir, `${id}.part`);
    const handle = await open(file, 'wx', 0o600);
    const upload: Upload = {
      id,
      owner,
      fileName: req.fileName,
      size: req.size,
      sha256: req.sha256,
      file,
      handle,
      hash: createHash('sha256'),
      received: 0,
      nextIndex: 0,
      busy: false,
      lastAt: this.now(),
    };
    this.uploads.set(id, upload);
    return { ...this.state(upload), chunkBytes: MODEL_UPLOAD_CHUNK_BYTES };
  }

  async chunk(
    owner: string,
    req: { uploadId: string; index: number; base64: string },
  ): Promise<UploadState> {
    const upload = this.get(owner, req.uploadId);
    if (upload.busy)
      throw fail('models.upload.busy', 'the previous chunk of this upload is still being written');
    const bytes = Buffer.from(req.base64, 'base64');
    if (bytes.length !== base64DecodedLength(req.base64))
      throw fail('models.upload.bad_chunk', `chunk ${req.index} is not valid base64`);
    const check = checkChunk(upload, req.index, bytes.length);
    if (!check.ok) {
      // Past the declared size the upload cannot be right any more: drop it.
      if (check.code === 'models.upload.too_large') await this.drop(upload);
      throw fail(check.code, check.message, { index: req.index });
    }
    upload.busy = true;
    try {
      await upload.handle.write(bytes, 0, bytes.length, upload.received);
    } catch (err) {
      await this.drop(upload);
      throw fail(
        'models.upload.write_failed',
        `cannot store the upload: ${(err as Error).message}`,
      );
    } finally {
      upload.busy = false;
    }
    upload.hash.update(bytes);
    upload.received += bytes.length;
    upload.nextIndex++;
    upload.lastAt = this.now();
    return this.state(upload);
  }

  /**
   * Closes a complete upload and hands its file over (the caller deletes it when done). Incomplete
   * uploads or a wrong checksum are refused and dropped.
   */
  async finish(owner: string, uploadId: string): Promise<CompletedUpload> {
    const upload = this.get(owner, uploadId);
    if (upload.busy)
      throw fail('models.upload.busy', 'a chunk of this upload is still being written');
    if (upload.received !== upload.size)
      throw fail(
        'models.upload.incomplete',
        `the upload has ${upload.received} of ${upload.size} bytes`,
        { received: upload.received, size: upload.size },
      );
    this.uploads.delete(upload.id);
    await upload.handle.close().catch(() => undefined);
    const sha256 = upload.hash.digest('hex');
    if (upload.sha256 && upload.sha256 !== sha256) {
      await rm(upload.file, { force: true });
      throw fail(
        'models.upload.checksum',
        `the uploaded file's sha256 is ${sha256}, not the ${upload.sha256} announced; it was discarded`,
      );
    }
    return { file: upload.file, fileName: upload.fileName, size: upload.size, sha256 };
  }

  async abort(owner: string, uploadId: string): Promise<boolean> {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) return false;
    await this.drop(upload);
    return true;
  }

  /** Drops uploads idle for longer than the limit. */
  async sweep(): Promise<void> {
    const limit = this.now() - this.idleMs;
    for (const u of [...this.uploads.values()]) if (u.lastAt < limit && !u.busy) await this.drop(u);
  }

  async closeAll(): Promise<void> {
    for (const u of [...this.uploads.values()]) await this.drop(u);
  }

  private get(owner: string, uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    // Someone else's upload reads as unknown: its id is not a capability to be guessed at.
    if (!upload || upload.owner !== owner)
      throw fail('models.upload.unknown', `no upload "${uploadId}" in progress`);
    return upload;
  }

  private state(u: Upload): UploadState {
    return { uploadId: u.id, received: u.received, size: u.size, nextIndex: u.nextIndex };
  }

  private async drop(u: Upload): Promise<void> {
    this.uploads.delete(u.id);
    await u.handle.close().catch(() => undefined);
    await rm(u.file, { force: true });
  }
}
