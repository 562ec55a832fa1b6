import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/coded-error';
import {
  inferenceSettingsSchema,
  type InferenceSettings,
} from '../../shared/protocol/worker-protocol';
import { resolveModel } from '../../../inference/worker/detector/model-resolver';
import { frameImageFromBase64 } from '../models/frame-image';
import { resolveProbeEntry, runProbe } from '../models/probe';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { Logger } from '../logging/logger';
import type { WorkerForker } from '../workers/worker-process';
import type { DomainHandlers } from '../api-types';

/** Frames analysed at once (each in its own probe process with a model session). */
export const ANALYZE_MAX_RUNNING = 2;
/** Frames waiting for a free slot; one more is answered `frames.busy`. */
export const ANALYZE_MAX_WAITING = 4;
const ANALYZE_TIMEOUT_MS = 30_000;

/** An installed model's id (never a path: a caller cannot point the host at a file). */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** What `frames.analyze` needs: models, cameras, how to start the model probe, ffmpeg. */
export interface FrameContext {
  modelsDir: string;
  forker: WorkerForker;
  /** The inference worker's entry; the model probe's sits beside it. */
  workerEntry: string;
  inference?: Partial<InferenceSettings>;
  cameras: Pick<CameraRegistry, 'get'>;
  ffmpegPath: string;
  logger: Logger;
  maxRunning?: number;
  maxWaiting?: number;
}

/** A bounded FIFO of jobs: `maxRunning` at once, `maxWaiting` queued, the rest refused. */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting)
        throw new CodedError(
          'frames.busy',
          `${this.running} frames are being analysed and ${this.waiting.length} are waiting; try again in a moment`,
        );
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next job in line.
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * Single-frame analysis for systems around the control room: one posted JPEG or PNG through the
 * camera's model or an installed one, in a model probe process (the path of `models.tryOnFrame`),
 * so neither decoding nor ONNX Runtime runs on the host's event loop. Nothing is stored.
 */
export function createFrameHandlers(c: FrameContext): DomainHandlers<'frames'> {
  const settings = inferenceSettingsSchema.parse(c.inference ?? {});
  const queue = new BoundedQueue(
    c.maxRunning ?? ANALYZE_MAX_RUNNING,
    c.maxWaiting ?? ANALYZE_MAX_WAITING,
  );

  /** The model to run and the classes kept: the camera's, or the installed `modelId`. */
  const modelFor = (
    cameraId: string | undefined,
    modelId: string | undefined,
  ): { id: string; classes: string[] } => {
    if (cameraId !== undefined) {
      const camera = c.cameras.get(cameraId);
      if (!camera)
        throw new CodedError('frames.camera_not_found', `no camera "${cameraId}"`, { cameraId });
      const d = camera.detector;
      if (d.kind !== 'onnx' || !d.modelId)
        throw new CodedError(
          'frames.camera_no_model',
          `camera "${cameraId}" uses the motion detector, which needs video, not one frame`,
          { cameraId },
        );
      return { id: d.modelId, classes: d.classes };
    }
    const id = modelId!;
    if (
      !MODEL_ID.test(id) ||
      id.toLowerCase().endsWith('.onnx') ||
      !existsSync(path.join(c.modelsDir, `${id}.onnx`))
    )
      throw new CodedError('frames.model_not_installed', `no installed model "${id}"`, { id });
    return { id, classes: [] };
  };

  return {
    'frames.analyze': async ({ imageBase64, cameraId, modelId, scoreThreshold }) => {
      const image = frameImageFromBase64(imageBase64);
      const chosen = modelFor(cameraId, modelId);
      let model;
      try {
        model = resolveModel(chosen.id, c.modelsDir);
      } catch (err) {
        throw new CodedError(
          'frames.model_not_installed',
          err instanceof Error ? err.message : String(err),
          { id: chosen.id },
        );
      }
      const r = await queue
        .run(() =>
          runProbe(
            {
              forker: c.forker,
              entry: resolveProbeEntry(c.workerEntry),
              timeoutMs: ANALYZE_TIMEOUT_MS,
            },
            {
              type: 'try',
              modelPath: model.path,
              override: model.override,
              jpeg: image.bytes,
              ffmpegPath: c.ffmpegPath,
              inference: settings,
              scoreThreshold,
              iouThreshold: 0.45,
              maxDetections: 300,
              strictDecode: true,
            },
            'tried',
          ),
        )
        .catch((err: unknown) => {
          // The decoder refused the pixels behind a readable header.
          if ((err as { code?: string }).code === 'models.try.bad_frame')
            throw new CodedError('frames.image.corrupt', (err as Error).message);
          throw err;
        });
      const keep = chosen.classes.length ? new Set(chosen.classes) : undefined;
      return {
        modelId: chosen.id,
        width: r.width,
        height: r.height,
        detections: keep ? r.detections.filter((d) => keep.has(d.label)) : r.detections,
        provider: r.provider,
        inferenceMs: Math.round(r.inferenceMs * 10) / 10,
      };
    },
  };
}
