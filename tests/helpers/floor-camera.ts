import type { StoredTrack } from '../../electron/host/store/track-history';
import type { ApiHost } from './api-host';

/**
 * The "floor" file camera of the track-history and live-search suites: the fixture video at 5 fps
 * through the YOLOv8n person detector (model id `yolov8n`) with the re-ID embedder (model id
 * `reid`) as its second stage, every `embedEverySec`. Replaces the demo camera. Returns the
 * camera's stored track-history rows around the run.
 */
export function startFloorCamera(
  api: ApiHost,
  o: { video: string; embedEverySec: number; started: number },
): () => StoredTrack[] {
  api.host.cameras.remove('demo');
  api.host.cameras.upsert({
    id: 'floor',
    name: 'Floor',
    source: { kind: 'file', path: o.video, loop: false },
    analysis: { fps: 5, width: 416, height: 416 },
    detector: { kind: 'onnx', modelId: 'yolov8n', classes: ['person'], motionGate: false },
    secondStage: {
      models: [
        { model: 'reid', task: 'embed', classes: ['person'], minIntervalSec: o.embedEverySec },
      ],
    },
  });
  const repo = api.services.trackHistory!.repo;
  return () => repo.list({ cameraId: 'floor', from: o.started - 60_000, to: Date.now() + 60_000 });
}
