import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { SceneInfraction } from '../../inference/vision/rules/rule-engine';

export interface TestVideoOptions {
  /** The ffmpeg binary (each test keeps the one it resolves). */
  ffmpeg: string;
  /** Length of the synthetic testsrc2 source in seconds. */
  seconds: number;
  /** Frame size, `WxH`; 320x180 by default. */
  size?: string;
  /** Keyframe interval in frames (`-g`); 10 by default, null for the encoder's own. */
  gop?: number | null;
}

/** ffmpeg arguments that encode `seconds` of testsrc2 at 10 fps to H.264 (yuv420p). */
export function testH264Args(opts: TestVideoOptions): string[] {
  const { seconds, size = '320x180', gop = 10 } = opts;
  return [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=${size}:r=10:d=${seconds}`,
    '-c:v',
    'libx264',
    ...(gop === null ? [] : ['-g', String(gop)]),
    '-pix_fmt',
    'yuv420p',
  ];
}

/**
 * Encodes a synthetic H.264 clip. `output` is the ffmpeg output part: a file path, or muxer
 * arguments ending in the output (e.g. HLS).
 */
export function writeTestH264(opts: TestVideoOptions, ...output: string[]): void {
  execFileSync(opts.ffmpeg, [...testH264Args(opts), ...output]);
}

export interface RingBufferOptions extends TestVideoOptions {
  /** Unix seconds of the first segment: segment i is named seg-<t0 + i>.ts. */
  t0: number;
  /**
   * Encode this intermediate MP4 first and cut it into segments with `-c copy`; without it the
   * encoder writes the segments directly.
   */
  viaFile?: string;
}

/**
 * Creates `ring` holding an H.264 ring buffer in 1 s MPEG-TS segments named seg-<unixSeconds>.ts,
 * as the ingest writes them. Returns `ring`.
 */
export function writeRingBuffer(ring: string, opts: RingBufferOptions): string {
  const segmentArgs = [
    '-f',
    'segment',
    '-segment_time',
    '1',
    '-reset_timestamps',
    '1',
    path.join(ring, 'part-%03d.ts'),
  ];
  if (opts.viaFile) {
    writeTestH264(opts, opts.viaFile);
    mkdirSync(ring);
    execFileSync(opts.ffmpeg, ['-v', 'error', '-i', opts.viaFile, '-c', 'copy', ...segmentArgs]);
  } else {
    mkdirSync(ring);
    writeTestH264(opts, ...segmentArgs);
  }
  for (const f of readdirSync(ring))
    renameSync(
      path.join(ring, f),
      path.join(ring, `seg-${opts.t0 + Number(/(\d+)/.exec(f)![1])}.ts`),
    );
  return ring;
}

/**
 * A person who stood 3 s in zone `z` of `cameraId` at `occurredAt`: the infraction the evidence
 * tests write (their clips, chains and shutdown are what they check, not the rule).
 */
export function zoneIntrusionAt(
  cameraId: string,
  occurredAt: number,
  overrides: Partial<SceneInfraction> = {},
): SceneInfraction {
  return {
    type: 'zone-intrusion',
    category: 'safety',
    cameraId,
    zoneId: 'z',
    ruleId: 'r',
    ruleVersion: 1,
    occurredAt,
    trackId: 4,
    classLabel: 'person',
    measured: { dwellSec: 3 },
    confidence: 0.8,
    box: { x1: 100, y1: 60, x2: 160, y2: 170 },
    frameId: 0,
    tsMs: occurredAt,
    annotation: { label: '#4 person', zone: [] },
    ...overrides,
  };
}
