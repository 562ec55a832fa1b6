import { describe, expect, it } from 'vitest';
import { useApiHost } from '../../../helpers/api-host';
import { startFloorCamera } from '../../../helpers/floor-camera';
import { sharedFixture } from '../../../helpers/fixtures';
import { until } from '../../../helpers/until';

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const video = sharedFixture('fixtures/video/one-by-one-person-detection.mp4');

/**
 * The wall's search by appearance on a track still in view, through a real forked worker: a file
 * camera plays the one-by-one fixture (people pass one at a time) with the real detector and the
 * re-identification embedder as its second stage. Once the first person's finished track is in
 * the store, a later person's live track (no stored embedding yet) is searched by its id: the
 * host asks the camera's worker for the embedding it holds and the search runs on it, finding the
 * stored track, instead of answering `tracks.search.notFound`.
 */
describe.skipIf(!(yolo && reid && video))('tracks.searchByAppearance on a live track', () => {
  const api = useApiHost({
    prefix: 'live-track-search',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
    models: { 'yolov8n.onnx': yolo!, 'reid.onnx': reid! },
  });

  it('a track still in view is searched with the embedding its worker holds', async () => {
    const started = Date.now();
    /** When each track id was last on a frame the worker sent. */
    const seen = new Map<number, number>();
    api.host.onEvent((e) => {
      if (e.topic !== 'camera.detections') return;
      const p = e.payload as { cameraId: string; detections: Array<{ trackId?: number }> };
      if (p.cameraId !== 'floor') return;
      for (const d of p.detections) if (d.trackId !== undefined) seen.set(d.trackId, Date.now());
    });
    api.host.start();
    const rows = startFloorCamera(api, { video: video!, embedEverySec: 1, started });
    const repo = api.services.trackHistory!.repo;
    const window = () => ({ from: started - 60_000, to: Date.now() + 60_000 });
    // The first person (6–20 s) is stored once she can no longer be re-attached.
    await until(
      () => rows().some((r) => r.embeddingRef?.startsWith('emb:')),
      240_000,
      'a finished track with its embedding in the store',
      500,
    );
    const stored = new Set(rows().map((r) => r.trackId));
    const live = (): number | undefined =>
      [...seen].find(([id, at]) => !stored.has(id) && Date.now() - at < 1000)?.[0];
    let trackId: number | undefined;
    let answer: Awaited<ReturnType<typeof api.call>> | undefined;
    const misses: string[] = [];
    await until(
      async () => {
        trackId = live();
        if (trackId === undefined) return false;
        // Still in view and not stored: only the worker has its appearance.
        expect(repo.embeddings.vectorOf({ cameraId: 'floor', trackId })).toBeUndefined();
        answer = await api.call(
          'tracks.searchByAppearance',
          { ...window(), query: { cameraId: 'floor', trackId, at: Date.now() }, minSimilarity: -1 },
          api.user,
        );
        // Not embedded yet (a track's first frames): the existing answer, asked again.
        if (!answer.ok) misses.push(answer.error!.code);
        return answer.ok;
      },
      200_000,
      'a search on a live track that the worker answers',
      250,
    );
    console.log(
      JSON.stringify({
        trackId,
        misses,
        scanned: answer!.result.scanned,
        hits: (answer!.result.hits as Array<{ trackId: number; similarity: number }>).map((h) => [
          h.trackId,
          h.similarity,
        ]),
      }),
    );
    expect(misses.every((m) => m === 'tracks.search.notFound')).toBe(true);
    expect(Date.now() - seen.get(trackId!)!).toBeLessThan(3000);
    expect(answer!.result.scanned).toBeGreaterThanOrEqual(1);
    // The stored tracks of the people who passed before rank in the answer (any similarity).
    const hits = answer!.result.hits as Array<{
      cameraId: string;
      trackId: number;
      cameraName?: string;
    }>;
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits.every((h) => h.cameraId === 'floor' && stored.has(h.trackId))).toBe(true);
    expect(hits[0].cameraName).toBe('Floor');

    // A track id the worker never saw keeps the existing answer.
    const unknown = await api.call(
      'tracks.searchByAppearance',
      { ...window(), query: { cameraId: 'floor', trackId: 999_999 } },
      api.user,
    );
    expect(unknown.ok).toBe(false);
    expect(unknown.error!.code).toBe('tracks.search.notFound');
  }, 420_000);
});
