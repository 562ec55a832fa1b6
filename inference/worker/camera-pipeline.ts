import type { AnalysisOutput } from './camera/pipeline-args';
import { ShadowRunner, type ShadowSampleEvent } from './detector/shadow-runner';
import type { ShadowSpec } from '../../electron/shared/protocol/worker-protocol';
import { isCodedError } from '../../electron/shared/coded-error';
import type { CameraConfig, CameraStatus } from '../../electron/shared/config/camera';
import type { Detection, FrameDetections } from '../../electron/shared/domain/detection';
import { MotionDetector } from '../vision/motion/motion-detector';
import { Postprocessor } from '../vision/detect/postprocess';
import { rgbToGraySubsampled } from '../vision/detect/preprocess';
import { unletterboxBoxes, type Letterbox } from '../vision/detect/letterbox';
import {
  createCameraIngest,
  type CameraIngest,
  type StillSource,
} from './camera/role-split-runner';
import { scaleBox } from './camera/stream-roles';
import { type AnalysisFrame, type JpegFrame, type PreviewFrame } from './camera/camera-runner';
import type { EngineCache } from './detector/model-resolver';
import { type JobTimings, type ModelEngine } from './detector/model-engine';
import type { PipelineStage } from '../../electron/shared/protocol/worker-metrics';

/** Per-frame stage timings (ms), for the pipeline benchmark. */
export interface FrameTimings extends JobTimings {
  postprocessMs: number;
  /** Frame fully read from ffmpeg → detections emitted. */
  endToEndMs: number;
  /** The model was skipped because the scene was static. */
  gated: boolean;
}

export interface PipelineEvents {
  status(status: CameraStatus): void;
  preview?(frame: PreviewFrame): void;
  detections(d: FrameDetections): void;
  /** Evidence stills (source resolution); given only by consumers that keep them: ffmpeg then makes them. */
  still?(frame: JpegFrame): void;
  log(
    level: 'debug' | 'info' | 'warn' | 'error',
    msg: string,
    fields?: Record<string, unknown>,
  ): void;
  timings?(t: FrameTimings): void;
  /**
   * One stage of one frame took `ms` (for the worker's metrics). `infer` also names the model and
   * the execution provider that ran it.
   */
  stage?(stage: PipelineStage, ms: number, inference?: { model: string; provider: string }): void;
  /** Shadow mode: one challenger run beside the champion (figures only, no events). */
  shadow?(s: ShadowSampleEvent): void;
  end?(): void;
}

export interface PipelineContext {
  ffmpegPath: string;
  engines: EngineCache;
  dataDir?: string;
  preview: boolean;
  realtime: boolean;
  reconnect: boolean;
  /** Process every frame (files, benchmarks): ffmpeg waits for the detector instead of frames being dropped. */
  backpressure: boolean;
  /** Analyse every source frame (no resampling to the configured analysis fps). */
  everyFrame?: boolean;
}

const MOTION_LABEL = 'motion';

/**
 * One camera end to end inside the worker: ingest (CameraRunner) → detector → detections with the
 * frameId of the preview frame they were computed on. The detector is the ONNX model shared
 * through the EngineCache, gated by motion, or the motion detector alone when no model is set.
 */
export class CameraPipeline {
  private runner?: CameraIngest;
  private engine?: ModelEngine;
  private post?: Postprocessor;
  private motion?: MotionDetector;
  private gateGray?: Uint8Array;
  private lastModelRunAt = 0;
  private lastDetections: Detection[] = [];
  private inferMsAvg?: number;
  private stopped = false;
  private inFlight = 0;
  private shadow?: ShadowRunner;

  constructor(
    readonly config: CameraConfig & { shadow?: ShadowSpec },
    private readonly ctx: PipelineContext,
    private readonly events: PipelineEvents,
  ) {}

  get pid(): number | undefined {
    return this.runner?.pid;
  }

  /** Every ffmpeg of this camera (two for a role-split camera). */
  get pids(): number[] {
    return this.runner?.pids ?? [];
  }

  /**
   * Set once started when this camera's stills are decoded on demand from its recording (a
   * role-split camera): the `still` events then do not come, and stills are asked for here.
   */
  get stillSource(): StillSource | undefined {
    return this.runner?.stills;
  }

  /** Frames of this camera waiting for the detector now. */
  get inferenceQueued(): number {
    return this.engine?.queuedFor(this.config.id) ?? 0;
  }

  get usesModel(): boolean {
    return this.config.detector.kind === 'onnx' && !!this.config.detector.modelId;
  }

