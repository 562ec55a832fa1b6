import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * The per-camera H.264 ring buffer on disk. Contract shared with the evidence clipper: MPEG-TS
 * segments named `seg-<unixSeconds>.ts` (the wall-clock second the segment started), ~1–2 s each
 * (longer when a copied stream's keyframes are further apart), the last N seconds kept.
 */
export function ringBufferDir(dataDir: string, cameraId: string): string {
  return path.join(dataDir, 'buffer', cameraId);
}

/** Default bitrate cap of an encoded ring buffer (the camera's `evidence.maxBitrateKbps`). */
export const DEFAULT_MAX_BITRATE_KBPS = 1200;

/**
 * Output arguments for ffmpeg's segment muxer writing the ring buffer from input stream 0:v:0.
 * An encoded buffer is constant-quality (CRF) capped at `maxBitrateKbps` (VBV), so a busy scene
 * never writes more than the camera's budget allows; a copied stream keeps the camera's bits.
 */
/** The index of the ring buffer's closed segments on the camera's timeline (see SegmentListOptions). */
export const SEGMENT_LIST = 'segments.csv';

/**
 * A segment list beside the segments (`segments.csv`: `file,start,end` of each closed segment, on
 * the camera's timeline with `-copyts`), so a still can be decoded later from the recording at a
 * given timestamp. `keep`: the entries kept (the list is rewritten each time). `clockCut`: cut at
 * wall-clock multiples of the segment time (a live stream's timestamps are wall-clock epoch
 * seconds, which the muxer's own pts-based cut cannot count from).
 */
export interface SegmentListOptions {
  keep: number;
  clockCut: boolean;
}

export function ringBufferOutputArgs(
  dir: string,
  copy: boolean,
  fps: number,
  maxBitrateKbps = DEFAULT_MAX_BITRATE_KBPS,
  list?: SegmentListOptions,
): string[] {
  const kbps = Math.max(100, Math.round(maxBitrateKbps));
  const codec = copy
    ? ['-c:v', 'copy']
    : [
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-tune',
        'zerolatency',
        '-pix_fmt',
        'yuv420p',
        '-crf',
        '26',
        '-maxrate',
        `${kbps}k`,
        '-bufsize',
        `${kbps * 2}k`,
        // A keyframe every second; with 2 s segments no two segments start in the same wall-clock second.
        '-force_key_frames',
        'expr:gte(t,n_forced*1)',
        '-g',
        String(Math.max(1, Math.round(fps * 2))),
      ];
  return [
    '-map',
    '0:v:0',
    ...codec,
    '-f',
    'segment',
    '-segment_time',
    '2',
    '-segment_format',
    'mpegts',
    '-reset_timestamps',
    '1',
    ...(list
      ? [
          ...(list.clockCut ? ['-segment_atclocktime', '1'] : []),
          // Listed times are the input's own (a stream opening on B-frames is not shifted to 0).
          '-avoid_negative_ts',
          'disabled',
          '-segment_list',
          path.join(dir, SEGMENT_LIST),
          '-segment_list_type',
          'csv',
          '-segment_list_size',
          String(Math.max(2, Math.round(list.keep))),
        ]
      : []),
    '-strftime',
    '1',
    path.join(dir, 'seg-%s.ts'),
  ];
}

export function ensureRingBufferDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/**
 * Deletes segments that ended more than `seconds` ago (a segment ends when the next one starts),
 * always keeping the newest. Returns the segment start times kept.
 */
export function pruneRingBuffer(dir: string, seconds: number, nowMs = Date.now()): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const starts = names
    .map((n) => /^seg-(\d+)\.ts$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const cutoff = nowMs / 1000 - seconds;
  const kept: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : Infinity;
    if (end < cutoff) rmSync(path.join(dir, `seg-${starts[i]}.ts`), { force: true });
    else kept.push(starts[i]);
  }
  return kept;
}

/** Removes every segment (e.g. ones copied from a source that turned out not to be H.264). */
export function clearRingBuffer(dir: string): void {
  for (const f of readdirSync(dir))
    if (/^seg-\d+\.ts$/.test(f)) rmSync(path.join(dir, f), { force: true });
}
