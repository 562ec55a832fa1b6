import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { reattachEnabled } from '../../../../electron/shared/config/second-stage';
import type { FrameDetections } from '../../../../electron/shared/domain/detection';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { inferenceSettingsSchema } from '../../../../electron/shared/protocol/worker-protocol';
import { identityFigures } from '../../../../inference/vision/reid/identity-figures';
import { liveReattachOptions } from '../../../../inference/vision/reid/live-reattach';
import { RateLimiter } from '../../../../inference/vision/reid/second-stage-scheduler';
import { CameraPipeline } from '../../../../inference/worker/camera-pipeline';
import { EngineCache } from '../../../../inference/worker/detector/model-resolver';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { SecondStageRunner } from '../../../../inference/worker/reid/second-stage-runner';
import { CameraSceneStage } from '../../../../inference/worker/scene/camera-scene';
import { fixtures, sharedFixture } from '../../../helpers/fixtures';

const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const yolo = fixtures.yolov8n();
const video = fixtures.video('one-by-one-person-detection.mp4');
const PEOPLE = 6;
const FPS = 5;
/** As `watcher eval-reid --occlude 8000:2500`: the last 2.5 s of every 8 s have no detections. */
const OCCLUDE = { everyMs: 8000, forMs: 2500 };

interface Run {
  ids: Array<{ tsMs: number; ids: number[] }>;
  tracks: FinishedTrack[];
}

/**
 * The worker's live camera wiring (as worker-main builds it) on the one-by-one fixture: the file
 * camera through ffmpeg and the real detector, previews to the second stage's real
 * re-identification embedder, tracking, re-attachment and the track history in the camera stage.
 * The same detections, occluded as eval-reid does, also go to a stage without re-identification,
 * and unoccluded to a third (the people's presence, the truth for wrong merges). Frames are
 * stamped with their media time (5 fps), so the occlusion is the same however loaded the machine.
 */
describe.skipIf(!(reid && yolo && video))('re-attachment in the live worker camera stage', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-live-reid-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the occluded people keep their ids: fewer distinct ids than without, none shared by two people', async () => {
    const config = cameraConfigSchema.parse({
      id: 'people',
      name: 'People',
      source: { kind: 'file', path: video!, loop: false },
      analysis: { fps: FPS, width: 416, height: 416 },
      detector: {
        kind: 'onnx',
        modelId: yolo!,
        classes: ['person'],
        scoreThreshold: 0.3,
        motionGate: false,
      },
      secondStage: {
        models: [{ model: reid!, task: 'embed', classes: ['person'], minIntervalSec: 1 }],
        maxRunsPerSec: 8,
      },
    });
    expect(reattachEnabled(config.secondStage)).toBe(true);
    const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };
    const runner = new SecondStageRunner({
      cameraId: config.id,
      config: config.secondStage,
      modelsDir: '.',
      inference: cpu,
      log: () => undefined,
      workerLimiter: new RateLimiter(20),
    });
    const stage = (o: { secondStage?: SecondStageRunner; reid: boolean }) => {
      const run: Run = { ids: [], tracks: [] };
      const s = new CameraSceneStage({
        cameraId: config.id,
        scene: undefined,
        dataDir: dir,
        ffmpegPath: ffmpegBinary().path,
        onEvent: (e) => {
          if (e.kind === 'track') run.tracks.push(e.track);
        },
        log: () => undefined,
        ...(o.secondStage ? { secondStage: o.secondStage } : {}),
        ...(o.reid ? { reattach: liveReattachOptions(config.secondStage.reattach) } : {}),
      });
      return { s, run };
    };
    const withReid = stage({ secondStage: runner, reid: true });
    const without = stage({ reid: false });
    const truth = stage({ reid: false });
    const engines = new EngineCache(path.join(dir, 'models'), inferenceSettingsSchema.parse({}));
    let endOfFile = (): void => {};
    const ended = new Promise<void>((resolve) => (endOfFile = resolve));
    let n = 0;
    const feed = (target: ReturnType<typeof stage>, d: FrameDetections) =>
      target.run.ids.push({
        tsMs: d.ts,
        ids: target.s.process(d).flatMap((x) => (x.trackId !== undefined ? [x.trackId] : [])),
      });
    const pipeline = new CameraPipeline(
      config,
      {
        ffmpegPath: ffmpegBinary().path,
        engines,
        dataDir: dir,
        preview: true,
        realtime: false,
        reconnect: false,
        backpressure: true,
      },
      {
        status: () => {},
        log: () => {},
        preview: (f) => withReid.s.rememberPreview(f),
        detections: (d) => {
          const ts = (n++ * 1000) / FPS;
          const frame = { ...d, ts, detections: d.detections.filter((x) => x.label === 'person') };
          const hidden = ts % OCCLUDE.everyMs >= OCCLUDE.everyMs - OCCLUDE.forMs;
          const occluded = hidden ? { ...frame, detections: [] } : frame;
          feed(withReid, occluded);
          feed(without, occluded);
          feed(truth, frame);
        },
        end: () => endOfFile(),
      },
    );
    try {
      await pipeline.start();
      await ended;
    } finally {
      pipeline.stop();
      await runner.idle();
      for (const x of [withReid, without, truth]) x.s.stop();
      await runner.close();
      await engines.closeAll();
    }

    // The people's presence: runs of frames with someone in them (they pass one at a time).
    const present = truth.run.ids.filter((f) => f.ids.length > 0).map((f) => f.tsMs);
    const people: Array<[number, number]> = [];
    for (const t of present)
      if (people.length && t - people[people.length - 1][1] <= 3000)
        people[people.length - 1][1] = t;
      else people.push([t, t]);
    const personAt = (t: number) => people.findIndex(([a, b]) => t >= a - 1000 && t <= b + 1000);
    const a = identityFigures(without.run.ids, PEOPLE);
    const b = identityFigures(withReid.run.ids, PEOPLE);
    const spans = (x: typeof a) =>
      x.ids.map((i) => `${i.id}:${(i.firstMs / 1000).toFixed(1)}–${(i.lastMs / 1000).toFixed(1)}s`);
    console.log(
      JSON.stringify({
        frames: n,
        people: people.map(([p, q]) => `${(p / 1000).toFixed(1)}–${(q / 1000).toFixed(1)}s`),
        withoutReid: { distinct: a.distinctIds, excess: a.excessIds, ids: spans(a) },
        withReid: { distinct: b.distinctIds, excess: b.excessIds, ids: spans(b) },
        reattached: withReid.s.reattached,
        embeddingRuns: runner.runs,
        historyRows: {
          withoutReid: without.run.tracks.length,
          withReid: withReid.run.tracks.length,
        },
      }),
    );
    expect(people).toHaveLength(PEOPLE);
    expect(withReid.s.reattached).toBeGreaterThan(0);
    expect(b.distinctIds).toBeLessThan(a.distinctIds);
    // No wrong merge: every id of the re-identified run stays within one person's presence.
    for (const id of b.ids) expect(personAt(id.firstMs)).toBe(personAt(id.lastMs));
    // One history row per reported id, each with its embedding; fewer rows than without.
    expect(new Set(withReid.run.tracks.map((t) => t.trackId)).size).toBe(
      withReid.run.tracks.length,
    );
    expect(withReid.run.tracks.length).toBeLessThan(without.run.tracks.length);
    expect(withReid.run.tracks.filter((t) => t.appearance).length).toBeGreaterThan(0);
  }, 900_000);
});
