import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';
import { TrackHistoryRepo } from '../../../../electron/host/store/track-history';
import { secondStageConfigSchema } from '../../../../electron/shared/config/second-stage';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { workerToHostSchema } from '../../../../electron/shared/protocol/worker-protocol';
import { ImageDetector } from '../../../../inference/worker/detector/image-detector';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { SecondStageRunner } from '../../../../inference/worker/reid/second-stage-runner';
import { CameraSceneStage } from '../../../../inference/worker/scene/camera-scene';
import { RateLimiter } from '../../../../inference/vision/reid/second-stage-scheduler';
import { fixtures, sharedFixture } from '../../../helpers/fixtures';

const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const mobilenet = sharedFixture('models/mobilenetv2-7-wint8.onnx');
const labels = sharedFixture('models/imagenet_classes.txt');
const yolo = fixtures.yolov8n();
const video = sharedFixture('fixtures/video/one-by-one-person-detection.mp4');
const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };
const W = 768;
const H = 432;

/** `n` decoded frames of the fixture video from `fromS`, at 5 fps. */
function framesFrom(fromS: number, n: number): Uint8Array[] {
  const data = execFileSync(
    ffmpegBinary().path,
    [
      '-v',
      'error',
      '-ss',
      String(fromS),
      '-i',
      video!,
      '-vf',
      'fps=5',
      '-frames:v',
      String(n),
    ].concat(['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']),
    { maxBuffer: 1 << 28 },
  );
  const size = W * H * 3;
  return Array.from(
    { length: Math.floor(data.length / size) },
    (_, i) => new Uint8Array(data.subarray(i * size, (i + 1) * size)),
  );
}

/**
 * The worker's camera stage with second-stage models (the real re-identification embedder and the
 * real MobileNetV2 classifier) on real footage: real detections tracked, previews (smaller than
 * the analysis frames) as the pictures, finished tracks carrying labels and the appearance
 * embedding through the worker protocol's schema into the host's track history, where the search
 * by appearance finds the same person first.
 */
describe.skipIf(!(reid && mobilenet && labels && yolo && video))(
  'second-stage models from the worker stage to the host store',
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-second-stage-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('stores labels and an embedding per track; same person ranks above another', async () => {
      const detector = await ImageDetector.open(yolo!, {
        modelsDir: '.',
        inference: cpu,
        scoreThreshold: 0.3,
        multiLabel: false,
      });
      const runner = new SecondStageRunner({
        cameraId: 'cam-1',
        config: secondStageConfigSchema.parse({
          models: [
            { model: reid!, task: 'embed', classes: ['person'], minIntervalSec: 1 },
            {
              model: mobilenet!,
              task: 'classify',
              classes: ['person'],
              minIntervalSec: 1,
              minScore: 0,
            },
          ],
          maxRunsPerSec: 50,
        }),
        modelsDir: '.',
        inference: cpu,
        log: () => undefined,
        workerLimiter: new RateLimiter(50),
      });
      const events: unknown[] = [];
      const scene = new CameraSceneStage({
        cameraId: 'cam-1',
        scene: undefined,
        dataDir: dir,
        ffmpegPath: ffmpegBinary().path,
        onEvent: (e) => events.push(e),
        log: () => undefined,
        secondStage: runner,
      });
      // Person 1 from 9 s, then (after the tracker's end time) person 2 from 28 s, then person 1's
      // own later frames are not needed: two tracks of different people and the search between.
      const clips = [
        { fromS: 9, frames: framesFrom(9, 10), t0: 0 },
        { fromS: 28, frames: framesFrom(28, 10), t0: 10_000 },
        { fromS: 15, frames: framesFrom(15, 10), t0: 20_000 },
      ];
      let frameId = 0;
      try {
        for (const clip of clips) {
          // The frames between clips show nobody: the tracker and the recorder end the track.
          for (let ts = clip.t0 - 5000; clip.t0 > 0 && ts < clip.t0; ts += 200)
            scene.process({
              cameraId: 'cam-1',
              frameId: ++frameId,
              ts,
              width: W,
              height: H,
              detections: [],
            });
          for (let i = 0; i < clip.frames.length; i++) {
            const rgb = clip.frames[i];
            const ts = clip.t0 + i * 200;
            const id = ++frameId;
            const dets = (
              await detector.detect({ width: W, height: H, data: rgb })
            ).detections.filter((d) => d.label === 'person');
            const jpeg = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
              .resize(640)
              .jpeg()
              .toBuffer();
            scene.rememberPreview({ frameId: id, width: 640, height: 360, jpeg });
            scene.process({
              cameraId: 'cam-1',
              frameId: id,
              ts,
              width: W,
              height: H,
              detections: dets,
            });
            await runner.idle();
          }
        }
        scene.stop();
      } finally {
        await detector.close();
        await runner.close();
      }
      const tracks = events
        .filter(
          (e): e is { kind: 'track'; track: FinishedTrack } =>
            (e as { kind: string }).kind === 'track',
        )
        .map((e) => e.track);
      console.log(
        JSON.stringify(
          tracks.map((t) => [
            t.trackId,
            t.firstSeen,
            t.lastSeen,
            t.frames,
            !!t.appearance,
            t.labels,
          ]),
        ),
      );
      expect(tracks.length).toBeGreaterThanOrEqual(3);
      for (const t of tracks) {
        // What the worker sends is what the host accepts.
        expect(
          workerToHostSchema.safeParse({
            type: 'event',
            cameraId: 'cam-1',
            event: { kind: 'track', track: t },
          }).success,
        ).toBe(true);
        expect(t.appearance?.vector).toHaveLength(256);
        expect(t.appearance?.cropJpeg).toBeTruthy();
        expect(t.labels?.length).toBeGreaterThan(0);
      }
      expect(runner.runs).toBeGreaterThan(0);

      const store = ControlRoomStore.open({
        file: path.join(dir, 'watcher.db'),
        secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
      });
      try {
        const repo = new TrackHistoryRepo(store);
        repo.insert(tracks);
        const rows = repo.list({ cameraId: 'cam-1', from: -1, to: 1e9 });
        expect(rows.every((r) => r.embeddingRef?.startsWith('emb:'))).toBe(true);
        expect(rows.every((r) => (r.labels?.length ?? 0) > 0)).toBe(true);
        // From the first person's first track, her later track ranks above the other person's.
        const first = tracks.reduce((a, b) => (a.firstSeen < b.firstSeen ? a : b));
        const q = repo.embeddings.vectorOf({
          cameraId: 'cam-1',
          trackId: first.trackId,
          at: first.firstSeen,
        })!;
        const hits = repo.embeddings.search({
          vector: q.vector,
          from: -1,
          to: 1e9,
          limit: 10,
          minSimilarity: -1,
          excludeId: q.id,
        });
        const later = hits.find((h) => h.firstSeen >= 20_000)!;
        const other = hits.find((h) => h.firstSeen >= 10_000 && h.firstSeen < 20_000)!;
        expect(later.similarity).toBeGreaterThan(other.similarity);
        expect(Buffer.from(later.snapshot!, 'base64').subarray(0, 2)).toEqual(
          Buffer.from([0xff, 0xd8]),
        );
      } finally {
        store.close();
      }
    }, 300_000);
  },
);
