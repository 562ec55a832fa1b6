import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { TrackHistoryRepo } from '../../electron/host/store/track-history';
import type { FinishedTrack } from '../../electron/shared/domain/track-history';
import { eventHash } from '../../inference/worker/evidence/chain';
import { l2Normalize } from '../../inference/vision/reid/embedding';
import { mulberry32, syntheticInfraction } from '../../tools/synth/synthetic-infractions';
import { ImageDetector } from '../../inference/worker/detector/image-detector';
import { ffmpegBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';
import { AppearanceEmbedder } from '../../inference/worker/reid/appearance-embedder';
import { fixtures, sharedFixture } from '../helpers/fixtures';

const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const yolo = fixtures.yolov8n();
const video = fixtures.video('one-by-one-person-detection.mp4');
const cpu = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };

/** The fixture's frame at `s` seconds, its largest person box and that box cut out as a JPEG. */
async function personAt(detector: ImageDetector, s: number) {
  const [W, H] = [768, 432];
  const raw = execFileSync(
    ffmpegBinary().path,
    ['-v', 'error', '-ss', String(s), '-i', video!, '-frames:v', '1', '-f', 'rawvideo'].concat([
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ]),
    { maxBuffer: 1 << 26 },
  );
  const frame = { width: W, height: H, data: new Uint8Array(raw.subarray(0, W * H * 3)) };
  const [box] = (await detector.detect(frame)).detections
    .filter((d) => d.label === 'person')
    .sort((a, b) => (b.x2 - b.x1) * (b.y2 - b.y1) - (a.x2 - a.x1) * (a.y2 - a.y1));
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

/** The picture the user uploads: the fixture's first person at 16 s (stored tracks are at 10 and 30 s). */
let uploaded: Buffer | undefined;

const AT = Date.now() - 3_600_000;

/** A unit vector along axis `k`, nudged by `eps` along axis `k + 1`. */
const look = (k: number, eps: number): number[] => {
  const v = new Array<number>(256).fill(0);
  v[k] = 1;
  v[k + 1] = eps;
  return Array.from(l2Normalize(v)!);
};

/**
 * One infraction on camera "seeded" (track 5) and finished tracks with appearance embeddings:
 * the same person later on camera "hall" (two tracks) and somebody else, each with a real JPEG
 * crop. Embeddings are synthetic (the model's are tested in the worker's integration tests).
 */
async function seed(dataDir: string): Promise<void> {
  const crop = async (r: number, g: number, b: number) =>
    (
      await sharp({ create: { width: 32, height: 64, channels: 3, background: { r, g, b } } })
        .jpeg()
        .toBuffer()
    ).toString('base64');
  const track = async (
    cameraId: string,
    trackId: number,
    at: number,
    vector: number[],
    colour: [number, number, number],
  ): Promise<FinishedTrack> => ({
    cameraId,
    trackId,
    classLabel: 'person',
    labels: ['backpack'],
    firstSeen: at,
    lastSeen: at + 4000,
    frames: 40,
    path: [
      [0.2, 0.6],
      [0.8, 0.6],
    ],
    zones: [],
    lines: [],
    appearance: { model: 'reid', vector, ts: at + 1000, cropJpeg: await crop(...colour) },
  });
  const real: FinishedTrack[] = [];
  if (reid && yolo && video) {
    // The cameras' embedding model, installed; two of the fixture's people stored on "lobby"
    // with the embeddings the worker's embedder gives them.
    mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    copyFileSync(reid, path.join(dataDir, 'models', 'person-reid.onnx'));
    const detector = await ImageDetector.open(yolo, {
      modelsDir: '.',
      inference: cpu,
      scoreThreshold: 0.3,
      multiLabel: false,
    });
    const embedder = await AppearanceEmbedder.open(reid, { modelsDir: '.', inference: cpu });
    try {
      for (const [i, s] of [10, 30].entries()) {
        const { frame, box, crop } = await personAt(detector, s);
        const vector = Array.from((await embedder.embed(frame, box))!);
        real.push({
          ...(await track('lobby', 21 + i, AT + 300_000 + i * 60_000, vector, [0, 0, 0])),
          labels: [],
          appearance: {
            model: 'person-reid',
            vector,
            ts: AT + 300_000 + i * 60_000,
            cropJpeg: crop.toString('base64'),
          },
        });
      }
      uploaded = (await personAt(detector, 16)).crop;
    } finally {
      await detector.close();
      await embedder.close();
    }
  }
  const tracks = [
    ...real,
    await track('seeded', 5, AT - 1000, look(0, 0), [200, 40, 40]),
    await track('hall', 11, AT + 600_000, look(0, 0.1), [190, 50, 40]),
    await track('hall', 12, AT + 1_200_000, look(0, 0.3), [180, 60, 40]),
    await track('hall', 13, AT + 900_000, look(10, 0), [40, 40, 200]),
  ];
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot: path.join(dataDir, 'evidence'),
  });
  try {
    const e = {
      ...syntheticInfraction(mulberry32(3), { occurredAt: AT, cameras: 1 }),
      cameraId: 'seeded',
      trackId: 5,
      evidence: [],
    };
    store.infractions.insert([{ ...e, hash: eventHash(e) }]);
    new TrackHistoryRepo(store).insert(tracks);
  } finally {
    store.close();
  }
}

