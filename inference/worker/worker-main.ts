import { SecondStageRunner } from './reid/second-stage-runner';
import { liveEmbeddingReply } from './reid/live-embedding';
import {
  hostToWorkerSchema,
  type HostToWorker,
  type PlateReadResult,
  type SceneTestResult,
  type WorkerCamera,
  type WorkerToHost,
} from '../../electron/shared/protocol/worker-protocol';
import { parentPort } from './parent-port';
import { CameraSceneStage } from './scene/camera-scene';
import { liveReattachOptions } from '../vision/reid/live-reattach';
import { reattachEnabled } from '../../electron/shared/config/second-stage';
import { CameraPipeline } from './camera-pipeline';
import { EngineCache } from './detector/model-resolver';
import { SceneHistory } from '../vision/scene/scene-history';
import { ExternalSignalBook } from '../vision/rules/external-signal';
import { readPlateOnDemand, type PlateDetectorModel } from './scene/plate-reading';
import { cameraPlateCountries } from '../../electron/shared/domain/plate-country';
import { resolveModel } from './detector/model-resolver';
import { resolvePlateRecognizer, type PlateRecognizerModel } from './plates/plate-ocr-resolve';
import { removeOrphanedTempFiles } from './evidence/orphans';
import path from 'node:path';
import { WorkerMetricsReporter } from './metrics/worker-metrics-reporter';

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
const pipelines = new Map<
  string,
  { config: string; pipeline: CameraPipeline; scene: CameraSceneStage }
>();
/**
 * Recent detections per camera for the calibration tool's test mode. Kept while the camera's
 * source and detector stay the same (`key`), so saving a new rule set (which restarts the stage)
 * does not forget the last minute.
 */
const histories = new Map<string, { key: string; history: SceneHistory }>();

/**
 * Cameras whose evidence budget is full of protected evidence (the host says so): their
 * infractions are sealed with stills only, no clip, until the host lifts it.
 */
const clipsStopped = new Set<string>();

/**
 * External signal feeds per camera (traffic-light controllers, through the host): kept across
 * restarts of a camera's stage, so a saved rule set does not forget the light's phase.
 */
const externalSignals = new Map<string, ExternalSignalBook>();

function externalSignalsFor(cameraId: string): ExternalSignalBook {
  let book = externalSignals.get(cameraId);
  if (!book) externalSignals.set(cameraId, (book = new ExternalSignalBook()));
  return book;
}

function historyFor(id: string, cameraConfig: unknown): SceneHistory {
  const key = JSON.stringify(cameraConfig);
  const cur = histories.get(id);
  if (cur?.key === key) return cur.history;
  const history = new SceneHistory();
  histories.set(id, { key, history });
  return history;
}

/**
 * Stages of cameras that were reconfigured or removed while writing evidence: their writes
 * carry on (the camera's ring buffer keeps filling when it restarts) and shutdown waits for them.
 */
const retiring = new Set<CameraSceneStage>();

function retire(scene: CameraSceneStage): void {
  retiring.add(scene);
  void scene.idle().then(() => retiring.delete(scene));
}

/** Stage timings folded into buckets; a snapshot goes to the host every few seconds. */
const metrics = new WorkerMetricsReporter(
  (snapshot) => send({ type: 'metrics', snapshot }),
  () => [...pipelines].map(([cameraId, p]) => ({ cameraId, frames: p.pipeline.inferenceQueued })),
).start();

/** How long shutdown waits for evidence in progress before the worker exits anyway. */
const EVIDENCE_DRAIN_MS = 8000;

let shuttingDown = false;

function setCameras(cameras: WorkerCamera[]): void {
  if (!init || !engines || shuttingDown) return;
  const wanted = new Map(cameras.filter((c) => c.enabled).map((c) => [c.id, c]));
  for (const id of histories.keys()) if (!wanted.has(id)) histories.delete(id);
  for (const id of externalSignals.keys()) if (!wanted.has(id)) externalSignals.delete(id);
  for (const [id, p] of pipelines) {
    const next = wanted.get(id);
    if (!next || JSON.stringify(next) !== p.config) {
      p.pipeline.stop();
      p.scene.stop();
      retire(p.scene);
      pipelines.delete(id);
    }
  }
  for (const [id, config] of wanted) {
    if (pipelines.has(id)) continue;
    const { scene: sceneConfig, ...cameraConfig } = config;
    const scene = new CameraSceneStage({
      cameraId: id,
      scene: sceneConfig,
      plateCountry: cameraPlateCountries(config),
      plateDetector: plateDetectorFor(id, config.plateDetectorModelId, init.modelsDir),
      plateRecognizer: plateRecognizerFor(id, config.plates?.recognizer, init.modelsDir),
      dataDir: init.dataDir,
      ffmpegPath: init.ffmpegPath,
      onEvent: (event) => send({ type: 'event', cameraId: id, event }),
      history: historyFor(id, cameraConfig),
      clipsEnabled: () => !clipsStopped.has(id),
      externalSignals: externalSignalsFor(id),
      log,
      stage: metrics.observer(id),
      ...(config.secondStage.models.length
        ? {
            secondStage: new SecondStageRunner({
              cameraId: id,
              config: config.secondStage,
              modelsDir: init.modelsDir,
              inference: init.inference,
              log,
            }),
            ...(reattachEnabled(config.secondStage)
              ? { reattach: liveReattachOptions(config.secondStage.reattach) }
              : {}),
          }
        : {}),
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
        // Only cameras with rules make infractions, so only they pay for source-resolution stills.
        ...(scene.wantsStills ? { still: (frame) => scene.rememberStill(frame) } : {}),
        // Tracking, speed and rules run on every frame's detections before they leave the worker.
        detections: (d) => send({ type: 'detections', ...d, detections: scene.process(d) }),
        shadow: (sample) => send({ type: 'shadow-sample', ...sample }),
        stage: metrics.observer(id),
        log,
      },
    );
    // A role-split camera decodes its stills from the recording, on demand (once its pipeline runs).
    scene.useStillSource(() => pipeline.stillSource);
    pipelines.set(id, { config: JSON.stringify(config), pipeline, scene });
    // A camera whose model cannot load reports its own error state; the others carry on.
    pipeline
      .start()
      .catch((err: unknown) =>
        log('error', 'camera pipeline failed', { cameraId: id, error: String(err) }),
      );
  }
}

