import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../../electron/shared/domain/detection';
import { letterbox } from '../../../../inference/vision/detect/letterbox';
import type { LayoutOverride } from '../../../../inference/vision/detect/layout';
import { Postprocessor } from '../../../../inference/vision/detect/postprocess';
import type { OutputTensor } from '../../../../inference/vision/detect/decoders';
import { letterboxFilter } from '../../../../inference/worker/camera/pipeline-args';
import { ModelEngine } from '../../../../inference/worker/detector/model-engine';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures, sharedFixture } from '../../../helpers/fixtures';

const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };

/**
 * Each fixture detector through the worker's own path: ffmpeg fits the image as the model's
 * normalisation metadata says (centred or top-left, pad value), the engine fills the tensor
 * (channel order, 0..1 or 0..255, mean/std), ONNX Runtime runs it, the layout's decoder + NMS
 * turn the outputs into boxes in source pixels.
 */
async function detect(
  modelFile: string,
  image: string,
  override: LayoutOverride = {},
  score = 0.35,
): Promise<{ dets: Detection[]; layout: string }> {
  const engine = await ModelEngine.open(modelFile, cpu, override, 1);
  try {
    const spec = engine.spec;
    const norm = spec.normalisation!;
    const probe = execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      image,
    ])
      .toString()
      .trim()
      .split(',')
      .map(Number);
    const rgb = execFileSync(ffmpegBinary().path, [
      '-v',
      'error',
      '-i',
      image,
      '-frames:v',
      '1',
      '-vf',
      letterboxFilter(spec.inputWidth, spec.inputHeight, 'rgb24', {
        anchor: norm.letterbox,
        padValue: norm.padValue,
      }),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ]);
    const outputs = await new Promise<Record<string, OutputTensor>>((resolve, reject) =>
      engine.submit({
        key: 'img',
        rgb: new Uint8Array(rgb),
        arrivedAt: performance.now(),
        keepAll: true,
        done: (o) => resolve(o),
        dropped: () => reject(new Error('dropped')),
        failed: reject,
      }),
    );
    const post = new Postprocessor(spec, {
      scoreThreshold: score,
      iouThreshold: 0.45,
      maxDetections: 100,
    });
    const lb = letterbox(probe[0], probe[1], spec.inputWidth, spec.inputHeight, norm.letterbox);
    return { dets: post.run(outputs, 0, lb), layout: spec.layout };
  } finally {
    await engine.close();
  }
}

const labels = (d: Detection[]) => new Set(d.map((x) => x.label));
const find = (d: Detection[], label: string) => d.find((x) => x.label === label);

/** The box lies inside the picture, is not degenerate, and its centre is near `centre`. */
function sane(d: Detection | undefined, centre: [number, number], tol: number, w = 768, h = 576) {
  expect(d).toBeDefined();
  const b = d!;
  expect(b.x2 - b.x1).toBeGreaterThan(20);
  expect(b.y2 - b.y1).toBeGreaterThan(20);
  expect(b.x1).toBeGreaterThanOrEqual(0);
  expect(b.y1).toBeGreaterThanOrEqual(0);
  expect(b.x2).toBeLessThanOrEqual(w);
  expect(b.y2).toBeLessThanOrEqual(h);
  expect(Math.abs((b.x1 + b.x2) / 2 - centre[0])).toBeLessThan(tol);
  expect(Math.abs((b.y1 + b.y2) / 2 - centre[1])).toBeLessThan(tol);
}

const dog = fixtures.image('dog.jpg');
const person = fixtures.image('person.jpg');
const yolox = sharedFixture('models/yolox_nano_416.onnx');
const nanodet = sharedFixture('models/nanodet_m_416.onnx');
const light = sharedFixture('models/light_person_detector_192.onnx');
const yolov8 = fixtures.yolov8n();

describe('fixture detectors on the darknet sample images', () => {
  it.skipIf(!yolox || !dog || !person)(
    'YOLOX-Nano as its repository exports it (BGR 0..255, top-left pad 114, grid-decoded)',
    async () => {
      // The pick-up is "car" first (0.8) and "truck" second (≈0.28) for this export, as for YOLOv8n.
      const d = await detect(yolox!, dog!, {}, 0.2);
      expect(d.layout).toBe('yolox');
      for (const l of ['bicycle', 'dog', 'truck']) expect(labels(d.dets)).toContain(l);
      sane(find(d.dets, 'dog'), [222, 380], 60);
      sane(find(d.dets, 'bicycle'), [350, 280], 80);
      sane(find(d.dets, 'truck'), [577, 122], 60);
      const p = await detect(yolox!, person!);
      for (const l of ['person', 'dog', 'horse']) expect(labels(p.dets)).toContain(l);
      // person.jpg is 640×424: the horse is on the right, the person in the middle, the dog left.
      sane(find(p.dets, 'horse'), [500, 250], 90, 640, 424);
      sane(find(p.dets, 'person'), [220, 245], 70, 640, 424);
      sane(find(p.dets, 'dog'), [100, 315], 70, 640, 424);
    },
    120_000,
  );

  it.skipIf(!nanodet || !dog || !person)(
    'NanoDet-m (six per-stride outputs, distribution boxes, mean/std BGR)',
    async () => {
      // NanoDet-m is weaker: the pick-up's "truck" score is ≈0.21 beside "car" 0.46.
      const d = await detect(nanodet!, dog!, {}, 0.18);
      expect(d.layout).toBe('nanodet');
      for (const l of ['bicycle', 'dog', 'truck']) expect(labels(d.dets)).toContain(l);
      sane(find(d.dets, 'dog'), [222, 380], 60);
      sane(find(d.dets, 'truck'), [577, 122], 60);
      const p = await detect(nanodet!, person!);
      for (const l of ['person', 'dog', 'horse']) expect(labels(p.dets)).toContain(l);
      sane(find(p.dets, 'horse'), [500, 250], 90, 640, 424);
      sane(find(p.dets, 'person'), [220, 245], 70, 640, 424);
    },
    120_000,
  );

  it.skipIf(!light || !person)(
    'light_person_detector_192 (YOLOX-style, one class)',
    async () => {
      const p = await detect(light!, person!, { labels: ['person'] });
      expect(p.layout).toBe('yolox');
      expect(p.dets.length).toBeGreaterThan(0);
      expect(labels(p.dets)).toEqual(new Set(['person']));
      sane(p.dets[0], [220, 245], 70, 640, 424);
    },
    120_000,
  );

  it.skipIf(!yolov8 || !person)(
    'YOLOv8n int8 still reads person.jpg with the default (Ultralytics) normalisation',
    async () => {
      const p = await detect(yolov8!, person!);
      expect(p.layout).toBe('yolov8');
      for (const l of ['person', 'dog', 'horse']) expect(labels(p.dets)).toContain(l);
      sane(find(p.dets, 'person'), [220, 245], 70, 640, 424);
    },
    120_000,
  );
});
