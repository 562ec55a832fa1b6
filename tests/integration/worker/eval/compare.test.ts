import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadLabelledFrames,
  loadSourceFrames,
} from '../../../../inference/worker/eval/compare-frames';
import { compareModels } from '../../../../inference/worker/eval/compare-runner';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { sharedFixture } from '../../../helpers/fixtures';

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const mobilenet = sharedFixture('models/mobilenetv2-7-wint8.onnx');
const yolox = sharedFixture('models/yolox_nano_416.onnx');
const nanodet = sharedFixture('models/nanodet_m_416.onnx');
const images = sharedFixture('fixtures/images');
const coco128 = sharedFixture('fixtures/detect/coco128');
const video = sharedFixture('fixtures/video/worker-zone-detection.mp4');
const inference = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 0 };

describe.skipIf(!(yolo && mobilenet && coco128))('compare models on the same frames', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'watcher-compare-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a model compared with its own copy agrees fully; mAP50 against labels; a classifier is not compared with a detector', async () => {
    const copy = path.join(dir, 'copy.onnx');
    copyFileSync(yolo!, copy);
    const { frames, dataset } = await loadLabelledFrames(coco128!, 8);
    expect(frames).toHaveLength(8);
    const progress: number[] = [];
    const r = await compareModels(frames, {
      models: [yolo!, copy, mobilenet!],
      modelsDir: dir,
      inference,
      dataset,
      onProgress: (p) => progress.push(p.modelIndex),
    });
    expect(progress).toHaveLength(24);
    const [a, b, c] = r.models;
    expect([a.kind, b.kind, c.kind]).toEqual(['detect', 'detect', 'classify']);
    expect(b.agreementF1).toBe(1);
    expect(c.agreementF1).toBeNull();
    expect(r.agreementMatrix[0]).toEqual([1, 1, null]);
    expect(a.map50).toBe(b.map50);
    expect(a.map50!).toBeGreaterThan(0.3);
    for (const m of r.models) {
      expect(m.latencyMs.p50).toBeGreaterThan(0);
      expect(m.latencyMs.p95).toBeGreaterThanOrEqual(m.latencyMs.p50);
      expect(m.latencyMs.p99).toBeGreaterThanOrEqual(m.latencyMs.p95);
      expect(m.fps).toBeGreaterThan(0);
    }
    // Both detectors see every consensus object (they are the same model).
    expect(a.consensusShare).toBe(1);
    expect(r.perFrame).toHaveLength(8);
    expect(r.perFrame[0].results[0].detections).toEqual(r.perFrame[0].results[1].detections);
    expect(r.perFrame[0].results[2].top).toHaveLength(5);
  }, 300_000);

  it.skipIf(!video)(
    'samples frames from a video',
    async () => {
      const frames = await loadSourceFrames(video!, {
        maxFrames: 3,
        fps: 1,
        ffmpegPath: ffmpegBinary().path,
      });
      expect(frames).toHaveLength(3);
      expect(frames[0].image.width).toBe(480);
      expect(frames[0].image.height).toBe(270);
    },
    120_000,
  );

  it.skipIf(!(yolox && nanodet && images))(
    'YOLOX and NanoDet from a bare file get their own input (BGR, 0..255, their letterbox), so they agree with YOLOv8n',
    async () => {
      const frames = await loadSourceFrames(images!, {
        maxFrames: 3,
        fps: 1,
        ffmpegPath: ffmpegBinary().path,
      });
      const r = await compareModels(frames, {
        models: [yolo!, yolox!, nanodet!],
        modelsDir: dir,
        inference,
        scoreThreshold: 0.3,
      });
      const [, x, n] = r.models;
      // With YOLOv8n's RGB 0..1 input instead, both found nothing on these pictures (F1 0).
      expect(x.agreementF1!).toBeGreaterThanOrEqual(0.6);
      expect(n.agreementF1!).toBeGreaterThanOrEqual(0.4);
      for (const f of r.perFrame) expect(f.results[1].detections!.length).toBeGreaterThan(0);
    },
    300_000,
  );
});
