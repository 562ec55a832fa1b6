import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceTruth } from '../../../helpers/evidence-truth';
import { runFileCameraLive } from '../../../helpers/live-scene-camera';
import { writeSynthTraffic, type TrafficTruth } from '../../../../tools/synth/traffic-render';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';

/**
 * A role-split camera: the main stream (1280×720) records and makes stills, a 640×360 sub-stream
 * of the same recording detects. The still and crop of each infraction must be the main-stream
 * frame the detection was made on (found from its pixels against the ground truth), with the box
 * measured on the sub-stream scaled to main pixels; the ring buffer holds the main stream copied.
 */
const ffmpeg = ffmpegBinary().path;
const SPEEDS = [40, 70, 100];
const FPS = 20;
const DETECT_FPS = 10;

describe('role-split camera: detect on the sub-stream, evidence from the main stream', () => {
  let dir: string;
  let main: string;
  let sub: string;
  let truth: TrafficTruth;
  let calibrationFile: string;
  let rulesFile: string;
  let check: EvidenceTruth;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ev-roles-'));
    const synth = await writeSynthTraffic({
      outDir: path.join(dir, 'synth'),
      ffmpegPath: ffmpeg,
      speedsKmh: SPEEDS,
      fps: FPS,
      width: 1280,
      height: 720,
      noisePx: 0.5,
      speedLimitKmh: 20,
    });
    main = synth.video;
    calibrationFile = synth.calibration;
    rulesFile = synth.rules!;
    truth = JSON.parse(readFileSync(synth.truth, 'utf8')) as TrafficTruth;
    sub = path.join(dir, 'sub.mp4');
    const r = spawnSync(ffmpeg, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      main,
      '-vf',
      'scale=640:360',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      String(FPS),
      '-pix_fmt',
      'yuv420p',
      sub,
    ]);
    expect(r.status, r.stderr?.toString()).toBe(0);
    check = await EvidenceTruth.load(ffmpeg, main, truth);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Continuous: the main leg decodes a still per detect frame. On demand (the default): the main
  // stream is only copied, and each infraction's still is decoded from the recorded segments at
  // its detect frame's timestamp.
  const offsetsBy: Partial<Record<'continuous' | 'on-demand', number>> = {};
  it.each(['continuous', 'on-demand'] as const)(
    'evidence shows the detection frame of the main stream; the ring buffer is a copy (%s stills)',
    async (decode) => {
      const dataDir = path.join(dir, `live-${decode}`);
      const cameraId = 'split';
      const config = cameraConfigSchema.parse({
        id: cameraId,
        name: cameraId,
        source: { kind: 'file', path: main, loop: false },
        streams: {
          inputs: [{ source: { kind: 'file', path: sub, loop: false }, roles: ['detect'] }],
          detectFps: DETECT_FPS,
        },
        analysis: { fps: 5 },
        preview: { fps: 5, width: 320 },
        stills: { maxWidth: 0, decode },
        buffer: { seconds: 60 },
      });
      const {
        events,
        failures,
        detections: dets,
        ...run
      } = await runFileCameraLive({
        config,
        calibrationFile,
        rulesFile,
        dataDir,
        ffmpegPath: ffmpeg,
      });
      expect(run.ffmpegProcesses).toBe(2);
      expect(run.stillsOnDemand).toBe(decode === 'on-demand');

      // Detections are reported in main-stream pixels.
      expect(dets.length).toBeGreaterThan(0);
      expect(dets.every((d) => d.width === 1280 && d.height === 720)).toBe(true);
      expect(failures).toEqual([]);
      expect(events.length).toBeGreaterThanOrEqual(1);
      const root = path.join(dataDir, 'evidence');
      const rows: Array<{ frameId: number; shown: number; iou: number }> = [];
      for (const e of events) {
        expect(e.snapshotMissing, `event ${e.id}`).toBeUndefined();
        expect(e.snapshotFrameId).toBe(e.frameId);
        const snap = e.evidence.find((f) => f.kind === 'snapshot')!;
        const crop = e.evidence.find((f) => f.kind === 'crop')!;
        const meta = await sharp(path.join(root, snap.path)).metadata();
        expect([meta.width, meta.height]).toEqual([1280, 720]);
        const shown = await check.frameShownByCrop(readFileSync(path.join(root, crop.path)), e.box);
        rows.push({ frameId: e.frameId!, shown, iou: check.vehicleAt(shown, e.box).iou });
      }
      console.log(JSON.stringify(rows));
      // 20 fps main, 10 fps detect: frameId n is main frame 2n + k, the same k for every event
      // (the frame the detection was made on, not a neighbour).
      const offsets = new Set(rows.map((r) => r.shown - (FPS / DETECT_FPS) * r.frameId));
      expect(offsets.size, JSON.stringify(rows)).toBe(1);
      // On demand (decoded from the recording) shows the same main frame as decoding all along.
      offsetsBy[decode] = [...offsets][0];
      if (decode === 'on-demand' && offsetsBy.continuous !== undefined)
        expect(offsetsBy['on-demand']).toBe(offsetsBy.continuous);
      for (const r of rows) expect(r.iou, JSON.stringify(r)).toBeGreaterThanOrEqual(0.5);

      // The record role: the main stream copied (H.264 at main size, the source's own encoder
      // settings, not the ring buffer encoder's).
      // ffmpeg's own banner (the bundled ffprobe does not run everywhere): `Video: h264 (High), …, 1280x720`.
      const probe = (f: string): string | undefined => {
        const banner = spawnSync(ffmpeg, ['-hide_banner', '-nostdin', '-i', f]).stderr.toString();
        const m = /Video: (\w+) \(([^)]+)\).*?, (\d+)x(\d+)/.exec(banner);
        return m ? `${m[1]},${m[2]},${m[3]},${m[4]}` : undefined;
      };
      const bufferDir = path.join(dataDir, 'buffer', cameraId);
      const segs = readdirSync(bufferDir)
        .filter((f) => f.endsWith('.ts'))
        .sort();
      expect(segs.length).toBeGreaterThan(0);
      const first = segs.map((f) => path.join(bufferDir, f)).find((f) => probe(f) !== undefined)!;
      // Same codec, profile and size as the main stream: the ring buffer's own encoder would make
      // Constrained Baseline (ultrafast), the source is High.
      expect(probe(first)).toBe(probe(main));
      expect(probe(first)).toMatch(/^h264,High,1280,720$/);
      if (decode === 'on-demand') {
        // No still was decoded while streaming: only the infractions' frames, from the recording.
        expect(run.streamedStills).toBe(0);
        expect(readdirSync(bufferDir)).toContain('segments.csv');
      } else expect(run.streamedStills).toBeGreaterThan(0);
    },
    240_000,
  );
});
