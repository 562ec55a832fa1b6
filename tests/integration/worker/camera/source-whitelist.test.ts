import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraSourceSchema, type CameraSource } from '../../../../electron/shared/config/camera';
import { inputArgs } from '../../../../inference/worker/camera/source-input';
import { classifyFfmpegFailure } from '../../../../inference/worker/camera/ffmpeg-errors';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures } from '../../../helpers/fixtures';

/**
 * A camera source can only read what its kind is for: ffmpeg gets per-kind protocol and container
 * whitelists, and a file source an absolute `file:` path. Run against real ffmpeg (the one the
 * host uses), with files that try to make it read a secret as video.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-whitelist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secret = path.join(dir, 'secret.key');
writeFileSync(secret, 'TOP-SECRET-KEY-MATERIAL\n');

function grabOneFrame(source: CameraSource) {
  const r = spawnSync(
    ffmpegBinary().path,
    [
      '-hide_banner',
      '-nostdin',
      ...inputArgs(source).filter((a) => a !== '-re' && a !== '-stream_loop' && a !== '-1'),
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      'pipe:1',
    ],
    { encoding: 'buffer', timeout: 30_000 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe('camera sources under ffmpeg whitelists', () => {
  it('the schema refuses protocol "paths" and relative paths for file sources', () => {
    for (const p of [
      'concat:/etc/passwd',
      'subfile:,,start,0,end,0,,:/etc/passwd',
      'tcp://10.0.0.1:80',
      'http://x/y.mp4',
      'video.mp4',
      '../secret.key',
      'file:/etc/passwd',
    ])
      expect(cameraSourceSchema.safeParse({ kind: 'file', path: p }).success, p).toBe(false);
    expect(
      cameraSourceSchema.safeParse({ kind: 'file', path: '/srv/video/cam1.mp4' }).success,
    ).toBe(true);
    expect(
      cameraSourceSchema.safeParse({ kind: 'file', path: 'C:\\videos\\cam1.mp4' }).success,
    ).toBe(true);
  });

  it('every source kind carries its own protocol and format whitelist; a file is passed as file:', () => {
    const file = inputArgs({ kind: 'file', path: '/srv/v.mp4', loop: false });
    expect(file.slice(-2)).toEqual(['-i', 'file:/srv/v.mp4']);
    expect(file[file.indexOf('-protocol_whitelist') + 1]).toBe('file');
    for (const source of [
      { kind: 'rtsp', url: 'rtsp://cam/1', transport: 'tcp' },
      { kind: 'http', url: 'http://cam/mjpeg' },
      { kind: 'hls', url: 'http://cam/live.m3u8' },
    ] as CameraSource[]) {
      const args = inputArgs(source);
      expect(args, source.kind).toContain('-protocol_whitelist');
      expect(args, source.kind).toContain('-format_whitelist');
      expect(args[args.indexOf('-protocol_whitelist') + 1]).not.toMatch(/\bfile\b|concat|subfile/);
    }
  });

  it('an ffconcat list or an HLS playlist on disk cannot pull a secret in as video', () => {
    const ffconcat = path.join(dir, 'trap.mp4');
    writeFileSync(ffconcat, `ffconcat version 1.0\nfile '${secret}'\n`);
    const playlist = path.join(dir, 'trap2.mp4');
    writeFileSync(
      playlist,
      `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://${secret}\n#EXT-X-ENDLIST\n`,
    );
    for (const trap of [ffconcat, playlist]) {
      const r = grabOneFrame({ kind: 'file', path: trap, loop: false });
      expect(r.status, r.stderr).not.toBe(0);
      expect(r.stdout.length).toBe(0);
      expect(r.stdout.toString('latin1')).not.toContain('TOP-SECRET');
      expect(['camera.error.not_allowed', 'camera.error.not_video']).toContain(
        classifyFfmpegFailure(r.stderr, r.status).code,
      );
    }
  });

  it('a real video file still plays', () => {
    const video = fixtures.video('car-detection.mp4');
    if (!video) return;
    const r = grabOneFrame({ kind: 'file', path: video, loop: false });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });
});
