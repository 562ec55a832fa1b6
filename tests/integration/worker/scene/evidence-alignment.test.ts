import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../helpers/fixtures';
import { EvidenceTruth } from '../../../helpers/evidence-truth';
import { runFileCameraLive } from '../../../helpers/live-scene-camera';
import { writeSynthTraffic, type TrafficTruth } from '../../../../tools/synth/traffic-render';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import {
  infractionEventSchema,
  type InfractionEvent,
} from '../../../../electron/shared/domain/infraction';
import {
  EVENTS_FILE,
  EvidenceWriter,
  SNAPSHOT_STILL_MISSING,
} from '../../../../inference/worker/evidence/evidence-writer';
import { verifyEvidenceStore } from '../../../../inference/worker/evidence/verify';

/**
 * The snapshot, the crop and the stored box of an infraction come from one and the same frame,
 * checked against the synthetic ground truth (truth.json: every vehicle's box on every frame).
 * Which frame a snapshot shows is found from its pixels (the crop matched against every decoded
 * frame of the video), not taken from the event, and must be the frame the event names.
 */
const ffmpeg = ffmpegBinary().path;
const SPEEDS = [30, 50, 80, 110, 130];
/** 30 fps: frame times are not whole milliseconds, so a seek by time can land on a neighbour. */
const FPS = 30;

interface Row {
  speedKmh: number;
  frameId: number;
  /** Index (from 0) of the video frame the crop shows. */
  shown: number;
  iou: number;
}

