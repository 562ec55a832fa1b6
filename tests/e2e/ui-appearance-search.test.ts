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
  const tracks = [
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
});
