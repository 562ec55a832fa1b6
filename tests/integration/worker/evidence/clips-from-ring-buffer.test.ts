import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import { verifyEvidenceStore } from '../../../../inference/worker/evidence/verify';
import { sha256Hex } from '../../../../inference/worker/evidence/chain';
import { materializeClip } from '../../../../inference/worker/evidence/clip-store';
import { writeRingBuffer, zoneIntrusionAt } from '../../../helpers/ring-buffer-fixture';

const ffmpeg = ffmpegInstaller.path;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const infraction = (occurredAt: number) =>
  zoneIntrusionAt('cam-ring', occurredAt, {
    ruleVersion: 2,
    annotation: {
      label: '#4 person 3.0 s',
      zone: [
        [50, 50],
        [300, 50],
        [300, 200],
        [50, 200],
      ],
    },
  });

describe('EvidenceWriter with the on-disk ring buffer', () => {
  it('cuts a clip from the MPEG-TS segments around the event (stored once, played as one MP4), chains events, writes atomically', async () => {
    // A 12 s H.264 source cut into 1 s segments named seg-<unixSeconds>.ts, as the ingest writes them.
    const T0 = 1_760_000_000;
    const ring = writeRingBuffer(path.join(dir, 'ring'), {
      ffmpeg,
      seconds: 12,
      t0: T0,
      viaFile: path.join(dir, 'src.mp4'),
    });

    const root = path.join(dir, 'store');
    const writer = new EvidenceWriter({
      root,
      cameraId: 'cam-ring',
      ffmpegPath: ffmpeg,
      clipBeforeSec: 3,
      clipAfterSec: 2,
      ringWaitTimeoutMs: 500,
    });
    const ev1 = await writer.write(infraction((T0 + 6.5) * 1000), { ringBufferDir: ring });
    expect(writer.lastClip!.startSec).toBeLessThanOrEqual(T0 + 3.5);
    // The clip is a manifest over the camera's shared segments; it plays as one MP4.
    const manifest = ev1.evidence.find((e) => e.kind === 'clip')!;
    expect(manifest.mime).toBe('application/vnd.watcher.clip+json');
    const clip = path.join(dir, 'ev1.mp4');
    expect((await materializeClip(root, manifest, ffmpeg, clip)).integrity).toBe('ok');
    const dur = Number(
      execFileSync(
        ffprobeInstaller.path,
        ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', clip],
        { encoding: 'utf8' },
      ),
    );
    // Segments 3..8 (t−3 … t+2 rounded out to segment bounds): about 6 s.
    expect(dur).toBeGreaterThanOrEqual(5);
    expect(dur).toBeLessThanOrEqual(7.5);
    const segments = ev1.evidence.filter((e) => e.kind === 'clip-segment');
    // Segments 3..8: six of them, each under the camera's content-addressed segment store.
    expect(segments).toHaveLength(6);
    for (const s of segments) expect(s.path).toBe(`cam-ring/segments/${s.sha256}.ts`);
    expect(ev1.evidence.map((e) => e.kind)).toEqual([
      'clip',
      ...segments.map(() => 'clip-segment'),
      'snapshot',
      'crop',
    ]);
    for (const f of ev1.evidence)
      expect(sha256Hex(readFileSync(path.join(root, f.path)))).toBe(f.sha256);
    expect(ev1.prevHash).toBe('0'.repeat(64));

    // A second writer (e.g. after a restart) continues the chain from the log.
    const writer2 = new EvidenceWriter({
      root,
      cameraId: 'cam-ring',
      ffmpegPath: ffmpeg,
      clipBeforeSec: 1,
      clipAfterSec: 1,
      ringWaitTimeoutMs: 500,
    });
    const ev2 = await writer2.write(infraction((T0 + 9.2) * 1000), {
      ringBufferDir: ring,
      frameJpeg: readFileSync(
        path.join(root, ev1.evidence.find((e) => e.kind === 'snapshot')!.path),
      ),
    });
    expect(ev2.prevHash).toBe(ev1.hash);
    // Overlapping clips share their segments: each segment is on disk once.
    const seg2 = ev2.evidence.filter((e) => e.kind === 'clip-segment').map((e) => e.path);
    const union = new Set([...segments.map((s) => s.path), ...seg2]);
    expect(union.size).toBeLessThan(segments.length + seg2.length);
    expect(readdirSync(path.join(root, 'cam-ring', 'segments')).sort()).toEqual(
      [...union].map((p) => path.basename(p)).sort(),
    );

    // No temp files are left behind.
    const leftovers = execFileSync('find', [root, '-name', '*.tmp*'], { encoding: 'utf8' }).trim();
    expect(leftovers).toBe('');
    const report = await verifyEvidenceStore(root);
    expect(report).toMatchObject({
      ok: true,
      cameras: 1,
      events: 2,
      files: ev1.evidence.length + ev2.evidence.length,
    });

    // Editing the log (a lower speed, a different class…) is caught by the chain.
    const log = path.join(root, 'cam-ring', 'events.jsonl');
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const first = JSON.parse(lines[0]);
    first.classLabel = 'dog';
    execFileSync('sh', ['-c', `cat > ${JSON.stringify(log)}`], {
      input: [JSON.stringify(first), lines[1], ''].join('\n'),
    });
    const tampered = await verifyEvidenceStore(root);
    expect(tampered.ok).toBe(false);
    expect(tampered.problems).toEqual([
      expect.objectContaining({ code: 'evidence.error.eventHash', eventId: ev1.id }),
    ]);
  });
});

describe('EvidenceWriter after a crash mid-append', () => {
  it('continues the chain past a torn last line, which verify-evidence still reports', async () => {
    const { appendFileSync } = await import('node:fs');
    const sharp = (await import('sharp')).default;
    const frame = await sharp({
      create: { width: 320, height: 180, channels: 3, background: '#555' },
    })
      .jpeg()
      .toBuffer();
    const root = path.join(dir, 'torn');
    const w1 = new EvidenceWriter({ root, cameraId: 'cam-ring', ffmpegPath: ffmpeg });
    const a = await w1.write(infraction(1_760_000_000_000), { frameJpeg: frame });
    expect(a.evidence.map((e) => e.kind)).toEqual(['snapshot', 'crop']);
    appendFileSync(path.join(root, 'cam-ring', 'events.jsonl'), '{"id":"half-writ');
    const w2 = new EvidenceWriter({ root, cameraId: 'cam-ring', ffmpegPath: ffmpeg });
    const b = await w2.write(infraction(1_760_000_001_000), { frameJpeg: frame });
    expect(b.prevHash).toBe(a.hash);
    const report = await verifyEvidenceStore(root);
    expect(report.events).toBe(2);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'evidence.error.parse', line: 2 }),
    ]);
  });
});
