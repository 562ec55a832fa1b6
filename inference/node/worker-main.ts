import {
  hostToWorkerSchema,
  type HostToWorker,
  type WorkerCamera,
  type WorkerToHost,
} from '../common/worker-protocol';
import { parentPort } from './parent-port';
import { CameraSceneStage } from './scene/camera-scene';
import { CameraPipeline } from './camera-pipeline';
import { EngineCache } from './inference/model-resolver';

/**
 * Inference worker process entry. It owns its cameras end to end (ingest, detector, ring buffer);
 * only status, detections, events and preview JPEGs go to the host. Started by the host's
 * supervisor through utilityProcess.fork (Electron) or child_process.fork (Node).
 */
const send = (msg: WorkerToHost): void => parentPort.send(msg);
const log = (
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
): void => send({ type: 'log', level, msg, ...(fields ? { fields } : {}) });

let init: Extract<HostToWorker, { type: 'init' }> | undefined;
let engines: EngineCache | undefined;
const pipelines = new Map<string, { config: string; pipeline: CameraPipeline }>();

function setCameras(cameras: WorkerCamera[]): void {
  if (!init || !engines) return;
  const wanted = new Map(cameras.filter((c) => c.enabled).map((c) => [c.id, c]));
  for (const [id, p] of pipelines) {
    const next = wanted.get(id);
    if (!next || JSON.stringify(next) !== p.config) {
      p.pipeline.stop();
      pipelines.delete(id);
    }
  }
  for (const [id, config] of wanted) {
    if (pipelines.has(id)) continue;
    const { scene: sceneConfig, ...cameraConfig } = config;
    const scene = new CameraSceneStage({
      cameraId: id,
      scene: sceneConfig,
      plateCountry: config.plateCountry,
      dataDir: init.dataDir,
      ffmpegPath: init.ffmpegPath,
      onEvent: (event) => send({ type: 'event', cameraId: id, event }),
      log,
    });
    const pipeline = new CameraPipeline(
      cameraConfig,
      {
        ffmpegPath: init.ffmpegPath,
        engines,
        dataDir: init.dataDir,
        preview: true,
        realtime: true,
        reconnect: true,
        backpressure: false,
      },
      {
        status: (status) => send({ type: 'camera-status', status }),
        preview: (frame) => {
          scene.rememberPreview(frame);
          send({ type: 'preview', cameraId: id, ...frame });
        },
        // Tracking, speed and rules run on every frame's detections before they leave the worker.
        detections: (d) => send({ type: 'detections', ...d, detections: scene.process(d) }),
        log,
      },
    );
    pipelines.set(id, { config: JSON.stringify(config), pipeline });
    // A camera whose model cannot load reports its own error state; the others carry on.
    pipeline
      .start()
      .catch((err: unknown) =>
        log('error', 'camera pipeline failed', { cameraId: id, error: String(err) }),
      );
  }
}

function shutdown(): void {
  for (const p of pipelines.values()) p.pipeline.stop();
  pipelines.clear();
  void engines?.closeAll();
  // Give the IPC channel a moment to flush the final statuses.
  setTimeout(() => process.exit(0), 50);
}

parentPort.onMessage((raw) => {
  const parsed = hostToWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    log('warn', 'invalid message from host ignored');
    return;
  }
  const msg = parsed.data;
  switch (msg.type) {
    case 'init':
      init = msg;
      engines = new EngineCache(msg.modelsDir, msg.inference);
      send({ type: 'ready', pid: process.pid });
      break;
    case 'set-cameras':
      setCameras(msg.cameras);
      break;
    case 'ping':
      send({
        type: 'pong',
        t: msg.t,
        rssBytes: process.memoryUsage().rss,
        cameras: pipelines.size,
        childPids: [...pipelines.values()]
          .map((p) => p.pipeline.pid)
          .filter((p): p is number => p !== undefined),
      });
      break;
    case 'shutdown':
      shutdown();
      break;
  }
});
parentPort.onParentGone(shutdown);
process.on('SIGTERM', shutdown);