  async start(): Promise<void> {
    const c = this.config;
    const status = (patch: Partial<CameraStatus>): void =>
      this.events.status({
        cameraId: c.id,
        state: 'connecting',
        frames: 0,
        fps: 0,
        droppedByRate: 0,
        lost: 0,
        reconnects: 0,
        ...patch,
      });
    let analysis: AnalysisOutput;
    if (this.usesModel) {
      status({ state: 'connecting' });
      try {
        this.engine = await this.ctx.engines.acquire(
          c.detector.modelId!,
          { width: c.analysis.width, height: c.analysis.height },
          {
            override: c.inference,
            // TensorRT's first engine build takes minutes: say so rather than look dead.
            onAttempt: (provider) =>
              status(
                provider === 'tensorrt'
                  ? { state: 'connecting', phase: 'building-trt-engine', provider }
                  : { state: 'connecting' },
              ),
          },
        );
      } catch (err) {
        const code = isCodedError(err) ? err.code : 'inference.model.failed';
        const reason = err instanceof Error ? err.message : String(err);
        this.events.log('error', 'camera model failed to load', { cameraId: c.id, reason });
        status({ state: 'error', reasonCode: code, reason });
        this.events.end?.();
        return;
      }
      if (this.stopped) {
        this.ctx.engines.release(this.engine);
        return;
      }
      if (this.engine.sessionThreadNote)
        this.events.log('warn', 'inference session runs on the worker thread', {
          cameraId: c.id,
          reason: this.engine.sessionThreadNote,
        });
      const spec = this.engine.spec;
      this.post = new Postprocessor(spec, {
        scoreThreshold: c.detector.scoreThreshold,
        iouThreshold: c.detector.iouThreshold,
        maxDetections: c.detector.maxDetections,
        classes: c.detector.classes,
        multiLabel: c.detector.multiLabel,
      });
      const shadow = this.config.shadow;
      const report = this.events.shadow;
      if (shadow && report) {
        this.shadow = new ShadowRunner(
          shadow,
          c.id,
          {
            scoreThreshold: c.detector.scoreThreshold,
            iouThreshold: c.detector.iouThreshold,
            maxDetections: c.detector.maxDetections,
            classes: c.detector.classes,
          },
          this.ctx.engines,
          report,
          (msg, fields) => this.events.log('warn', msg, fields),
        );
        void this.shadow.start();
      }
      analysis = {
        width: spec.inputWidth,
        height: spec.inputHeight,
        pixFmt: 'rgb24',
        anchor: spec.normalisation?.letterbox,
        padValue: spec.normalisation?.padValue,
      };
    } else {
      analysis = { width: c.motion.width, height: c.motion.height, pixFmt: 'gray' };
      this.motion = new MotionDetector({
        width: c.motion.width,
        height: c.motion.height,
        threshold: c.motion.threshold,
        minArea: c.motion.minArea,
      });
    }
    this.runner = createCameraIngest(
      c,
      {
        ffmpegPath: this.ctx.ffmpegPath,
        analysis,
        preview: this.ctx.preview,
        ...(this.events.still ? { stills: c.stills } : {}),
        dataDir: this.ctx.dataDir,
        realtime: this.ctx.realtime,
        reconnect: this.ctx.reconnect,
        everyFrame: this.ctx.everyFrame,
      },
      {
        status: (s) => this.events.status(this.withInference(s)),
        preview: this.events.preview ? (f) => this.events.preview!(f) : undefined,
        still: this.events.still ? (f) => this.events.still!(f) : undefined,
        frame: (f) => this.onFrame(f),
        log: this.events.log,
        end: () => this.waitIdle().then(() => this.events.end?.()),
      },
    );
    this.runner.start();
  }

  stop(): void {
    this.stopped = true;
    this.shadow?.stop();
    this.runner?.stop();
    if (this.engine) {
      this.engine.cancel(this.config.id);
      this.ctx.engines.release(this.engine);
      this.engine = undefined;
    }
  }

  private withInference(s: CameraStatus): CameraStatus {
    if (!this.engine) return { ...s, provider: s.provider ?? (this.motion ? 'motion' : undefined) };
    return {
      ...s,
      provider: this.engine.provider,
      providerNote: this.engine.providerNote,
      providerRequested: this.engine.providerRequested,
      providerReasonCode: this.engine.providerReasonCode,
      ...(this.inferMsAvg !== undefined
        ? { inferenceMs: Math.round(this.inferMsAvg * 10) / 10 }
        : {}),
    };
  }

