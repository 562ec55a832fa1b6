import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { secondStageConfigSchema } from '../../../../electron/shared/config/second-stage';
import {
  hostToWorkerSchema,
  workerToHostSchema,
} from '../../../../electron/shared/protocol/worker-protocol';
import { RateLimiter } from '../../../../inference/vision/reid/second-stage-scheduler';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { liveEmbeddingReply } from '../../../../inference/worker/reid/live-embedding';
import { SecondStageRunner } from '../../../../inference/worker/reid/second-stage-runner';
import { CameraSceneStage } from '../../../../inference/worker/scene/camera-scene';
import { fixtures, sharedFixture } from '../../../helpers/fixtures';

const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const person = fixtures.image('person.jpg');
const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };

/**
 * The worker's answer to `live-embedding` (the search by appearance on a track still in view):
 * from the embedding the camera's second stage already computed for that track (the real
 * re-identification model on a real picture), none for a track it has not embedded, none once the
 * track has finished (it is in the store then), none for a camera without an embedder or not in
 * this worker; every answer is one the host's schema accepts.
 */
describe.skipIf(!(reid && person))(
  'live-embedding: the worker answers from held embeddings',
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-live-embedding-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const ask = (trackId: number) =>
      hostToWorkerSchema.parse({
        type: 'live-embedding',
        requestId: `r-${trackId}`,
        cameraId: 'cam-1',
        trackId,
      }) as Extract<ReturnType<typeof hostToWorkerSchema.parse>, { type: 'live-embedding' }>;
    const checked = (reply: ReturnType<typeof liveEmbeddingReply>) => {
      const parsed = workerToHostSchema.parse(reply);
      expect(parsed.type).toBe('live-embedding-result');
      return reply.result;
    };

    it('answers the latest embedding of an embedded track and none for others', async () => {
      const jpeg = readFileSync(person!);
      const { width, height } = await sharp(jpeg).metadata();
      const runner = new SecondStageRunner({
        cameraId: 'cam-1',
        config: secondStageConfigSchema.parse({
          models: [{ model: reid!, task: 'embed', classes: ['person'], minIntervalSec: 1 }],
          maxRunsPerSec: 50,
        }),
        modelsDir: '.',
        inference: cpu,
        log: () => undefined,
        workerLimiter: new RateLimiter(50),
      });
      const source = { liveEmbedding: (id: number) => runner.latestEmbedding(id) };
      try {
        // Nothing embedded yet: no answer to give.
        expect(checked(liveEmbeddingReply(ask(7), source))).toEqual({ requestId: 'r-7' });
        const box = { x1: width! * 0.2, y1: height! * 0.1, x2: width! * 0.6, y2: height! * 0.95 };
        runner.observe({
          frameId: 1,
          ts: 1000,
          width: width!,
          height: height!,
          detections: [{ ...box, score: 0.9, classId: 0, label: 'person', trackId: 7 }],
        });
        runner.picture({ frameId: 1, jpeg });
        await runner.idle();
        expect(runner.runs).toBe(1);

        const held = checked(liveEmbeddingReply(ask(7), source));
        expect(held.requestId).toBe('r-7');
        expect(held.embedding?.model).toBe(reid);
        expect(held.embedding?.vector).toHaveLength(256);
        expect(held.embedding?.vector).toEqual(runner.embeddingOf(7));
        // Asking runs nothing: the answer is what was already computed.
        expect(runner.runs).toBe(1);

        expect(checked(liveEmbeddingReply(ask(8), source))).toEqual({ requestId: 'r-8' });
        // The camera is not in this worker.
        expect(checked(liveEmbeddingReply(ask(7), undefined))).toEqual({ requestId: 'r-7' });

        // The track ends: its appearance goes with the finished track, the live one is gone.
        const finished = runner.decorate({
          cameraId: 'cam-1',
          trackId: 7,
          classLabel: 'person',
          firstSeen: 1000,
          lastSeen: 1000,
          frames: 1,
          path: [],
          zones: [],
          lines: [],
        });
        expect(finished.appearance?.vector).toHaveLength(256);
        expect(checked(liveEmbeddingReply(ask(7), source))).toEqual({ requestId: 'r-7' });
      } finally {
        await runner.close();
      }
    }, 60_000);

    it('a camera without an embedding model answers none', () => {
      const scene = new CameraSceneStage({
        cameraId: 'cam-1',
        scene: undefined,
        dataDir: dir,
        ffmpegPath: ffmpegBinary().path,
        onEvent: () => undefined,
        log: () => undefined,
      });
      try {
        scene.process({
          cameraId: 'cam-1',
          frameId: 1,
          ts: 0,
          width: 640,
          height: 480,
          detections: [
            { x1: 10, y1: 10, x2: 100, y2: 300, score: 0.9, classId: 0, label: 'person' },
          ],
        });
        expect(checked(liveEmbeddingReply(ask(1), scene))).toEqual({ requestId: 'r-1' });
      } finally {
        scene.stop();
      }
    });
  },
);
