import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { CameraRunner } from '../../../../inference/worker/camera/camera-runner';
import { pruneRingBuffer, ringBufferDir } from '../../../../inference/worker/camera/ring-buffer';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { parseInputVideoStream } from '../../../../inference/worker/camera/stream-info';
import { fixtures } from '../../../helpers/fixtures';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ring-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function segments(dir: string): number[] {
  return readdirSync(dir)
    .map((n) => /^seg-(\d+)\.ts$/.exec(n)?.[1])
    .filter((s): s is string => !!s)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Codec of the first video stream, from ffmpeg's own banner (the bundled 2018 ffprobe crashes on MPEG-TS). */
function codecOf(file: string): string | undefined {
  const r = spawnSync(ffmpegBinary().path, ['-hide_banner', '-i', file], { encoding: 'utf8' });
  return parseInputVideoStream(r.stderr)?.codec;
}

async function runFor(config: ReturnType<typeof cameraConfigSchema.parse>, ms: number) {
  const previews: number[] = [];
  const frames: number[] = [];
  const runner = new CameraRunner(
    config,
    {
      ffmpegPath: ffmpegBinary().path,
      analysis: { width: 96, height: 54, pixFmt: 'gray' },
      preview: true,
      dataDir,
      realtime: true,
      reconnect: true,
    },
    {
      status: () => {},
      preview: (p) => previews.push(p.frameId),
      frame: (f) => frames.push(f.frameId),
      log: () => {},
    },
  );
  runner.start();
  await new Promise((r) => setTimeout(r, ms));
  runner.stop();
  return { previews, frames };
}

describe('H.264 segment ring buffer', () => {
  it('encodes a non-H.264 source (demo scene) into ~2 s seg-<unixSeconds>.ts segments and prunes beyond N s', async () => {
    const config = cameraConfigSchema.parse({
      id: 'demo-ring',
      name: 'demo',
      source: { kind: 'demo' },
      buffer: { seconds: 3 },
      analysis: { fps: 10 },
      preview: { fps: 5, width: 320 },
    });
    const t0 = Math.floor(Date.now() / 1000);
    const { previews, frames } = await runFor(config, 11_000);
    const dir = ringBufferDir(dataDir, 'demo-ring');
    expect(dir).toBe(path.join(dataDir, 'buffer', 'demo-ring'));
    const segs = segments(dir);
    expect(segs.length).toBeGreaterThanOrEqual(2);
    // Named by the wall-clock second they started; older ones deleted (3 s buffer + one segment).
    for (const s of segs) expect(s).toBeGreaterThanOrEqual(t0);
    expect(segs.at(-1)! - segs[0]).toBeLessThanOrEqual(3 + 2 + 1);
    expect(segs.some((s) => s - t0 <= 2)).toBe(false);
    expect(codecOf(path.join(dir, `seg-${segs[0]}.ts`))).toBe('h264');
    // Preview at 5 fps is every other analysis frame (10 fps) and shares its frameId.
    expect(frames.length).toBeGreaterThan(50);
    const analysed = new Set(frames);
    expect(previews.length).toBeGreaterThan(20);
    for (const id of previews) expect(analysed.has(id) || id > frames.at(-1)!).toBe(true);
    expect(previews[1] - previews[0]).toBe(2);
  });

  const car = fixtures.video('car-detection.mp4');
  it.skipIf(!car)('stream-copies an H.264 file source into the ring buffer', async () => {
    const config = cameraConfigSchema.parse({
      id: 'file-ring',
      name: 'file',
      source: { kind: 'file', path: car!, loop: true },
      buffer: { seconds: 15 },
    });
    await runFor(config, 6000);
    const dir = ringBufferDir(dataDir, 'file-ring');
    const segs = segments(dir);
    // The fixture has a keyframe every 4.8 s, so copied segments are that long.
    expect(segs.length).toBeGreaterThanOrEqual(1);
    expect(codecOf(path.join(dir, `seg-${segs[0]}.ts`))).toBe('h264');
  });

  it('re-encodes a file source that turns out not to be H.264 (MPEG-4 Part 2)', async () => {
    const file = path.join(dataDir, 'mpeg4.avi');
    execFileSync(ffmpegBinary().path, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=10:duration=3',
      '-c:v',
      'mpeg4',
      file,
    ]);
    const config = cameraConfigSchema.parse({
      id: 'mpeg4-ring',
      name: 'mpeg4',
      source: { kind: 'file', path: file, loop: true },
      buffer: { seconds: 15 },
    });
    const { frames } = await runFor(config, 5000);
    expect(frames.length).toBeGreaterThan(10);
    const dir = ringBufferDir(dataDir, 'mpeg4-ring');
    const segs = segments(dir);
    expect(segs.length).toBeGreaterThanOrEqual(1);
    expect(codecOf(path.join(dir, `seg-${segs[0]}.ts`))).toBe('h264');
  });

  it('prune keeps the newest segment and every segment that ended within the window', () => {
    const dir = path.join(dataDir, 'prune');
    rmSync(dir, { recursive: true, force: true });
    execFileSync('mkdir', ['-p', dir]);
    const now = 1_800_000_000;
    for (const s of [now - 40, now - 20, now - 14, now - 12, now - 2]) {
      writeFileSync(path.join(dir, `seg-${s}.ts`), '');
      utimesSync(path.join(dir, `seg-${s}.ts`), s, s);
    }
    writeFileSync(path.join(dir, 'unrelated.txt'), '');
    const kept = pruneRingBuffer(dir, 15, now * 1000);
    // seg(now-20) ended at now-14, inside the 15 s window; seg(now-40) ended at now-20: gone.
    expect(kept).toEqual([now - 20, now - 14, now - 12, now - 2]);
    expect(readdirSync(dir).sort()).toEqual(
      [...kept.map((s) => `seg-${s}.ts`), 'unrelated.txt'].sort(),
    );
  });
});
