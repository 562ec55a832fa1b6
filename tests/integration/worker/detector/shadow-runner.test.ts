import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { letterbox } from '../../../../inference/vision/detect/letterbox';
import { Postprocessor } from '../../../../inference/vision/detect/postprocess';
import type { OutputTensor } from '../../../../inference/vision/detect/decoders';
import { letterboxFilter } from '../../../../inference/worker/camera/pipeline-args';
import { EngineCache } from '../../../../inference/worker/detector/model-resolver';
import {
  ShadowRunner,
  type ShadowSampleEvent,
} from '../../../../inference/worker/detector/shadow-runner';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures, sharedFixture } from '../../../helpers/fixtures';
import { until } from '../../../helpers/until';

const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };
const champion = fixtures.yolov8n();
const challenger = sharedFixture('models/yolox_nano_416.onnx');
const dog = fixtures.image('dog.jpg');

/**
 * Shadow mode in the worker: the champion (YOLOv8n, centred RGB letterbox) runs on dog.jpg; the
 * challenger (YOLOX-Nano, top-left BGR letterbox) gets the same frame re-fitted to its own input,
 * its boxes are matched with the champion's at IoU 0.5 and reported with both latencies, at most
 * once per interval and never while it is still busy. It raises no detections of its own.
 */
describe.skipIf(!champion || !challenger || !dog)('shadow runner', () => {
  it('compares the challenger with the champion on a sampled frame, rate-capped', async () => {
    const engines = new EngineCache('/nonexistent', cpu, 1);
    try {
      const main = await engines.acquire(champion!);
      const spec = main.spec;
      const rgb = new Uint8Array(
        execFileSync(ffmpegBinary().path, [
          '-v',
          'error',
          '-i',
          dog!,
          '-frames:v',
          '1',
          '-vf',
          letterboxFilter(spec.inputWidth, spec.inputHeight, 'rgb24'),
          '-f',
          'rawvideo',
          '-pix_fmt',
          'rgb24',
          'pipe:1',
        ]),
      );
      const lb = letterbox(768, 576, spec.inputWidth, spec.inputHeight);
      const { outputs, inferMs } = await new Promise<{
        outputs: Record<string, OutputTensor>;
        inferMs: number;
      }>((resolve, reject) =>
        main.submit({
          key: 'cam',
          rgb,
          arrivedAt: performance.now(),
          keepAll: true,
          done: (o, _b, t) => resolve({ outputs: o, inferMs: t.inferMs }),
          dropped: () => reject(new Error('dropped')),
          failed: reject,
        }),
      );
      const opts = { scoreThreshold: 0.35, iouThreshold: 0.45, maxDetections: 100 };
      const dets = new Postprocessor(spec, opts).run(outputs, 0, lb);
      expect(dets.map((d) => d.label)).toEqual(expect.arrayContaining(['dog', 'bicycle']));

      const samples: ShadowSampleEvent[] = [];
      const runner = new ShadowRunner(
        {
          modelId: challenger!,
          sha256: 'b'.repeat(64),
          championSha256: 'a'.repeat(64),
          minIntervalMs: 60_000,
        },
        'cam',
        opts,
        engines,
        (s) => samples.push(s),
        () => {},
      );
      await runner.start();
      const frame = { data: rgb, letterbox: lb, ts: 1234 };
      runner.offer(frame, dets, inferMs);
      // Busy, then within the interval: neither is sampled.
      runner.offer(frame, dets, inferMs);
      await until(() => samples.length === 1, 60_000, 'the shadow sample');
      runner.offer(frame, dets, inferMs);
      await new Promise((r) => setImmediate(r));
      expect(samples).toHaveLength(1);
      const s = samples[0];
      expect(s).toMatchObject({ cameraId: 'cam', at: 1234, championLatencyMs: inferMs });
      expect(s.latencyMs).toBeGreaterThan(0);
      // Dog, bicycle and the pick-up ("car" for both) agree; the rest is each model's own.
      expect(s.tp).toBeGreaterThanOrEqual(3);
      expect(s.tp + s.fn).toBe(dets.length);
      const dogBox = s.boxes.find((b) => b.label === 'dog')!;
      expect(Math.abs((dogBox.x1 + dogBox.x2) / 2 - 222)).toBeLessThan(60);
      runner.stop();
      engines.release(main);
    } finally {
      await engines.closeAll();
    }
  }, 120_000);
});
