import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Temp path beside the target (same filesystem, so rename is atomic), hidden by a leading dot. */
export function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

/** Writes and fsyncs a temp file, then renames it over the target: readers see all or nothing. */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempPathFor(target);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Renames a finished temp file (written by another process, e.g. ffmpeg) into place after fsync. */
export async function commitTempFile(tmp: string, target: string): Promise<void> {
  const fh = await open(tmp, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, target);
}