/**
 * The camera's plate-detector model file; a model that is not installed is logged and the camera
 * reads plates with the OCR text detector instead (the infraction keeps its evidence either way).
 */
function plateDetectorFor(
  cameraId: string,
  modelId: string | undefined,
  modelsDir: string,
): PlateDetectorModel | undefined {
  if (!modelId) return undefined;
  try {
    return resolveModel(modelId, modelsDir);
  } catch (err) {
    log('error', 'plate detector model unavailable; plates are localised by the text detector', {
      cameraId,
      modelId,
      error: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  }
}

/** The camera's dedicated plate-OCR model; one that cannot be found is logged and PP-OCR reads. */
function plateRecognizerFor(
  cameraId: string,
  recognizer: 'ppocr' | { modelId: string } | undefined,
  modelsDir: string,
): PlateRecognizerModel | undefined {
  if (!recognizer || recognizer === 'ppocr') return undefined;
  try {
    return resolvePlateRecognizer(recognizer.modelId, modelsDir);
  } catch (err) {
    log('error', 'plate-OCR model unavailable; PP-OCR reads the plates', {
      cameraId,
      modelId: recognizer.modelId,
      error: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  }
}

/** Test mode: replays the camera's recent detections with the draft settings; always replies. */
async function testScene(msg: Extract<HostToWorker, { type: 'test-scene' }>): Promise<void> {
  const { type: _t, cameraId, ...req } = msg;
  const p = pipelines.get(cameraId);
  let result: SceneTestResult;
  if (!p) {
    result = {
      requestId: req.requestId,
      ok: false,
      code: 'ui.rules.test.notRunning',
      error: `camera ${cameraId} is not running in this worker`,
    };
  } else {
    try {
      result = await p.scene.test(req);
    } catch (err) {
      result = {
        requestId: req.requestId,
        ok: false,
        code: 'ui.rules.test.failed',
        error: err instanceof Error ? err.message : String(err),
      };
    }
  }
  send({ type: 'scene-test-result', result });
}

/** Review's "read the plate again" on a stored image: the worker's shared plate reader; always replies. */
async function readPlate(msg: Extract<HostToWorker, { type: 'read-plate' }>): Promise<void> {
  const { type: _t, requestId, ...req } = msg;
  let result: PlateReadResult;
  try {
    result = { requestId, ...(await readPlateOnDemand(req, log)) } as PlateReadResult;
  } catch (err) {
    result = {
      requestId,
      ok: false,
      code: 'plates.read.failed',
      message: err instanceof Error ? err.message : String(err),
      candidates: [],
      elapsedMs: 0,
    };
  }
  send({ type: 'plate-read-result', result });
}

/**
 * Stops every camera, lets the infractions being written finish from what was recorded (within
 * EVIDENCE_DRAIN_MS), then exits: a sealed event reaches the host instead of a half-cut temp clip.
 */
async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  metrics.stop();
  for (const p of pipelines.values()) {
    p.pipeline.stop();
    p.scene.stop();
    retiring.add(p.scene);
  }
  pipelines.clear();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled([...retiring].map((s) => s.finish())),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, EVIDENCE_DRAIN_MS))),
  ]);
  clearTimeout(timer);
  void engines?.closeAll();
  // Give the IPC channel a moment to flush the final statuses and events.
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
      engines = new EngineCache(
        msg.modelsDir,
        msg.inference,
        undefined,
        path.join(msg.dataDir, 'trt-cache'),
      );
      // Temp files of a worker that died mid-write (never those of a running one).
      void removeOrphanedTempFiles(path.join(msg.dataDir, 'evidence'))
        .then((removed) => {
          if (removed.length)
            log('warn', 'removed evidence temp files left by an interrupted write', {
              files: removed.length,
            });
        })
        .catch(() => undefined);
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
      void shutdown();
      break;
    case 'test-scene':
      void testScene(msg);
      break;
    case 'read-plate':
      void readPlate(msg);
      break;
    case 'live-embedding':
      // The latest embedding the camera's second stage holds for a track still in view.
      send(liveEmbeddingReply(msg, pipelines.get(msg.cameraId)?.scene));
      break;
    case 'evidence-clips':
      if (msg.enabled) clipsStopped.delete(msg.cameraId);
      else clipsStopped.add(msg.cameraId);
      break;
    case 'signal-state':
      externalSignalsFor(msg.cameraId).apply(msg.signalId, {
        state: msg.state,
        atMs: msg.atMs,
        heardAtMs: msg.heardAtMs,
        ttlMs: msg.ttlMs,
      });
      break;
  }
});
parentPort.onParentGone(() => void shutdown());
process.on('SIGTERM', () => void shutdown());
