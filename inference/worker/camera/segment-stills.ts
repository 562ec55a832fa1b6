import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { JpegSplitter, jpegSize } from './jpeg-splitter';
import { SEGMENT_LIST } from './ring-buffer';
import type { JpegFrame } from './camera-runner';

/** Longer than any real segment (segment time plus the longest keyframe interval). */
const MAX_SEGMENT_SEC = 120;

/** One closed ring-buffer segment on the camera's timeline (seconds). */
export interface SegmentEntry {
  file: string;
  start: number;
  end: number;
}

/** The entries of a `segments.csv` (`file,start,end` lines); a half-written line is skipped. */
export function parseSegmentList(text: string): SegmentEntry[] {
  const out: SegmentEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^,]+\.ts),(-?[\d.]+(?:e[+-]?\d+)?),(-?[\d.]+(?:e[+-]?\d+)?)\s*$/.exec(
      line.trim(),
    );
    if (!m) continue;
    const start = Number(m[2]);
    const end = Number(m[3]);
    // The muxer lists the first segment of a run from 0 whatever its first timestamp: on a
    // wall-clock timeline that entry spans decades and says nothing; on a media timeline it is right.
    if (
      Number.isFinite(start) &&
      Number.isFinite(end) &&
      end >= start &&
      end - start < MAX_SEGMENT_SEC
    )
      out.push({ file: m[1], start, end });
  }
  return out;
}

/**
 * The segment holding the frame at timeline time `t` and the offset of that frame in it: the
 * frame nearest `t` is the first at or after `t - halfFrame`. Undefined while no closed segment
 * reaches `t` (it is still being written, or `t` is older than the ring buffer).
 */
export function segmentAt(
  entries: readonly SegmentEntry[],
  t: number,
  halfFrame: number,
): { entry: SegmentEntry; offset: number } | undefined {
  for (const e of entries)
    if (t >= e.start - halfFrame && t < e.end - 1e-6)
      return { entry: e, offset: Math.max(0, t - e.start - halfFrame) };
  return undefined;
}

/** Whether `t` is before every listed segment (it has left the ring buffer: it will not come). */
export function segmentGone(entries: readonly SegmentEntry[], t: number): boolean {
  return entries.length > 0 && t < entries[0].start - 1;
}

export interface StillDecodeOptions {
  ffmpegPath: string;
  /** Never upscaled; 0: the source width. */
  maxWidth: number;
  quality: number;
}

/**
 * Decodes one full-resolution still out of a recorded segment: the first frame at or after
 * `offset` seconds into it, decoded from the keyframe that starts the segment (an output-side
 * seek: an input seek in MPEG-TS lands between keyframes and loses or shifts frames).
 */
export function decodeSegmentStill(
  file: string,
  offset: number,
  o: StillDecodeOptions,
): Promise<{ jpeg: Uint8Array; width: number; height: number } | undefined> {
  const scale =
    o.maxWidth > 0
      ? `scale='trunc(min(iw,${o.maxWidth})/2)*2':-2`
      : `scale='trunc(iw/2)*2':'trunc(ih/2)*2'`;
  const args = [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...['-i', file, '-ss', offset.toFixed(6)],
    ...['-map', '0:v:0', '-frames:v', '1', '-vf', scale],
    ...['-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', String(o.quality), 'pipe:1'],
  ];
  return new Promise((resolve) => {
    let jpeg: Uint8Array | undefined;
    const proc = spawn(o.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const splitter = new JpegSplitter((j) => (jpeg ??= new Uint8Array(j)));
    proc.stdout.on('data', (d: Buffer) => splitter.push(d));
    proc.on('error', () => resolve(undefined));
    proc.on('close', () => {
      if (!jpeg) return resolve(undefined);
      const { width, height } = jpegSize(jpeg);
      resolve({ jpeg, width, height });
    });
  });
}

/** How often the segment list is read while a wanted frame's segment is still being written. */
const POLL_MS = 200;

/**
 * Full-resolution stills of one camera, decoded from its ring buffer only when asked for: each
 * analysis frame's timestamp on the camera's timeline is remembered (a few bytes a frame, not a
 * JPEG), and a still is decoded from the segment that recorded that instant, once that segment is
 * closed. One decode per asked frame; the answers are kept for frames asked again (the plate vote).
 */
export class OnDemandStills {
  private readonly times = new Map<number, number>();
  private readonly made = new Map<number, Promise<JpegFrame | undefined>>();
  private closed = false;

  constructor(
    private readonly o: StillDecodeOptions & {
      bufferDir: string;
      /** Frames whose timestamps are kept (the ring buffer's length at the detect rate). */
      keep: number;
      /** Half the main stream's frame interval (s), for the nearest frame; unset: 1/50 s. */
      halfFrame: () => number | undefined;
      /** Longest wait for the segment of a frame to close. */
      waitMs: number;
    },
  ) {}

  /** Remembers where analysis frame `frameId` lies on the camera's timeline. */
  note(frameId: number, t: number): void {
    this.times.set(frameId, t);
    while (this.times.size > this.o.keep) this.times.delete(this.times.keys().next().value!);
  }

  /** Whether a still of `frameId` can be asked for. */
  has(frameId: number): boolean {
    return this.times.has(frameId);
  }

  /** The timeline time of `frameId`, if noted. */
  timeOf(frameId: number): number | undefined {
    return this.times.get(frameId);
  }

  /** The still of exactly `frameId`, decoded from the recording; undefined when it cannot be had. */
  get(frameId: number): Promise<JpegFrame | undefined> {
    const t = this.times.get(frameId);
    if (t === undefined || this.closed) return Promise.resolve(undefined);
    let p = this.made.get(frameId);
    if (!p) {
      p = this.decode(frameId, t);
      this.made.set(frameId, p);
      while (this.made.size > 64) this.made.delete(this.made.keys().next().value!);
    }
    return p;
  }

  /** The run ended: waits give up at their next look (segments closed so far are still used). */
  close(): void {
    this.closed = true;
  }

  private async decode(frameId: number, t: number): Promise<JpegFrame | undefined> {
    const half = this.o.halfFrame() ?? 0.02;
    const deadline = Date.now() + this.o.waitMs;
    for (;;) {
      const entries = await this.list();
      const at = segmentAt(entries, t, half);
      if (at) {
        const still = await decodeSegmentStill(
          path.join(this.o.bufferDir, at.entry.file),
          at.offset,
          this.o,
        );
        return still && { frameId, ...still, pts: t };
      }
      if (segmentGone(entries, t) || Date.now() > deadline) return undefined;
      // Once the run has ended the list is final: one more look has already been taken.
      if (this.closed) return undefined;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private async list(): Promise<SegmentEntry[]> {
    try {
      return parseSegmentList(await readFile(path.join(this.o.bufferDir, SEGMENT_LIST), 'utf8'));
    } catch {
      return [];
    }
  }
}