/**
 * "Where else did this person go" from an infraction in review, against the real `watcher serve`:
 * the track's second-stage labels are shown, the search ranks the same person's tracks on the
 * other camera first with their snapshots, and the other person is left out.
 */
describe('search by appearance in review', () => {
  const ui = useServeAndBrowser({
    cameras: [
      { id: 'demo', name: 'Demo', source: { kind: 'demo' as const } },
      { id: 'seeded', name: 'Seeded', enabled: false, source: { kind: 'demo' as const } },
      { id: 'hall', name: 'Hall', enabled: false, source: { kind: 'demo' as const } },
      {
        id: 'lobby',
        name: 'Lobby',
        enabled: false,
        source: { kind: 'demo' as const },
        secondStage: {
          models: [{ model: 'person-reid', task: 'embed' as const, classes: ['person'] }],
        },
      },
    ],
    prepare: seed,
  });

  it('labels, ranked results with snapshots, camera and similarity', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/review`);
    await page.getByLabel('Camera').selectOption('seeded');
    await page.locator('[role="option"]').first().click({ timeout: 20_000 });
    await page
      .getByTestId('track-labels')
      .filter({ hasText: 'backpack' })
      .waitFor({ timeout: 15_000 });
    await page.getByTestId('appearance-find').click();
    await page.getByTestId('appearance-results').waitFor({ timeout: 15_000 });
    const hits = page.getByTestId('appearance-hit');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="appearance-hit"]').length === 2,
      undefined,
      { timeout: 15_000 },
    );
    const texts = await hits.allTextContents();
    expect(texts[0]).toContain('Hall');
    expect(texts[0]).toMatch(/Similarity (99|100) %/);
    expect(texts[1]).toMatch(/Similarity 96 %/);
    // Snapshots are real pictures that loaded.
    const loaded = await page
      .locator('[data-testid="appearance-hit"] img')
      .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(loaded).toEqual([32, 32]);
    await screenshot(page, 'appearance-search');
    expect(errors).toEqual([]);
  });

  it.skipIf(!(reid && yolo && video))(
    'search with an image: the uploaded crop finds the same person first; a non-image is refused',
    async () => {
      const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
      await signIn(page);
      await page.goto(`${ui.serve.baseUrl}#/review`);
      await page.getByLabel('Cámara').selectOption('seeded');
      await page.locator('[role="option"]').first().click({ timeout: 20_000 });
      const button = page.getByTestId('appearance-image-button');
      await button.waitFor({ timeout: 15_000 });
      expect(await button.textContent()).toBe('Buscar con una imagen…');
      // Not a picture: a coded error, in Spanish.
      await page.getByTestId('appearance-image-input').setInputFiles({
        name: 'notes.png',
        mimeType: 'image/png',
        buffer: Buffer.from('not a picture'),
      });
      const error = page.getByTestId('appearance-image-error');
      await error.waitFor({ timeout: 15_000 });
      expect(await error.textContent()).toContain('no es una imagen JPEG o PNG');
      await page.getByTestId('appearance-image-input').setInputFiles({
        name: 'person.jpg',
        mimeType: 'image/jpeg',
        buffer: uploaded!,
      });
      const results = page.getByTestId('appearance-image-search').getByTestId('appearance-results');
      await results.waitFor({ timeout: 60_000 });
      const hits = await results.getByTestId('appearance-hit').allTextContents();
      // The same person (stored from 10 s) above the other (30 s); the synthetic vectors are far.
      expect(hits.length).toBeGreaterThanOrEqual(1);
      expect(hits[0]).toContain('Lobby');
      const firstShown = await results
        .locator('[data-testid="appearance-hit"] img')
        .first()
        .getAttribute('alt');
      expect(firstShown).toBe('person #21');
      await screenshot(page, 'appearance-search-image');
      expect(errors).toEqual([]);
    },
    120_000,
  );
});
