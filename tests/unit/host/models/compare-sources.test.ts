import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareVideoDirs,
  listCompareVideos,
  sampleCameraStills,
  videoSampleArgs,
} from '../../../../electron/host/models/compare-sources';

describe('compare sources', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-compare-sources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the videos of the video folders and of file cameras, nothing else', () => {
    const videos = path.join(dir, 'videos');
    mkdirSync(path.join(videos, 'sub'), { recursive: true });
    writeFileSync(path.join(videos, 'b.mp4'), 'x');
    writeFileSync(path.join(videos, 'a.MKV'), 'xy');
    writeFileSync(path.join(videos, 'notes.txt'), 'no');
    writeFileSync(path.join(videos, 'sub', 'deep.mp4'), 'no');
    symlinkSync(path.join(dir, 'gone.mp4'), path.join(videos, 'dangling.mp4'));
    const cam = path.join(dir, 'cam.mp4');
    writeFileSync(cam, 'abc');
    const list = listCompareVideos(
      [videos, path.join(dir, 'missing')],
      [
        { source: { kind: 'file', path: cam, loop: true } },
        { source: { kind: 'demo', pattern: 'traffic' } },
        { source: { kind: 'file', path: path.join(dir, 'nope.mp4'), loop: true } },
      ],
    );
    expect(list).toEqual([
      { path: path.join(videos, 'a.MKV'), name: 'a.MKV', sizeBytes: 2, origin: 'folder' },
      { path: path.join(videos, 'b.mp4'), name: 'b.mp4', sizeBytes: 1, origin: 'folder' },
      { path: cam, name: 'cam.mp4', sizeBytes: 3, origin: 'camera' },
    ]);
  });

  it('takes the data folder and only absolute folders from WATCHER_VIDEO_DIRS', () => {
    expect(
      compareVideoDirs('/data', { WATCHER_VIDEO_DIRS: ['/m/a', 'rel', ''].join(path.delimiter) }),
    ).toEqual(['/data/videos', '/m/a']);
  });

  it('gives ffmpeg the file whitelist and a file: input', () => {
    const args = videoSampleArgs('/v/a.mp4', { frames: 3, everySeconds: 2, startSeconds: 4 });
    expect(args.slice(0, 2)).toEqual(['-ss', '4']);
    expect(args[args.indexOf('-protocol_whitelist') + 1]).toBe('file');
    expect(args[args.indexOf('-i') + 1]).toBe('file:/v/a.mp4');
    expect(args[args.indexOf('-frames:v') + 1]).toBe('3');
    expect(args[args.indexOf('-vf') + 1]).toMatch(/^fps=1\/2,scale=/);
  });

  it('samples distinct preview stills of a camera, and says when it has none', async () => {
    const stills = [new Uint8Array([1]), new Uint8Array([2])];
    let i = 0;
    const sleep = async () => {
      i++;
    };
    // The same still twice in a row counts once.
    const got = await sampleCameraStills(() => stills[Math.min(1, Math.floor(i / 2))], 'cam', {
      frames: 2,
      everyMs: 100,
      sleep,
    });
    expect(got.map((g) => g.bytes[0])).toEqual([1, 2]);
    await expect(
      sampleCameraStills(() => undefined, 'cam', { frames: 2, everyMs: 100, sleep }),
    ).rejects.toMatchObject({ code: 'modelCompare.camera_no_frames' });
  });
});