  private async waitIdle(): Promise<void> {
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private emit(frame: AnalysisFrame, detections: Detection[]): void {
    const lb = frame.letterbox;
    // Measured on the detect stream; reported (rules, overlays, evidence) in main-stream pixels.
    const src = { width: lb.srcWidth, height: lb.srcHeight };
    const main = frame.mainSize;
    const scaled =
      main && (main.width !== src.width || main.height !== src.height)
        ? detections.map((d) => scaleBox(d, src, main))
        : detections;
    this.events.detections({
      cameraId: this.config.id,
      frameId: frame.frameId,
      ts: frame.ts,
      width: main?.width ?? src.width,
      height: main?.height ?? src.height,
      detections: scaled,
    });
  }

  private onFrame(frame: AnalysisFrame): void {
    if (this.stopped) return;
    if (frame.readMs !== undefined) this.events.stage?.('decode', frame.readMs);
    if (!this.engine) return this.onMotionFrame(frame);
    const c = this.config;
    const now = Date.now();
    if (
      c.detector.motionGate &&
      this.gate(frame) &&
      now - this.lastModelRunAt < c.detector.gateRefreshSec * 1000
    ) {
      // Static scene: what was there is still there; skip the model.
      this.emit(frame, this.lastDetections);
      this.events.timings?.({
        queuedMs: 0,
        preprocessMs: 0,
        inferMs: 0,
        batchSize: 0,
        postprocessMs: 0,
        endToEndMs: performance.now() - frame.arrivedAt,
        gated: true,
      });
      return;
    }
    this.lastModelRunAt = now;
    // With backpressure, one frame runs and one waits ready in the engine, so the session never
    // waits for ffmpeg; then reading pauses (ffmpeg blocks on the full pipe). Frames already read
    // queue behind (keepAll) rather than replace each other: every frame is analysed.
    this.inFlight++;
    if (this.ctx.backpressure && this.inFlight >= 2) this.runner?.setPaused(true);
    const settle = (): void => {
      this.inFlight--;
      if (this.ctx.backpressure && !this.stopped && this.inFlight < 2)
        this.runner?.setPaused(false);
    };
    this.engine.submit({
      key: c.id,
      keepAll: this.ctx.backpressure,
      rgb: frame.data,
      arrivedAt: frame.arrivedAt,
      done: (outputs, b, timings) => {
        settle();
        if (this.stopped) return;
        const t0 = performance.now();
        const dets = this.post!.run(outputs, b, frame.letterbox);
        const t1 = performance.now();
        this.lastDetections = dets;
        this.shadow?.offer(frame, dets, timings.inferMs);
        const stage = this.events.stage;
        if (stage) {
          stage('preprocess', timings.preprocessMs);
          stage('infer', timings.inferMs, {
            model: this.config.detector.modelId ?? 'unknown',
            provider: this.engine?.provider ?? 'unknown',
          });
          stage('postprocess', t1 - t0);
        }
        this.inferMsAvg =
          this.inferMsAvg === undefined
            ? timings.inferMs
            : this.inferMsAvg * 0.9 + timings.inferMs * 0.1;
        this.emit(frame, dets);
        this.events.timings?.({
          ...timings,
          postprocessMs: t1 - t0,
          endToEndMs: t1 - frame.arrivedAt,
          gated: false,
        });
      },
      dropped: () => {
        settle();
        this.runner?.countLost();
      },
      failed: (err) => {
        settle();
        this.events.log('warn', 'inference failed', { cameraId: c.id, error: err.message });
      },
    });
  }

  /** True when the scene is static (the motion detector sees nothing moving). */
  private gate(frame: AnalysisFrame): boolean {
    const lb = frame.letterbox;
    const step = Math.max(1, Math.round(Math.max(lb.scaledWidth, lb.scaledHeight) / 192));
    const w = Math.floor(lb.scaledWidth / step);
    const h = Math.floor(lb.scaledHeight / step);
    if (w < 4 || h < 4) return false;
    if (!this.motion || this.motion.width !== w || this.motion.height !== h) {
      this.motion = new MotionDetector({
        width: w,
        height: h,
        threshold: this.config.motion.threshold,
        minArea: this.config.motion.minArea,
      });
      this.gateGray = new Uint8Array(w * h);
    }
    rgbToGraySubsampled(
      frame.data,
      lb.dstWidth,
      { x: lb.padX, y: lb.padY, w: lb.scaledWidth, h: lb.scaledHeight },
      step,
      this.gateGray!,
    );
    this.motion.detect(this.gateGray!);
    return this.motion.motionRatio === 0;
  }

  private onMotionFrame(frame: AnalysisFrame): void {
    const t0 = performance.now();
    const boxes = this.motion!.detect(frame.data);
    const t1 = performance.now();
    const flat = new Float32Array(boxes.length * 4);
    boxes.forEach((b, i) => flat.set([b.x1, b.y1, b.x2, b.y2], i * 4));
    unletterboxBoxes(flat, boxes.length, frame.letterbox as Letterbox);
    const dets: Detection[] = boxes.map((b, i) => ({
      x1: flat[i * 4],
      y1: flat[i * 4 + 1],
      x2: flat[i * 4 + 2],
      y2: flat[i * 4 + 3],
      score: b.score,
      classId: 0,
      label: MOTION_LABEL,
    }));
    if (this.events.stage) {
      this.events.stage('infer', t1 - t0, { model: MOTION_LABEL, provider: MOTION_LABEL });
      this.events.stage('postprocess', performance.now() - t1);
    }
    this.emit(frame, dets);
  }
}
