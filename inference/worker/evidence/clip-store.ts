import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EvidenceFile } from '../../../electron/shared/domain/infraction';
import { commitTempFile, tempPathFor, writeFileAtomic } from './atomic';
import { runFfmpeg } from '../ffmpeg/ffmpeg-run';

/**
 * The clip of a live infraction, stored without copies: every ring-buffer segment is kept once
 * per camera in a content-addressed store (`<cameraId>/segments/<sha256>.ts`), and each
 * infraction's clip is a small manifest (`clip.json`) naming its segments by SHA-256. The event
 * lists the manifest (kind `clip`) and every segment it uses (kind `clip-segment`), each with its
 * own SHA-256, so verify-evidence checks every byte of the clip and back-to-back infractions
 * share the segments they overlap on. `materializeClip` concatenates the segments into one MP4
 * (stream copy, the camera's own bits) for playback and export.
 */

export const CLIP_MANIFEST_MIME = 'application/vnd.watcher.clip+json';
export const SEGMENT_MIME = 'video/mp2t';
export const CLIP_MANIFEST_FORMAT = 'watcher.clip/1';

export const clipManifestSchema = z.object({
  format: z.literal(CLIP_MANIFEST_FORMAT),
  cameraId: z.string(),
  /** Clip start (the first segment's start) and requested end, epoch seconds. */
  startSec: z.number(),
  endSec: z.number(),
  segments: z
    .array(
      z.object({
        /** Relative to the evidence root, forward slashes. */
        path: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().nonnegative(),
        /** Wall-clock second the segment started. */
        startSec: z.number(),
      }),
    )
    .min(1),
});
export type ClipManifest = z.infer<typeof clipManifestSchema>;

/** Folder (relative to the evidence root) of a camera's shared segments. */
export function segmentStoreRel(cameraId: string): string {
  return `${cameraId}/segments`;
}

async function hashFile(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Stores ring-buffer segments in the camera's segment store (each content once) and writes the
 * clip manifest at `manifestRel`. Returns the evidence entries: the manifest, then its segments.
 */
export async function storeSegmentClip(
  root: string,
  cameraId: string,
  manifestRel: string,
  segments: ReadonlyArray<{ file: string; start: number }>,
  endSec: number,
): Promise<EvidenceFile[]> {
  const storeRel = segmentStoreRel(cameraId);
  await mkdir(path.join(root, storeRel), { recursive: true });
  const stored: ClipManifest['segments'] = [];
  for (const s of segments) {
    const data = await readFile(s.file);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const rel = `${storeRel}/${sha256}.ts`;
    const full = path.join(root, rel);
    const have = await stat(full).catch(() => null);
    // Same name, same size: the same content (the name is its hash). Anything else is rewritten
    // atomically; a tampered copy of an older clip keeps failing that clip's verification.
    if (!have || have.size !== data.length) await writeFileAtomic(full, data);
    stored.push({ path: rel, sha256, bytes: data.length, startSec: s.start });
  }
  const manifest: ClipManifest = {
    format: CLIP_MANIFEST_FORMAT,
    cameraId,
    startSec: segments[0].start,
    endSec,
    segments: stored,
  };
  const text = `${JSON.stringify(manifest, null, 1)}\n`;
  await writeFileAtomic(path.join(root, manifestRel), text);
  const manifestFile: EvidenceFile = {
    kind: 'clip',
    path: manifestRel,
    sha256: createHash('sha256').update(text).digest('hex'),
    bytes: Buffer.byteLength(text),
    mime: CLIP_MANIFEST_MIME,
  };
  const unique = new Map(stored.map((s) => [s.path, s]));
  return [
    manifestFile,
    ...[...unique.values()].map((s): EvidenceFile => ({
      kind: 'clip-segment',
      path: s.path,
      sha256: s.sha256,
      bytes: s.bytes,
      mime: SEGMENT_MIME,
    })),
  ];
}

export function isClipManifest(f: Pick<EvidenceFile, 'mime'>): boolean {
  return f.mime === CLIP_MANIFEST_MIME;
}

function resolveInRoot(root: string, rel: string): string {
  const base = path.resolve(root);
  const full = path.resolve(base, ...rel.split('/'));
  if (!full.startsWith(base + path.sep))
    throw new Error(`evidence path escapes the evidence root: ${rel}`);
  return full;
}

export interface MaterializedClip {
  /** `ok`: the manifest and every segment hash to what was sealed; `modified`: something differs. */
  integrity: 'ok' | 'modified';
  /** What differs (relative paths), empty when ok. */
  altered: string[];
  bytes: number;
}

/**
 * Concatenates an infraction's clip into one MP4 at `outFile` (stream copy, never re-encoded),
 * checking on the way that the manifest has the recorded SHA-256 and every segment the SHA-256
 * the manifest names. `manifest` is the clip's evidence entry (kind `clip`, manifest mime).
 */
export async function materializeClip(
  root: string,
  manifest: Pick<EvidenceFile, 'path' | 'sha256'>,
  ffmpegPath: string,
  outFile: string,
): Promise<MaterializedClip> {
  const altered: string[] = [];
  const manifestFull = resolveInRoot(root, manifest.path);
  const text = await readFile(manifestFull);
  if (createHash('sha256').update(text).digest('hex') !== manifest.sha256)
    altered.push(manifest.path);
  const m = clipManifestSchema.parse(JSON.parse(text.toString('utf8')));
  const files: string[] = [];
  for (const s of m.segments) {
    const full = resolveInRoot(root, s.path);
    if ((await hashFile(full)) !== s.sha256) altered.push(s.path);
    files.push(full);
  }
  await mkdir(path.dirname(outFile), { recursive: true });
  const tmp = tempPathFor(outFile);
  const list = `${tmp}.txt`;
  await writeFileAtomic(list, files.map((f) => `file '${f.replace(/'/g, "'\\''")}'\n`).join(''));
  try {
    await runFfmpeg(ffmpegPath, [
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      list,
      '-map',
      '0:v',
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '-y',
      tmp,
    ]);
    await commitTempFile(tmp, outFile);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await rm(list, { force: true });
  }
  return {
    integrity: altered.length ? 'modified' : 'ok',
    altered,
    bytes: (await stat(outFile)).size,
  };
}
