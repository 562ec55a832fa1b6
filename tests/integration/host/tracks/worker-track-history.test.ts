import { describe, expect, it } from 'vitest';
import { toRuleSetConfig } from '../../../../electron/shared/api/methods/rules';
import { useApiHost } from '../../../helpers/api-host';
import { startFloorCamera } from '../../../helpers/floor-camera';
import { sharedFixture } from '../../../helpers/fixtures';
import { until } from '../../../helpers/until';

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const video = sharedFixture('fixtures/video/one-by-one-person-detection.mp4');
const W = 768;
const H = 432;

/**
 * Track history from a real worker process: the host forks the worker as `watcher serve` does
 * (child_process, the worker entry), a file camera plays the one-by-one fixture with the real
 * detector, a zone over the whole floor and a line across it, and the re-identification
 * embedder as its second stage; the tracks the worker finishes cross the process boundary and are
 * written by the host's track history service into its store.
 */
describe.skipIf(!(yolo && reid && video))('worker process → host track history', () => {
  const api = useApiHost({
    prefix: 'worker-tracks',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
    models: { 'yolov8n.onnx': yolo!, 'reid.onnx': reid! },
  });

  it('finished tracks land in the store with camera, class, times, path, zones, lines and embedding', async () => {
    api.services.store.config.addRuleSet(
      'floor',
      toRuleSetConfig(
        {
          imageWidth: W,
          imageHeight: H,
          zones: [
            {
              id: 'floor',
              name: 'Floor',
              classes: [],
              points: [
                { x: 0, y: 0 },
                { x: W, y: 0 },
                { x: W, y: H },
                { x: 0, y: H },
              ],
            },
          ],
          lines: [
            {
              id: 'threshold',
              name: 'Threshold',
              kind: 'count',
              // People come in at the bottom of the picture (their feet at y ≈ 425) and walk up
              // the room to about y 380: they cross this line across the floor.
              a: { x: 0, y: 400 },
              b: { x: W, y: 400 },
            },
          ],
        },
        1,
      ),
      'test',
    );
    const started = Date.now();
    api.host.start();
    const rows = startFloorCamera(api, { video: video!, embedEverySec: 2, started });
    // The first person walks from ~6 s to ~20 s; her row comes once she can no longer be
    // re-attached (the window after she was last seen), and the writer flushes it.
    await until(() => rows().length >= 2, 240_000, 'two finished tracks in the store', 1000);
    const got = rows();
    console.log(
      JSON.stringify(
        got.map((r) => ({
          trackId: r.trackId,
          s: ((r.lastSeen - r.firstSeen) / 1000).toFixed(1),
          points: r.path.length,
          zones: r.zones.map((z) => z.zoneId),
          lines: r.lines.map((l) => `${l.lineId}:${l.direction}`),
          emb: !!r.embeddingRef,
        })),
      ),
    );
    for (const r of got) {
      expect(r.cameraId).toBe('floor');
      expect(r.classLabel).toBe('person');
      // Stamped by the worker with the time it read the frames: after the camera was added.
      expect(r.firstSeen).toBeGreaterThanOrEqual(started);
      expect(r.lastSeen).toBeGreaterThan(r.firstSeen);
      expect(r.lastSeen).toBeLessThanOrEqual(Date.now());
      expect(r.path.length).toBeGreaterThanOrEqual(2);
      for (const [x, y] of r.path) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(1);
      }
      // The zone covers the whole picture: every track visited it.
      expect(r.zones.map((z) => z.zoneId)).toContain('floor');
    }
    // People walk up the room from the door: someone crossed the line, with a direction.
    const crossings = got.flatMap((r) => r.lines);
    expect(crossings.length).toBeGreaterThan(0);
    expect(crossings.every((l) => l.lineId === 'threshold')).toBe(true);
    // The second stage ran in the worker: the rows carry their embedding.
    expect(got.some((r) => r.embeddingRef?.startsWith('emb:'))).toBe(true);
  }, 300_000);
});
