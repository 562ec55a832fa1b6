import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/coded-error';
import type { CameraConfig } from '../../shared/config/camera';
import { MODEL_COMPARE_SOURCE_MAX_SIDE } from '../../shared/api/methods/model-lab';
import { SOURCE_WHITELISTS } from '../../../inference/worker/camera/source-input';
import { JpegSplitter } from '../../../inference/worker/camera/jpeg-splitter';
import { runFfmpeg } from '../../../inference/worker/ffmpeg/ffmpeg-run';

/** Extensions of the video files a video folder lists (what the file whitelist demuxes). */
export const COMPARE_VIDEO_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.mkv', '.avi', '.ts', '.mpg'];

export interface CompareVideo {
  path: string;
  name: string;
  sizeBytes: number;
  origin: 'folder' | 'camera';
}

/**
 * The folders whose videos may be compared on: `<data dir>/videos` and those named by
 * WATCHER_VIDEO_DIRS (separated like PATH). An installer decides what is in them.
 */
export function compareVideoDirs(dataDir: string, env = process.env): string[] {
  const extra = (env.WATCHER_VIDEO_DIRS ?? '')
    .split(path.delimiter)
    .map((d) => d.trim())
    .filter((d) => path.isAbsolute(d));
  return [path.join(dataDir, 'videos'), ...extra];
}

/**
 * Every video a comparison may read: the files directly in the video folders and the files of
 * file cameras. This list is the whitelist: a path not on it is refused before ffmpeg sees it.
 */
export function listCompareVideos(
  dirs: readonly string[],
  cameras: readonly Pick<CameraConfig, 'source'>[],
): CompareVideo[] {
  const out = new Map<string, CompareVideo>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (!COMPARE_VIDEO_EXTENSIONS.includes(path.extname(name).toLowerCase())) continue;
      const file = path.join(dir, name);
      try {
        const st = statSync(file);
        if (st.isFile()) out.set(file, { path: file, name, sizeBytes: st.size, origin: 'folder' });
      } catch {
        // A dangling link or a file removed meanwhile is simply not listed.
      }
    }
  }
  for (const cam of cameras) {
    if (cam.source.kind !== 'file' || out.has(cam.source.path)) continue;
    try {
      const st = statSync(cam.source.path);
      if (st.isFile())
        out.set(cam.source.path, {
          path: cam.source.path,
          name: path.basename(cam.source.path),
          sizeBytes: st.size,
          origin: 'camera',
        });
    } catch {
      // A camera whose file is gone offers nothing to compare on.
    }
  }
  return [...out.values()];
}

/** ffmpeg arguments sampling `frames` JPEGs from a whitelisted file, one every `everySeconds`. */
export function videoSampleArgs(
  file: string,
  o: { frames: number; everySeconds: number; startSeconds: number },
): string[] {
  const w = SOURCE_WHITELISTS.file;
  return [
    ...(o.startSeconds > 0 ? ['-ss', String(o.startSeconds)] : []),
    '-protocol_whitelist',
    w.protocols,
    '-format_whitelist',
    w.formats,
    '-i',
    // `file:` so nothing in the name can select another protocol.
    `file:${file}`,
    '-an',
    '-vf',
    `fps=1/${o.everySeconds},scale='min(${MODEL_COMPARE_SOURCE_MAX_SIDE},iw)':-2`,
    '-frames:v',
    String(o.frames),
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '4',
    'pipe:1',
  ];
}

/** Frames sampled from a video on the whitelist, as JPEGs named by their time in the video. */
export async function sampleVideoFrames(
  ffmpegPath: string,
  file: string,
  o: { frames: number; everySeconds: number; startSeconds: number },
): Promise<Array<{ name: string; bytes: Buffer }>> {
  let out: Buffer;
  try {
    out = await runFfmpeg(ffmpegPath, videoSampleArgs(file, o), 120_000);
  } catch (err) {
    throw new CodedError('modelCompare.video_failed', (err as Error).message.slice(0, 400));
  }
  const jpegs: Buffer[] = [];
  const splitter = new JpegSplitter((j) => jpegs.push(Buffer.from(j)));
  splitter.push(out);
  if (!jpegs.length)
    throw new CodedError(
      'modelCompare.no_frames',
      `no frame could be read from ${path.basename(file)}`,
    );
  const base = path.basename(file);
  return jpegs.map((bytes, i) => ({
    name: `${base}@${(o.startSeconds + i * o.everySeconds).toFixed(1)}s`,
    bytes,
  }));
}

/**
 * Distinct preview stills of a live camera, one every `everyMs`: the JPEGs the worker already
 * sends for the wall, so sampling moves no raw frame between processes.
 */
export async function sampleCameraStills(
  latest: () => Uint8Array | undefined,
  cameraId: string,
  o: { frames: number; everyMs: number; sleep?: (ms: number) => Promise<void> },
): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  const started = Date.now();
  // Give a slow camera three intervals per frame before settling for fewer frames.
  for (let attempt = 0; attempt < o.frames * 3 && out.length < o.frames; attempt++) {
    const jpeg = latest();
    if (jpeg && out[out.length - 1]?.bytes !== jpeg)
      out.push({
        name: `${cameraId} +${((Date.now() - started) / 1000).toFixed(1)}s`,
        bytes: jpeg,
      });
    if (out.length < o.frames) await sleep(o.everyMs);
  }
  if (!out.length)
    throw new CodedError(
      'modelCompare.camera_no_frames',
      `camera "${cameraId}" has sent no picture yet`,
      {
        id: cameraId,
      },
    );
  return out;
}
