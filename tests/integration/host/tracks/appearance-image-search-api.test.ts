import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { messages } from '../../../../electron/shared/i18n';
import { ImageDetector } from '../../../../inference/worker/detector/image-detector';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { AppearanceEmbedder } from '../../../../inference/worker/reid/appearance-embedder';
import { useApiHost } from '../../../helpers/api-host';
import { fixtures, sharedFixture } from '../../../helpers/fixtures';

const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const yolo = fixtures.yolov8n();
const video = fixtures.video('one-by-one-person-detection.mp4');
const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };
const W = 768;
const H = 432;
const T0 = Date.UTC(2026, 5, 1, 8);
/**
 * One moment of each of the fixture's six people (they pass one at a time: 6–20 s, 23–45 s,
 * 51–70 s, 75–87 s, 93–120 s, 124–136 s), and a later moment of the first one: the picture the
 * user brings.
 */
const PEOPLE_AT_S = [10, 30, 60, 80, 105, 130];
const QUERY_AT_S = 16;

/** The frame at `s` seconds and its largest person box, cut out as a JPEG. */
async function personAt(detector: ImageDetector, s: number) {
  const data = execFileSync(
    ffmpegBinary().path,
    ['-v', 'error', '-ss', String(s), '-i', video!, '-frames:v', '1'].concat([
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ]),
    { maxBuffer: 1 << 26 },
  );
  const frame = { width: W, height: H, data: new Uint8Array(data.subarray(0, W * H * 3)) };
  const people = (await detector.detect(frame)).detections.filter((d) => d.label === 'person');
  const box = people.sort(
    (a, b) => (b.x2 - b.x1) * (b.y2 - b.y1) - (a.x2 - a.x1) * (a.y2 - a.y1),
  )[0];
  expect(box, `a person at ${s} s`).toBeDefined();
  const left = Math.max(0, Math.floor(box.x1));
  const top = Math.max(0, Math.floor(box.y1));
  const crop = await sharp(frame.data, { raw: { width: W, height: H, channels: 3 } })
    .extract({
      left,
      top,
      width: Math.min(W, Math.ceil(box.x2)) - left,
      height: Math.min(H, Math.ceil(box.y2)) - top,
    })
    .jpeg({ quality: 90 })
    .toBuffer();
  return { frame, box, crop };
}

/**
 * `tracks.searchByImage` through the host's `handle()`, with the real re-identification model:
 * the six people's tracks are stored with embeddings the worker's embedder computes on the
 * fixture; the user's picture (a crop of the first person from another moment) is read by the
 * same model in the host's model probe process, and the first person's track ranks first.
 */
describe.skipIf(!(reid && yolo && video))('tracks.searchByImage on a real host', () => {
  const api = useApiHost({
    prefix: 'image-search',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
    models: { 'person-reid.onnx': reid! },
  });
  const { call } = api;
  let query: Buffer;
  let detector: ImageDetector;
  let embedder: AppearanceEmbedder;
  const range = { from: T0 - 1000, to: T0 + 86_400_000 };

  beforeAll(async () => {
    detector = await ImageDetector.open(yolo!, {
      modelsDir: '.',
      inference: cpu,
      scoreThreshold: 0.3,
      multiLabel: false,
    });
    embedder = await AppearanceEmbedder.open(reid!, { modelsDir: '.', inference: cpu });
    const tracks: FinishedTrack[] = [];
    for (const [i, s] of PEOPLE_AT_S.entries()) {
      const { frame, box, crop } = await personAt(detector, s);
      const vector = (await embedder.embed(frame, box))!;
      const at = T0 + s * 1000;
      tracks.push({
        cameraId: 'hall',
        trackId: i + 1,
        classLabel: 'person',
        firstSeen: at,
        lastSeen: at + 4000,
        frames: 40,
        path: [
          [0.2, 0.8],
          [0.8, 0.8],
        ],
        zones: [],
        lines: [],
        appearance: {
          model: 'person-reid',
          vector: Array.from(vector),
          ts: at,
          cropJpeg: crop.toString('base64'),
        },
      });
    }
    api.services.trackHistory!.repo.insert(tracks);
    query = (await personAt(detector, QUERY_AT_S)).crop;
  }, 180_000);
  afterAll(async () => {
    await detector?.close();
    await embedder?.close();
  });

  it('without a camera that has an embedding model, says so', async () => {
    const r = await call(
      'tracks.searchByImage',
      { ...range, image: query.toString('base64') },
      api.user,
    );
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('tracks.searchImage.noEmbedder');
    expect(messages['tracks.searchImage.noEmbedder'].es).toBeTruthy();
  });

  it('reads the picture with the cameras’ model and ranks the same person first', async () => {
    api.host.cameras.remove('demo');
    api.host.cameras.upsert({
      id: 'hall',
      name: 'Hall',
      enabled: false,
      source: { kind: 'file', path: video! },
      secondStage: { models: [{ model: 'person-reid', task: 'embed', classes: ['person'] }] },
    });
    const r = await call(
      'tracks.searchByImage',
      { ...range, image: `data:image/jpeg;base64,${query.toString('base64')}`, minSimilarity: -1 },
      api.user,
    );
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const hits = r.result.hits as Array<{
      trackId: number;
      similarity: number;
      cameraName?: string;
    }>;
    console.log(
      'search by image:',
      hits.map((h) => `${h.trackId}:${h.similarity.toFixed(3)}`).join(' '),
    );
    expect(r.result.model).toBe('person-reid');
    expect(r.result.scanned).toBe(PEOPLE_AT_S.length);
    expect(hits).toHaveLength(PEOPLE_AT_S.length);
    expect(hits[0]).toMatchObject({ trackId: 1, cameraName: 'Hall' });
    expect(hits[0].similarity).toBeGreaterThan(hits[1].similarity);
  }, 120_000);

  it('refuses what is not an image and what is too large, with coded errors', async () => {
    const notImage = await call(
      'tracks.searchByImage',
      { ...range, image: Buffer.from('not a picture at all').toString('base64') },
      api.user,
    );
    expect(notImage.error!.code).toBe('tracks.searchImage.notImage');
    // A JPEG signature on a corrupt body reaches the decoder (in the probe) and is refused there.
    const corrupt = Buffer.concat([query.subarray(0, 600), Buffer.alloc(2000, 7)]);
    const bad = await call(
      'tracks.searchByImage',
      { ...range, image: corrupt.toString('base64') },
      api.user,
    );
    expect(bad.ok).toBe(false);
    expect(bad.error!.code).toBe('tracks.searchImage.notImage');
    const big = Buffer.concat([query, Buffer.alloc(5 * 1024 * 1024)]);
    const tooLarge = await call(
      'tracks.searchByImage',
      { ...range, image: big.toString('base64') },
      api.user,
    );
    expect(tooLarge.error!.code).toBe('tracks.searchImage.tooLarge');
    expect(tooLarge.error!.params).toMatchObject({ maxMB: 4 });
    expect(messages['tracks.searchImage.tooLarge'].en).toContain('{maxMB}');
    // The same permission as the search from a track: none without a session.
    const anon = await call('tracks.searchByImage', { ...range, image: 'AAAA' }, null);
    expect(anon.error!.code).toBe('store.error.unauthenticated');
  }, 120_000);
});
