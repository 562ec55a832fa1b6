import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';
import { repoRoot } from '../../../helpers/fixtures';
import { writeSynthTraffic, type TrafficTruth } from '../../../../tools/synth/traffic-render';
import { motionDetectionFrames } from '../../../../tools/synth/speed-check';
import { decodeRawFrames } from '../../../../tools/synth/ffmpeg-frames';
import { SceneAnalyzer } from '../../../../inference/vision/scene/scene-analyzer';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import { analyzeRecording } from '../../../../inference/worker/evidence/analyze-recording';
import { calibrationConfigSchema } from '../../../../electron/shared/config/calibration';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import {
  infractionEventSchema,
  type InfractionEvent,
} from '../../../../electron/shared/domain/infraction';

const ffmpeg = ffmpegInstaller.path;
const ffprobe = ffprobeInstaller.path;

function verifyCli(root: string): { code: number; out: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'electron/host/cli/main.ts', 'verify-evidence', root],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

async function grayFrames(file: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const f of decodeRawFrames(ffmpeg, file, { width: 160, height: 90 })) out.push(f);
  return out;
}

describe('synthetic scene end to end: video → motion → tracking → speed rule → evidence', () => {
  let dir: string;
  let truth: TrafficTruth;
  let events: InfractionEvent[];
  let evidenceRoot: string;
  let video: string;
  const LIMIT = 80;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scene-e2e-'));
    const synth = await writeSynthTraffic({
      outDir: path.join(dir, 'synth'),
      ffmpegPath: ffmpeg,
      speedsKmh: [110, 50],
      roadLengthM: 40,
      noisePx: 0.5,
      speedLimitKmh: LIMIT,
    });
    video = synth.video;
    truth = JSON.parse(readFileSync(synth.truth, 'utf8'));
    const calibration = calibrationConfigSchema.parse(
      JSON.parse(readFileSync(synth.calibration, 'utf8')),
    );
    const rules = ruleSetSchema.parse(JSON.parse(readFileSync(synth.rules!, 'utf8')));
    const frames = await motionDetectionFrames(ffmpeg, video, {
      width: truth.width,
      height: truth.height,
      fps: truth.fps,
    });
    evidenceRoot = path.join(dir, 'evidence');
    const analyzer = new SceneAnalyzer({
      cameraId: 'synth-cam',
      calibration,
      rules,
      timeOriginMs: Date.UTC(2026, 0, 15, 12),
    });
    const writer = new EvidenceWriter({
      root: evidenceRoot,
      cameraId: 'synth-cam',
      ffmpegPath: ffmpeg,
      clipBeforeSec: 2,
      clipAfterSec: 1,
    });
    events = await analyzeRecording(
      frames.map((f, i) => ({
        cameraId: 'synth-cam',
        frameId: i,
        ts: f.ts,
        width: truth.width,
        height: truth.height,
        detections: f.detections,
      })),
      { analyzer, writer, sourceFile: video },
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the car above the limit yields exactly one speed infraction; the car below yields none', () => {
    expect(events).toHaveLength(1);
    const e = infractionEventSchema.parse(events[0]);
    expect(e.type).toBe('speed');
    expect(e.measured.limitKmh).toBe(LIMIT);
    expect(Math.abs(e.measured.speedKmh - 110)).toBeLessThanOrEqual(Math.max(2, 0.03 * 110));
    // The flagged box is the fast car's (IoU with its truth box on that frame).
    const fast = truth.vehicles.find((v) => v.speedKmh === 110)!;
    const tsSec = (e.occurredAt - Date.UTC(2026, 0, 15, 12)) / 1000;
    const tf = fast.frames.find((f) => Math.abs(f.tSec - tsSec) < 0.021)!;
    expect(tf).toBeDefined();
    expect(Math.abs(tf.box[3] - e.box.y2)).toBeLessThan(4);
    expect(e.evidence.map((f) => f.kind).sort()).toEqual(['clip', 'crop', 'snapshot']);
  });

  it('the clip is playable and starts before the event (ffprobe, decode, frame matching)', async () => {
    const e = events[0];
    const clip = path.join(evidenceRoot, e.evidence.find((f) => f.kind === 'clip')!.path);
    const probe = JSON.parse(
      execFileSync(
        ffprobe,
        [
          '-v',
          'error',
          '-show_entries',
          'format=duration,format_name:stream=codec_name,nb_frames',
          '-of',
          'json',
          clip,
        ],
        { encoding: 'utf8' },
      ),
    );
    expect(Number(probe.format.duration)).toBeGreaterThan(0.5);
    expect(probe.streams[0].codec_name).toBe('h264');
    const decode = spawnSync(ffmpeg, ['-v', 'error', '-i', clip, '-f', 'null', '-'], {
      encoding: 'utf8',
    });
    expect(decode.status).toBe(0);
    expect(decode.stderr.trim()).toBe('');

    // Which source frame does the clip open on? Every synthetic frame is distinct.
    const tsSec = (e.occurredAt - Date.UTC(2026, 0, 15, 12)) / 1000;
    const src = await grayFrames(video);
    const first = (await grayFrames(clip))[0];
    let best = -1;
    let bestSad = Infinity;
    src.forEach((f, i) => {
      let sad = 0;
      for (let k = 0; k < f.length; k++) sad += Math.abs(f[k] - first[k]);
      if (sad < bestSad) [bestSad, best] = [sad, i];
    });
    const clipStartSec = best / truth.fps;
    expect(clipStartSec).toBeLessThanOrEqual(tsSec);
    expect(clipStartSec + Number(probe.format.duration)).toBeGreaterThan(tsSec);
  });

  it('writes an annotated snapshot and a crop of the vehicle', () => {
    const e = events[0];
    const snap = readFileSync(
      path.join(evidenceRoot, e.evidence.find((f) => f.kind === 'snapshot')!.path),
    );
    const crop = readFileSync(
      path.join(evidenceRoot, e.evidence.find((f) => f.kind === 'crop')!.path),
    );
    expect(snap.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(crop.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const probe = (file: Buffer) => {
      const p = path.join(dir, `probe-${Math.random()}.jpg`);
      writeFileSync(p, file);
      return JSON.parse(
        execFileSync(
          ffprobe,
          ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'json', p],
          { encoding: 'utf8' },
        ),
      ).streams[0];
    };
    expect(probe(snap)).toEqual({ width: truth.width, height: truth.height });
    const c = probe(crop);
    expect(c.width).toBeGreaterThanOrEqual(Math.floor(e.box.x2 - e.box.x1));
    expect(c.width).toBeLessThan(truth.width);
  });

  it('verify-evidence passes on the intact store and names a tampered file', () => {
    const ok = verifyCli(evidenceRoot);
    expect(ok.out).toMatch(/^OK: 1 camera\(s\), 1 event\(s\), 3 file\(s\)/m);
    expect(ok.code).toBe(0);

    const snapRel = events[0].evidence.find((f) => f.kind === 'snapshot')!.path;
    const snapPath = path.join(evidenceRoot, snapRel);
    const original = readFileSync(snapPath);
    const altered = Buffer.from(original);
    altered[altered.length >> 1] ^= 0xff;
    writeFileSync(snapPath, altered);
    const bad = verifyCli(evidenceRoot);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`snapshot file ${snapRel} of event ${events[0].id} was altered`);

    writeFileSync(snapPath, original);
    const cropRel = events[0].evidence.find((f) => f.kind === 'crop')!.path;
    rmSync(path.join(evidenceRoot, cropRel));
    const missing = verifyCli(evidenceRoot);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(`missing crop file ${cropRel}`);
    expect(existsSync(snapPath)).toBe(true);
  });
});