describe('evidence shows the frame its box was measured on (synthetic ground truth)', () => {
  let dir: string;
  let video: string;
  let truth: TrafficTruth;
  let calibrationFile: string;
  let rulesFile: string;
  let check: EvidenceTruth;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ev-align-'));
    const synth = await writeSynthTraffic({
      outDir: path.join(dir, 'synth'),
      ffmpegPath: ffmpeg,
      speedsKmh: SPEEDS,
      fps: FPS,
      noisePx: 0.5,
      // Low enough that every vehicle is over it.
      speedLimitKmh: 20,
    });
    video = synth.video;
    calibrationFile = synth.calibration;
    rulesFile = synth.rules!;
    truth = JSON.parse(readFileSync(synth.truth, 'utf8')) as TrafficTruth;
    check = await EvidenceTruth.load(ffmpeg, video, truth);
    expect(check.frames).toBe(truth.frames);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Per event: the frame its pictures show and the IoU of its box with the truth there. */
  async function alignment(root: string, events: InfractionEvent[]): Promise<Row[]> {
    const rows: Row[] = [];
    for (const e of events) {
      expect(e.snapshotMissing, `event ${e.id}`).toBeUndefined();
      expect(e.frameId, `event ${e.id} records its frame`).toBeDefined();
      expect(e.snapshotFrameId, `event ${e.id}: snapshot of the box's own frame`).toBe(e.frameId);
      const snap = e.evidence.find((f) => f.kind === 'snapshot');
      const crop = e.evidence.find((f) => f.kind === 'crop');
      expect(snap && crop, `event ${e.id} has snapshot and crop`).toBeTruthy();
      const meta = await sharp(path.join(root, snap!.path)).metadata();
      // Source resolution, not a preview.
      expect([meta.width, meta.height]).toEqual([truth.width, truth.height]);
      const shown = await check.frameShownByCrop(readFileSync(path.join(root, crop!.path)), e.box);
      const best = check.vehicleAt(shown, e.box);
      rows.push({ speedKmh: best.speedKmh, frameId: e.frameId!, shown, iou: best.iou });
    }
    return rows;
  }

  function expectAligned(rows: Row[], what: string): void {
    const ious = rows.map((r) => r.iou).sort((a, b) => a - b);
    const median = ious[Math.floor((ious.length - 1) / 2)];
    console.log(
      `${what}: IoU median ${median.toFixed(3)}, worst ${ious[0].toFixed(3)}\n` +
        rows
          .map(
            (r) =>
              `  ${String(r.speedKmh).padStart(3)} km/h  frameId ${r.frameId}  shows video frame ${r.shown}  IoU ${r.iou.toFixed(3)}`,
          )
          .join('\n'),
    );
    expect(median).toBeGreaterThanOrEqual(0.8);
    expect(ious[0]).toBeGreaterThanOrEqual(0.5);
  }

  it('watcher analyze --calibration --rules: every event, 30 to 130 km/h', async () => {
    const root = path.join(dir, 'analyze-evidence');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'electron/host/cli/main.ts',
        'analyze',
        video,
        '--calibration',
        calibrationFile,
        '--rules',
        rulesFile,
        '--evidence-dir',
        root,
        '--camera-id',
        'synth',
        '--out',
        path.join(dir, 'analyze.jsonl'),
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const events = readFileSync(path.join(root, 'synth', EVENTS_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => infractionEventSchema.parse(JSON.parse(l)));
    const rows = await alignment(root, events);
    // Each vehicle once, each event on its own vehicle.
    expect(rows.map((x) => x.speedKmh).sort((a, b) => a - b)).toEqual(SPEEDS);
    // Every frame is analysed: frameId n is the video's n-th frame, and that is what is shown.
    for (const row of rows) expect(row.shown, `frameId ${row.frameId}`).toBe(row.frameId - 1);
    expectAligned(rows, 'analyze');
    expect((await verifyEvidenceStore(root)).problems).toEqual([]);
  });

  it('live camera stage: file at its own pace, analysis 10 fps, preview 4 fps, stills at source resolution', async () => {
    const dataDir = path.join(dir, 'live');
    const cameraId = 'live-synth';
    const config = cameraConfigSchema.parse({
      id: cameraId,
      name: cameraId,
      source: { kind: 'file', path: video, loop: false },
      analysis: { fps: 10 },
      preview: { fps: 4, width: 320 },
      stills: { maxWidth: 0 },
      buffer: { seconds: 0 },
    });
    const { events, failures } = await runFileCameraLive({
      config,
      calibrationFile,
      rulesFile,
      dataDir,
      ffmpegPath: ffmpeg,
    });

    expect(failures).toEqual([]);
    // Speeds come from wall-clock frame times here, so not every vehicle need fire; most do.
    expect(events.length).toBeGreaterThanOrEqual(2);
    const root = path.join(dataDir, 'evidence');
    const rows = await alignment(root, events);
    expect(new Set(rows.map((x) => x.speedKmh)).size).toBe(rows.length);
    // 30 fps resampled to 10: each frameId is every third video frame, the same offset for all.
    const offsets = new Set(rows.map((x) => x.shown - (FPS / 10) * x.frameId));
    expect(offsets.size, JSON.stringify(rows)).toBe(1);
    expectAligned(rows, 'live');
    expect((await verifyEvidenceStore(root)).problems).toEqual([]);
  });

  it('a still that never comes: no snapshot or crop of another frame, and the event says so', async () => {
    const root = path.join(dir, 'missing');
    const writer = new EvidenceWriter({ root, cameraId: 'cam', ffmpegPath: ffmpeg });
    const event = await writer.write(
      {
        type: 'speed',
        category: 'traffic',
        cameraId: 'cam',
        ruleId: 'speed-limit',
        ruleVersion: 1,
        occurredAt: Date.UTC(2026, 0, 15, 12),
        trackId: 3,
        classLabel: 'car',
        measured: { speedKmh: 90, limitKmh: 60 },
        confidence: 0.9,
        box: { x1: 10, y1: 10, x2: 60, y2: 50 },
        frameId: 42,
        tsMs: 4200,
        annotation: { label: '#3 90 km/h > 60' },
      },
      {
        // A frame was at hand, but not the one the rule fired on.
        frameJpeg: await sharp({
          create: { width: 64, height: 64, channels: 3, background: '#808080' },
        })
          .jpeg()
          .toBuffer(),
        exactFrame: Promise.resolve(undefined),
      },
    );
    expect(event.frameId).toBe(42);
    expect(event.snapshotFrameId).toBeUndefined();
    expect(event.snapshotMissing).toBe(SNAPSHOT_STILL_MISSING);
    expect(event.evidence.filter((f) => f.kind === 'snapshot' || f.kind === 'crop')).toEqual([]);
    expect((await verifyEvidenceStore(root)).problems).toEqual([]);
  });
});
