import path from 'node:path';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { CameraConfig } from '../../electron/shared/config/camera';
import { calibrationConfigSchema } from '../../electron/shared/config/calibration';
import { ruleSetSchema } from '../../electron/shared/config/rules';
import { inferenceSettingsSchema } from '../../electron/shared/protocol/worker-protocol';
import type { InfractionEvent } from '../../electron/shared/domain/infraction';
import type { FrameDetections } from '../../electron/shared/domain/detection';
import { CameraPipeline } from '../../inference/worker/camera-pipeline';
import { EngineCache } from '../../inference/worker/detector/model-resolver';
import { CameraSceneStage } from '../../inference/worker/scene/camera-scene';

export interface LiveSceneRun {
  events: InfractionEvent[];
  /** Reasons of `evidence-failed` events. */
  failures: string[];
  detections: FrameDetections[];
  /** Stills the pipeline streamed while running (0 when stills are decoded on demand). */
  streamedStills: number;
  /** ffmpeg processes the pipeline started (one per input leg). */
  ffmpegProcesses: number;
  /** Whether the pipeline offered on-demand stills from its recording. */
  stillsOnDemand: boolean;
}

/**
 * Runs a file camera to its end as the worker runs a live one (real-time pacing, previews, no
 * backpressure, no reconnect), with the scene stage on the given calibration and rules, and
 * returns what it raised once every piece of evidence is written.
 */
export async function runFileCameraLive(o: {
  config: CameraConfig;
  calibrationFile: string;
  rulesFile: string;
  dataDir: string;
  ffmpegPath: string;
}): Promise<LiveSceneRun> {
  const { config, dataDir, ffmpegPath } = o;
  const run: LiveSceneRun = {
    events: [],
    failures: [],
    detections: [],
    streamedStills: 0,
    ffmpegProcesses: 0,
    stillsOnDemand: false,
  };
  const stage = new CameraSceneStage({
    cameraId: config.id,
    scene: {
      calibration: calibrationConfigSchema.parse(
        JSON.parse(readFileSync(o.calibrationFile, 'utf8')),
      ),
      rules: ruleSetSchema.parse(JSON.parse(readFileSync(o.rulesFile, 'utf8'))),
    },
    dataDir,
    ffmpegPath,
    // No wait for the ring buffer: the clip is not what these runs are about.
    ringWaitTimeoutMs: 0,
    onEvent: (e) => {
      if (e.kind === 'infraction') run.events.push(e.infraction);
      if (e.kind === 'evidence-failed') run.failures.push(e.reason);
    },
    log: () => {},
  });
  expect(stage.wantsStills).toBe(true);
  const engines = new EngineCache(path.join(dataDir, 'models'), inferenceSettingsSchema.parse({}));
  let endOfFile = (): void => {};
  const ended = new Promise<void>((resolve) => (endOfFile = resolve));
  const pipeline = new CameraPipeline(
    config,
    {
      ffmpegPath,
      engines,
      dataDir,
      preview: true,
      realtime: true,
      reconnect: false,
      backpressure: false,
    },
    {
      status: () => {},
      log: () => {},
      preview: (f) => stage.rememberPreview(f),
      still: (f) => {
        run.streamedStills++;
        stage.rememberStill(f);
      },
      detections: (d) => {
        run.detections.push(d);
        void stage.process(d);
      },
      end: () => endOfFile(),
    },
  );
  stage.useStillSource(() => pipeline.stillSource);
  await pipeline.start();
  run.ffmpegProcesses = pipeline.pids.length;
  run.stillsOnDemand = pipeline.stillSource !== undefined;
  await ended;
  await stage.settled();
  pipeline.stop();
  stage.stop();
  await engines.closeAll();
  return run;
}
