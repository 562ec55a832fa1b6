import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameDetections } from '../../../../electron/shared/domain/detection';
import { runAnalysis, sourceFromArg } from '../../../../inference/worker/analyze-runner';
import { EngineCache } from '../../../../inference/worker/detector/model-resolver';
import { ModelEngine } from '../../../../inference/worker/detector/model-engine';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { ThreadedSessionRunner } from '../../../../inference/worker/onnx/threaded-session';
import { fixtures } from '../../../helpers/fixtures';

/**
 * The camera path with the ONNX session on a thread of its own against the same path with the
 * session on the worker's thread: the real ffmpeg decode of a fixture video, the real model, the
 * same frames (every frame of the file, in order), so the detections must be the same.
 */
const model = fixtures.yolov8n();
const video = fixtures.video('worker-zone-detection.mp4');
const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 0 };

async function detectAll(sessionThread: boolean): Promise<FrameDetections[]> {
  const engines = new EngineCache(path.dirname(model!), cpu, 1, undefined, sessionThread);
  const frames: FrameDetections[] = [];
  try {
    const engine = await engines.acquire(model!);
    expect(engine.offThread).toBe(sessionThread);
    expect(engine.sessionThreadNote).toBeUndefined();
    engines.release(engine);
    const summary = await runAnalysis(
      {
        id: 'cam',
        source: sourceFromArg(video!),
        model: model!,
        modelsDir: path.dirname(model!),
        ffmpegPath: ffmpegBinary().path,
        inference: cpu,
        motionGate: false,
      },
      { onFrame: (d) => frames.push(d) },
      engines,
    );
    expect(summary.error).toBeUndefined();
  } finally {
    await engines.closeAll();
  }
  return frames;
}

describe.skipIf(!model || !video)('ONNX session on its own thread', () => {
  it('gives the same detections as the session on the worker thread, frame by frame', async () => {
    const threaded = await detectAll(true);
    const inThread = await detectAll(false);
    // 4.7 s at 15 fps: every frame of the file is analysed on both paths.
    expect(threaded.length).toBeGreaterThan(60);
    expect(threaded.length).toBe(inThread.length);
    expect(threaded.reduce((n, f) => n + f.detections.length, 0)).toBeGreaterThan(0);
    for (let i = 0; i < threaded.length; i++) {
      const a = threaded[i];
      const b = inThread[i];
      expect(a.frameId).toBe(b.frameId);
      // (`ts` is the wall clock at reading, so it differs between the runs; frameId does not.)
      expect(a.detections.length).toBe(b.detections.length);
      a.detections.forEach((d, k) => {
        const e = b.detections[k];
        expect(d.classId).toBe(e.classId);
        expect(d.trackId).toBe(e.trackId);
        for (const key of ['x1', 'y1', 'x2', 'y2', 'score'] as const)
          expect(d[key]).toBeCloseTo(e[key], 4);
      });
    }
  }, 180_000);

  it('a model that cannot load fails with the same coded error and ends the thread', async () => {
    await expect(
      ThreadedSessionRunner.open(path.join(path.dirname(model!), 'coco80_labels.txt'), cpu),
    ).rejects.toMatchObject({ code: 'inference.session.failed' });
  }, 60_000);

  it('serves frames of several cameras; a frame of the wrong size fails alone', async () => {
    const engine = await ModelEngine.open(model!, cpu, {}, 1, undefined, { sessionThread: true });
    try {
      expect(engine.offThread).toBe(true);
      expect(engine.provider).toBe('cpu');
      expect(await engine.measureBare(1, 2)).toBeGreaterThan(0);
      const results: Array<'done' | 'failed'> = [];
      const frame = new Uint8Array(416 * 416 * 3).fill(114);
      await new Promise<void>((resolve) => {
        let left = 3;
        const settle = (r: 'done' | 'failed'): void => {
          results.push(r);
          if (--left === 0) resolve();
        };
        for (const [i, rgb] of [frame, new Uint8Array(10), frame].entries())
          engine.submit({
            key: `k${i}`,
            rgb,
            arrivedAt: performance.now(),
            keepAll: true,
            done: (outputs) => {
              expect(outputs.output0.dims).toEqual([1, 84, 3549]);
              settle('done');
            },
            dropped: () => settle('failed'),
            failed: () => settle('failed'),
          });
      });
      expect(results.sort()).toEqual(['done', 'done', 'failed']);
      expect(engine.runs).toBe(2);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
