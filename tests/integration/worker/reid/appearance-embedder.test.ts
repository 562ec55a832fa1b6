import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageDetector } from '../../../../inference/worker/detector/image-detector';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { AppearanceEmbedder } from '../../../../inference/worker/reid/appearance-embedder';
import { cosineSimilarity } from '../../../../inference/vision/reid/embedding';
import type { RgbImage } from '../../../../inference/vision/plates/image';
import { fixtures, sharedFixture } from '../../../helpers/fixtures';

const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const yolo = fixtures.yolov8n();
const video = sharedFixture('fixtures/video/one-by-one-person-detection.mp4');
const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };
const W = 768;
const H = 432;

/** One decoded frame of the fixture video at `seconds`. */
function frameAt(seconds: number): RgbImage {
  const data = execFileSync(ffmpegBinary().path, [
    '-v',
    'error',
    '-ss',
    String(seconds),
    '-i',
    video!,
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ]);
  expect(data.length).toBe(W * H * 3);
  return { width: W, height: H, data: new Uint8Array(data) };
}

/**
 * The re-identification model through the worker's embedder on real person crops of the fixture
 * video (people pass one at a time): boxes from the real detector, crops of the same person a few
 * seconds apart against crops of other people.
 */
describe.skipIf(!(reid && yolo && video))('appearance embedder on the fixture video', () => {
  let embedder: AppearanceEmbedder;
  let detector: ImageDetector;
  beforeAll(async () => {
    embedder = await AppearanceEmbedder.open(reid!, { modelsDir: '.', inference: cpu });
    detector = await ImageDetector.open(yolo!, {
      modelsDir: '.',
      inference: cpu,
      scoreThreshold: 0.5,
      multiLabel: false,
    });
  }, 120_000);
  afterAll(async () => {
    await embedder?.close();
    await detector?.close();
  });

  const embedPersonAt = async (s: number): Promise<Float32Array> => {
    const frame = frameAt(s);
    const people = (await detector.detect(frame)).detections
      .filter((d) => d.label === 'person')
      .sort((a, b) => b.score - a.score);
    expect(people.length, `a person at ${s} s`).toBeGreaterThan(0);
    const v = await embedder.embed(frame, people[0]);
    expect(v).toBeDefined();
    return v!;
  };

  it('reads the model as channels-last 256×128 → 256-d, L2-normalised', async () => {
    expect(embedder.spec).toMatchObject({ layout: 'nhwc', width: 128, height: 256, dims: 256 });
    const v = await embedPersonAt(12);
    expect(v.length).toBe(256);
    expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    expect(await embedder.embed(frameAt(12), { x1: 10, y1: 10, x2: 11, y2: 11 })).toBeUndefined();
  });

  it('the same person seconds apart is more similar than different people', async () => {
    // Person 1 (grey cardigan) at 10 s and 16 s; person 2 (black hoodie) at 30 s and 38 s;
    // person 3 (black top, fair hair) at 60 s.
    const v: Float32Array[] = [];
    // One after another: the detector reuses its input tensor.
    for (const s of [10, 16, 30, 38, 60]) v.push(await embedPersonAt(s));
    const [a1, a2, b1, b2, c1] = v;
    const same = [cosineSimilarity(a1, a2), cosineSimilarity(b1, b2)];
    const different = [
      cosineSimilarity(a1, b1),
      cosineSimilarity(a2, b2),
      cosineSimilarity(a1, c1),
      cosineSimilarity(b1, c1),
    ];
    console.log(
      `same person: ${same.map((s) => s.toFixed(3))}; different: ${different.map((s) => s.toFixed(3))}`,
    );
    expect(Math.min(...same)).toBeGreaterThan(Math.max(...different));
    expect(Math.min(...same)).toBeGreaterThan(0.7);
  }, 120_000);
});
