import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import { removeOrphanedTempFiles } from '../../../../inference/worker/evidence/orphans';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { writeRingBuffer, zoneIntrusionAt } from '../../../helpers/ring-buffer-fixture';

const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-evidence-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const infraction = (occurredAt: number) => zoneIntrusionAt('cam-stop', occurredAt);

describe('evidence when its camera stops', () => {
  it('finishes an infraction in progress from the segments recorded so far', async () => {
    const ffmpeg = ffmpegBinary().path;
    const T0 = 1_760_000_000;
    const ring = writeRingBuffer(path.join(dir, 'ring'), { ffmpeg, seconds: 4, t0: T0 });
    const root = path.join(dir, 'store');
    const writer = new EvidenceWriter({
      root,
      cameraId: 'cam-stop',
      ffmpegPath: ffmpeg,
      clipBeforeSec: 2,
      clipAfterSec: 5,
      // The segments after the event never come (the camera stopped): without finish() the write
      // would wait this long; the test's own time-out is far shorter.
      ringWaitTimeoutMs: 3_600_000,
    });
    const written = writer.write(infraction((T0 + 3.2) * 1000), { ringBufferDir: ring });
    await writer.finish();
    const event = await written;
    expect(event.evidence.map((e) => e.kind)).toContain('clip');
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    const leftovers = execFileSync('find', [root, '-name', '*.tmp*'], { encoding: 'utf8' }).trim();
    expect(leftovers).toBe('');
  });

  it('removes temp files of writers that died, never those of a running process', async () => {
    const root = path.join(dir, 'orphans');
    const day = new Date().toISOString().slice(0, 10);
    const event = path.join(root, 'cam-1', day, 'ev-1');
    mkdirSync(event, { recursive: true });
    // A pid that has certainly exited: a child that already ran to completion.
    const deadPid = spawnSync(
      process.execPath,
      ['-e', 'process.stdout.write(String(process.pid))'],
      {
        encoding: 'utf8',
      },
    ).stdout;
    const dead = path.join(event, `.clip.mp4.${deadPid}.0a1b2c3d.tmp`);
    const deadList = path.join(event, `.clip.mp4.${deadPid}.0a1b2c3d.tmp.txt`);
    const live = path.join(event, `.clip.mp4.${process.pid}.deadbeef.tmp`);
    const kept = path.join(event, 'snapshot.jpg');
    for (const f of [dead, deadList, live, kept]) writeFileSync(f, 'x'.repeat(1000));
    const removed = await removeOrphanedTempFiles(root);
    expect(removed.sort()).toEqual([dead, deadList].sort());
    expect(existsSync(live)).toBe(true);
    expect(existsSync(kept)).toBe(true);
  });
});
