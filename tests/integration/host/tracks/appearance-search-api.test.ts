import { beforeAll, describe, expect, it } from 'vitest';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { messages } from '../../../../electron/shared/i18n';
import { l2Normalize } from '../../../../inference/vision/reid/embedding';
import { useApiHost } from '../../../helpers/api-host';

const T0 = Date.UTC(2026, 5, 1, 8);
/** A 256-d unit vector near direction `k` (people "k"), with a little per-track noise. */
function look(k: number, noise: number, seed: number): number[] {
  const v = new Array<number>(256).fill(0);
  v[k] = 1;
  let s = seed;
  for (let i = 0; i < 256; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[i] += ((s / 2147483648) * 2 - 1) * noise;
  }
  return Array.from(l2Normalize(v)!);
}
const track = (
  cameraId: string,
  trackId: number,
  at: number,
  vector?: number[],
  labels?: string[],
): FinishedTrack => ({
  cameraId,
  trackId,
  classLabel: 'person',
  ...(labels ? { labels } : {}),
  firstSeen: at,
  lastSeen: at + 5000,
  frames: 50,
  path: [
    [0.1, 0.5],
    [0.9, 0.5],
  ],
  zones: [],
  lines: [],
  bestCrop: { frameId: 10, ts: at + 1000, box: [0.4, 0.2, 0.5, 0.8], score: 0.9 },
  ...(vector
    ? {
        appearance: {
          model: 'reid',
          vector,
          ts: at + 1000,
          cropJpeg: Buffer.from('jpeg').toString('base64'),
        },
      }
    : {}),
});

/**
 * `tracks.get` and `tracks.searchByAppearance` through the host's `handle()` (what both transports
 * call), with the real store: finished tracks with embeddings written by the track history, then
 * searched. The embeddings are synthetic unit vectors (the real model's are tested in the worker's
 * integration test); what is tested here is storage, ranking, prefilters and permissions.
 */
describe('tracks.searchByAppearance on a real host', () => {
  const api = useApiHost({
    prefix: 'appearance',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
  });
  const { call } = api;

  beforeAll(() => {
    const repo = api.services.trackHistory!.repo;
    repo.insert([
      // Person 0 on three cameras, person 1 twice, one track without an embedding.
      track('cam-a', 1, T0, look(0, 0.02, 1), ['backpack']),
      track('cam-b', 7, T0 + 60_000, look(0, 0.02, 2)),
      track('cam-c', 3, T0 + 120_000, look(0, 0.02, 3)),
      track('cam-a', 2, T0 + 10_000, look(1, 0.02, 4)),
      track('cam-b', 8, T0 + 70_000, look(1, 0.02, 5)),
      track('cam-a', 4, T0 + 20_000),
      // Person 0 again, but outside the searched range.
      track('cam-a', 9, T0 + 5 * 86_400_000, look(0, 0.02, 6)),
    ]);
  });

  it("tracks.get gives an infraction's track with its labels and whether it can be searched", async () => {
    const r = await call('tracks.get', { cameraId: 'cam-a', trackId: 1, at: T0 + 2000 }, api.user);
    expect(r.ok).toBe(true);
    expect(r.result).toMatchObject({
      cameraId: 'cam-a',
      trackId: 1,
      labels: ['backpack'],
      searchable: true,
    });
    const plain = await call(
      'tracks.get',
      { cameraId: 'cam-a', trackId: 4, at: T0 + 20_000 },
      api.user,
    );
    expect(plain.result.searchable).toBe(false);
    expect(
      (await call('tracks.get', { cameraId: 'cam-z', trackId: 1, at: T0 }, api.user)).result,
    ).toBeNull();
  });

  it('ranks the same person first, across cameras, inside the range, with snapshots', async () => {
    const r = await call(
      'tracks.searchByAppearance',
      {
        from: T0 - 1000,
        to: T0 + 86_400_000,
        query: { cameraId: 'cam-a', trackId: 1, at: T0 },
        minSimilarity: 0.5,
      },
      api.user,
    );
    expect(r.ok).toBe(true);
    const hits = r.result.hits as Array<{
      cameraId: string;
      trackId: number;
      similarity: number;
      snapshot?: string;
    }>;
    // The query track itself is left out; the other person is below the threshold.
    expect(hits.map((h) => `${h.cameraId}/${h.trackId}`)).toEqual(
      expect.arrayContaining(['cam-b/7', 'cam-c/3']),
    );
    expect(hits).toHaveLength(2);
    expect(hits[0].similarity).toBeGreaterThanOrEqual(hits[1].similarity);
    expect(hits[0].similarity).toBeGreaterThan(0.9);
    expect(Buffer.from(hits[0].snapshot!, 'base64').toString()).toBe('jpeg');
    expect(r.result.scanned).toBe(5);
  });

  it('prefilters by camera, and searches from a raw embedding', async () => {
    const r = await call(
      'tracks.searchByAppearance',
      {
        from: T0 - 1000,
        to: T0 + 86_400_000,
        cameraIds: ['cam-b'],
        query: { vector: look(1, 0, 9) },
      },
      api.user,
    );
    expect(r.ok).toBe(true);
    expect(r.result.hits[0]).toMatchObject({ cameraId: 'cam-b', trackId: 8 });
    expect(r.result.hits.every((h: { cameraId: string }) => h.cameraId === 'cam-b')).toBe(true);
  });

  it('a track without an embedding, or a bad range, is a coded, translated error', async () => {
    const r = await call(
      'tracks.searchByAppearance',
      { from: T0, to: T0 + 86_400_000, query: { cameraId: 'cam-a', trackId: 4, at: T0 } },
      api.user,
    );
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('tracks.search.notFound');
    expect(messages['tracks.search.notFound'].es).toBeTruthy();
    const bad = await call(
      'tracks.searchByAppearance',
      { from: T0, to: T0 + 90 * 86_400_000, query: { embeddingId: 1 } },
      api.user,
    );
    expect(bad.ok).toBe(false);
    expect(bad.error!.code).toBe('api.invalid_params');
  });

  it('is refused to a connection without a session that may read review', async () => {
    const r = await call(
      'tracks.searchByAppearance',
      { from: T0, to: T0 + 1000, query: { embeddingId: 1 } },
      null,
    );
    expect(r.ok).toBe(false);
    // Every role may read review; without a signed-in session nobody may.
    expect(r.error!.code).toBe('store.error.unauthenticated');
  });
});
