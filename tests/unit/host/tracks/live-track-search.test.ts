import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { createTrackHandlers } from '../../../../electron/host/handlers/track-handlers';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';
import { TrackHistoryRepo } from '../../../../electron/host/store/track-history';
import { appearanceSearchParamsSchema } from '../../../../electron/shared/api/methods/tracks';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';

const ctx: ConnectionContext = { connectionId: 'c1', transport: 'ws' };
const T0 = Date.UTC(2026, 5, 1, 8);
const unit = (k: number): number[] => Array.from({ length: 256 }, (_, i) => (i === k ? 1 : 0));
const track = (trackId: number, at: number, vector: number[]): FinishedTrack => ({
  cameraId: 'cam-a',
  trackId,
  classLabel: 'person',
  firstSeen: at,
  lastSeen: at + 5000,
  frames: 50,
  path: [],
  zones: [],
  lines: [],
  appearance: {
    model: 'reid',
    vector,
    ts: at + 1000,
    cropJpeg: Buffer.from('jpeg').toString('base64'),
  },
});

/**
 * `tracks.searchByAppearance` by (camera, track id) with the real store and the live lookup a
 * stand-in for the camera's worker: stored tracks are searched as before; a track not stored is
 * searched with the worker's embedding; a stored track of the same id that ended long before
 * the asked moment (tracker ids start again after a restart) gives way to the live one, and is
 * still used when the worker holds none.
 */
describe('tracks.searchByAppearance on tracks still in view', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'watcher-live-search-'));
  const store = ControlRoomStore.open({
    file: path.join(dir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // Person 0 stored as track 1, person 1 as track 2 (yesterday's track 3 was person 1 too).
  new TrackHistoryRepo(store).insert([
    track(1, T0, unit(0)),
    track(2, T0 + 10_000, unit(1)),
    track(3, T0 - 3_600_000, unit(1)),
  ]);
  const asked: Array<[string, number]> = [];
  /** What the worker holds: live track 5 and live track 3 look like person 0. */
  const held: Record<number, number[]> = { 5: unit(0), 3: unit(0) };
  const handlers = createTrackHandlers({
    db: store.db,
    cameras: () => [{ id: 'cam-a', name: 'A' }],
    liveEmbedding: async (cameraId, trackId) => {
      asked.push([cameraId, trackId]);
      return held[trackId];
    },
  });
  const search = (trackId: number, at: number) =>
    handlers['tracks.searchByAppearance'](
      appearanceSearchParamsSchema.parse({
        from: T0 - 86_400_000,
        to: T0 + 86_400_000,
        query: { cameraId: 'cam-a', trackId, at },
        minSimilarity: 0.5,
      }),
      ctx,
    );

  it('a stored track is searched from the store; the worker is not asked', async () => {
    asked.length = 0;
    const r = await search(2, T0 + 12_000);
    expect(r.hits.map((h) => h.trackId)).toEqual([3]);
    expect(asked).toEqual([]);
  });

  it("a live track is searched with its worker's embedding", async () => {
    asked.length = 0;
    const r = await search(5, T0 + 60_000);
    expect(asked).toEqual([['cam-a', 5]]);
    expect(r.hits.map((h) => h.trackId)).toEqual([1]);
    expect(r.hits[0].cameraName).toBe('A');
  });

  it('a live track the worker holds nothing for is notFound', async () => {
    await expect(search(6, T0 + 60_000)).rejects.toMatchObject({ code: 'tracks.search.notFound' });
  });

  it("a long-ended stored track with the live track's id gives way to the live one", async () => {
    asked.length = 0;
    const r = await search(3, T0 + 60_000);
    expect(asked).toEqual([['cam-a', 3]]);
    // Person 0's track, not person 1's (what yesterday's track 3 would have found).
    expect(r.hits.map((h) => h.trackId)).toEqual([1]);
    delete held[3];
    const old = await search(3, T0 + 60_000);
    expect(old.hits.map((h) => h.trackId)).toEqual([2]);
  });
});
