import path from 'node:path';
import {
  cameraConfigSchema,
  type CameraConfig,
  type CameraSource,
  type CameraStatus,
} from '../../electron/shared/config/camera';
import type { InferenceSettings } from '../../electron/shared/protocol/worker-protocol';
import type { FrameDetections } from '../../electron/shared/domain/detection';
import { CameraPipeline, type FrameTimings } from './camera-pipeline';
import type { JpegFrame } from './camera/camera-runner';
import { EngineCache } from './detector/model-resolver';

/**
 * A CLI argument → camera source: URLs by scheme, /dev/videoN, anything else a local file (made
 * absolute, so `concat:…` or `subfile:…` is just a file name that does not exist).
 */
export function sourceFromArg(arg: string, loop = false): CameraSource {
  if (/^rtsps?:\/\//i.test(arg)) return { kind: 'rtsp', url: arg, transport: 'tcp' };
  if (/^https?:\/\//i.test(arg))
    return /\.m3u8(\?|$)/i.test(arg) ? { kind: 'hls', url: arg } : { kind: 'http', url: arg };
  if (/^\/dev\/video\d+$/.test(arg)) return { kind: 'v4l2', device: arg };
  return { kind: 'file', path: path.resolve(arg), loop };
}

export interface AnalysisRun {
  id?: string;
  source: CameraSource;
  /** .onnx path or installed model id; omitted: the motion detector. */
  model?: string;
  modelsDir: string;
  ffmpegPath: string;
  inference: InferenceSettings;
  /** Analysis rate; files default to their own rate. */
  fps?: number;
  classes?: string[];
  scoreThreshold?: number;
  multiLabel?: boolean;
  motionGate?: boolean;
  /** Live-like pacing; false (default) processes a file as fast as the detector goes, every frame. */
  realtime?: boolean;
  /** Stop after this many seconds (streams run until stopped otherwise). */
  durationSec?: number;
  /** Stops the run early (Ctrl-C). */
  signal?: AbortSignal;
}

export interface AnalysisHooks {
  /** Called for every analysed frame, in order: where per-frame consumers (rules, writers) plug in. */
  onFrame?(d: FrameDetections): void;
  /**
   * Given: ffmpeg also makes a JPEG of every analysed frame at the source's own resolution, with
   * the frameId of its detections (evidence snapshots of exactly the frame a rule fired on). It
   * may come a moment after that frame's `onFrame`; all have come when the run ends.
   */
  onStill?(still: JpegFrame): void;
  onTimings?(t: FrameTimings): void;
  onStatus?(s: CameraStatus): void;
  onLog?(level: string, msg: string, fields?: Record<string, unknown>): void;
}

export interface AnalysisSummary {
  frames: number;
  detections: number;
  seconds: number;
  status?: CameraStatus;
  /** Set when the source or model failed. */
  error?: { code: string; message: string };
}

/**
 * Runs the worker's camera pipeline headless over one source, without the host: the same ingest,
 * detector and post-processing as a live camera, but every frame processed (backpressure) and an
 * end when the file ends. Several runs may share one EngineCache (the benchmark's N cameras).
 */
export async function runAnalysis(
  run: AnalysisRun,
  hooks: AnalysisHooks = {},
  engines?: EngineCache,
): Promise<AnalysisSummary> {
  const ownEngines = !engines;
  const cache = engines ?? new EngineCache(run.modelsDir, run.inference);
  const config: CameraConfig = cameraConfigSchema.parse({
    id: run.id ?? 'analyze',
    name: run.id ?? 'analyze',
    source: run.source,
    analysis: { fps: run.fps ?? 10 },
    buffer: { seconds: 0 },
    // Evidence stills at the source's own resolution: the stored box is in source pixels.
    stills: { maxWidth: 0 },
    stallTimeoutSec: 20,
    detector: {
      kind: run.model ? 'onnx' : 'motion',
      modelId: run.model,
      classes: run.classes ?? [],
      ...(run.scoreThreshold !== undefined ? { scoreThreshold: run.scoreThreshold } : {}),
      multiLabel: run.multiLabel ?? false,
      motionGate: run.motionGate ?? false,
    },
  });
  const started = performance.now();
  let frames = 0;
  let detections = 0;
  let last: CameraStatus | undefined;
  let failure: CameraStatus | undefined;
  const finished = new Promise<void>((resolve) => {
    const pipeline = new CameraPipeline(
      config,
      {
        ffmpegPath: run.ffmpegPath,
        engines: cache,
        preview: false,
        realtime: run.realtime ?? false,
        reconnect: false,
        backpressure: !(run.realtime ?? false),
        everyFrame: run.fps === undefined,
      },
      {
        status: (s) => {
          last = s;
          if (s.state === 'error') failure ??= s;
          hooks.onStatus?.(s);
        },
        detections: (d) => {
          frames++;
          detections += d.detections.length;
          hooks.onFrame?.(d);
        },
        ...(hooks.onStill ? { still: hooks.onStill } : {}),
        timings: hooks.onTimings,
        log: (level, msg, fields) => hooks.onLog?.(level, msg, fields),
        end: () => {
          pipeline.stop();
          resolve();
        },
      },
    );
    if (run.durationSec) {
      setTimeout(() => {
        pipeline.stop();
        resolve();
      }, run.durationSec * 1000).unref();
    }
    run.signal?.addEventListener('abort', () => {
      pipeline.stop();
      resolve();
    });
    void pipeline.start();
  });
  await finished;
  if (ownEngines) await cache.closeAll();
  // Stopping after a failure reports `stopped`; the failure is what the caller needs.
  const error = failure
    ? {
        code: failure.reasonCode ?? 'camera.error.source_ended',
        message: failure.reason ?? 'failed',
      }
    : undefined;
  return { frames, detections, seconds: (performance.now() - started) / 1000, status: last, error };
}
