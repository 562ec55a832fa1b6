import { CodedError } from '../../../electron/shared/coded-error';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import { hwcToTensor } from '../../vision/detect/preprocess';
import {
  defaultNormalisation,
  resolveLayout,
  type DetectorSpec,
  type LayoutOverride,
} from '../../vision/detect/layout';
import type { OutputTensor } from '../../vision/detect/decoders';
import { readOnnxModelInfo } from '../onnx/onnx-model-info';
import { openSession, type OpenSessionOptions, type ProviderName } from '../onnx/session';
import type { ProviderReasonCode } from '../onnx/provider-plan';
import { InThreadSessionRunner, type SessionRunner } from '../onnx/session-runner';
import { ThreadedSessionRunner } from '../onnx/threaded-session';
import { InputBufferPool, inFlightDepth } from './input-pool';

/** Timings of one job, for status (`inferenceMs`) and the pipeline benchmark. */
export interface JobTimings {
  /** Frame arrival → its batch started (waiting for the session). */
  queuedMs: number;
  preprocessMs: number;
  /** `session.run` itself (on a session thread: measured there, not the wait behind a run). */
  inferMs: number;
  batchSize: number;
}

export interface EngineOpenOptions extends OpenSessionOptions {
  /**
   * Run the session on a thread of its own so frame reading, tensor filling, output decoding and
   * tracking overlap inference (the camera path). Falls back to this thread, with the reason in
   * `sessionThreadNote`, when the thread cannot start. Default: this thread.
   */
  sessionThread?: boolean;
}

export interface InferJob {
  /** One pending job per key (camera): a newer frame replaces an older one not yet started. */
  key: string;
  /** HWC RGB at the model's input size, already letterboxed by ffmpeg. */
  rgb: Uint8Array;
  arrivedAt: number;
  done(outputs: Record<string, OutputTensor>, batchIndex: number, timings: JobTimings): void;
  /** Replaced by a newer frame before inference started: a frame lost to load. */
  dropped(): void;
  /** Queue behind this camera's earlier frames instead of replacing them (files, benchmarks). */
  keepAll?: boolean;
  failed(err: Error): void;
}

/**
 * One ONNX model in one worker, shared by every camera that uses it. Frames of several cameras are
 * run as one batch when the model's batch dimension is dynamic, one by one otherwise. Only the
 * newest frame per camera waits: under load older frames are dropped (and counted), never queued
 * (unless a job asks to keep all, as files and benchmarks do).
 *
 * onnxruntime-node runs `session.run` synchronously on the thread that owns the session. On the
 * camera path the session has a thread of its own and two runs are kept in flight: while batch N
 * runs there, this thread fills batch N+1's tensor (queued behind it, so the session never waits)
 * and decodes batch N-1's outputs. With the session on this thread one run is in flight, and the
 * next frame's tensor is still filled before the previous results are handed out, so a waiting
 * frame never sits behind post-processing.
 */
export class ModelEngine {
  private readonly pending = new Map<string, InferJob[]>();
  private scheduled = false;
  private inFlight = 0;
  private closed = false;
  private readonly buffers = new InputBufferPool();
  private readonly depth: number;
  /** Set after open: the main reason the requested provider is not the one running. */
  providerReasonCode: ProviderReasonCode | undefined;
  /** What was asked for (`auto`, `cuda`, …). */
  providerRequested: string | undefined;
  /** Why a session thread was asked for but the session runs on this thread. */
  sessionThreadNote: string | undefined;
  runs = 0;
  framesInferred = 0;

  private constructor(
    readonly modelPath: string,
    readonly spec: DetectorSpec,
    private readonly session: SessionRunner,
    readonly maxBatch: number,
  ) {
    this.depth = inFlightDepth(session.offThread);
  }

  get provider(): ProviderName {
    return this.session.provider;
  }

  get providerNote(): string | undefined {
    return this.session.providerNote;
  }

  /** Whether the session runs on a thread of its own. */
  get offThread(): boolean {
    return this.session.offThread;
  }

  /** Reads and validates the model, opens a session (provider fallback) and warms it up. */
  static async open(
    modelPath: string,
    settings: InferenceSettings,
    override: LayoutOverride = {},
    maxBatch = 8,
    fallbackSize?: { width: number; height: number },
    options: EngineOpenOptions = {},
  ): Promise<ModelEngine> {
    const info = readOnnxModelInfo(modelPath);
    const layout = resolveLayout(info, override, fallbackSize);
    if (!layout.ok) throw new CodedError(layout.code, `${modelPath}: ${layout.message}`);
    const { sessionThread, ...sessionOptions } = options;
    let runner: SessionRunner | undefined;
    let threadNote: string | undefined;
    if (sessionThread) {
      try {
        runner = await ThreadedSessionRunner.open(modelPath, settings, sessionOptions);
      } catch (err) {
        // The model or every provider failed: the same would happen here, so that is the error.
        if (err instanceof CodedError) throw err;
        threadNote = (err as Error).message;
      }
    }
    if (!runner) {
      const opened = await openSession(modelPath, settings, sessionOptions);
      runner = new InThreadSessionRunner(opened.session, opened);
    }
    const engine = new ModelEngine(
      modelPath,
      layout.spec,
      runner,
      layout.spec.dynamicBatch ? maxBatch : 1,
    );
    engine.providerReasonCode = runner.providerReasonCode;
    engine.providerRequested = settings.provider;
    engine.sessionThreadNote = threadNote;
    await engine.warmUp();
    return engine;
  }

  private dims(batch: number): number[] {
    return [batch, 3, this.spec.inputHeight, this.spec.inputWidth];
  }

  /** First runs allocate arenas and pick kernels; do them before any camera reports streaming. */
  private async warmUp(): Promise<void> {
    try {
      await this.session.bare(this.spec.inputName, this.dims(1), 2);
    } catch (err) {
      throw new CodedError(
        'inference.session.run_failed',
        `warm-up run failed: ${(err as Error).message.split('\n')[0]}`,
      );
    }
  }

  submit(job: InferJob): void {
    if (this.closed) return;
    const queue = this.pending.get(job.key);
    if (queue?.length && !job.keepAll) {
      for (const prev of queue) prev.dropped();
      queue.length = 0;
    }
    // Map order is first-arrival order: cameras are served round-robin in the order they came.
    if (queue) queue.push(job);
    else this.pending.set(job.key, [job]);
    if (!this.scheduled) {
      // Start on the next turn so frames of other cameras arriving in this one join the batch.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.startRuns();
      });
    }
  }

  /** Frames of this camera waiting for the session now (for the queue-depth metric). */
  queuedFor(key: string): number {
    return this.pending.get(key)?.length ?? 0;
  }

  /** Forget a camera's waiting frame (camera stopped). */
  cancel(key: string): void {
    this.pending.delete(key);
  }

  /**
   * Bare `session.run` throughput on a pre-made tensor, timed where the session runs (no frame,
   * no hand-over): the benchmark's upper bound. Frames per second.
   */
  async measureBare(batch: number, runs: number): Promise<number> {
    const ms = await this.session.bare(this.spec.inputName, this.dims(batch), runs);
    return (runs * batch) / (Math.max(1e-9, ms) / 1000);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.pending.values()) for (const job of queue) job.dropped();
    this.pending.clear();
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    await this.session.release();
  }

  private take(): InferJob[] {
    const jobs: InferJob[] = [];
    for (const [key, queue] of this.pending) {
      jobs.push(queue.shift()!);
      if (!queue.length) this.pending.delete(key);
      if (jobs.length >= this.maxBatch) break;
    }
    return jobs;
  }

  /** Starts runs for waiting frames until `depth` are in flight. */
  private startRuns(): void {
    const { inputWidth: w, inputHeight: h, inputName } = this.spec;
    const plane = 3 * w * h;
    while (!this.closed && this.inFlight < this.depth && this.pending.size) {
      const jobs = this.take().filter((job) => {
        if (job.rgb.length === plane) return true;
        job.failed(new Error(`frame has ${job.rgb.length} bytes, the model input needs ${plane}`));
        return false;
      });
      if (!jobs.length) continue;
      const t0 = performance.now();
      const input = this.buffers.acquire(jobs.length * plane);
      const norm = this.spec.normalisation ?? defaultNormalisation(this.spec.layout);
      for (let b = 0; b < jobs.length; b++) hwcToTensor(jobs[b].rgb, w, h, input, b * plane, norm);
      const t1 = performance.now();
      this.inFlight++;
      this.session.run(inputName, input, this.dims(jobs.length)).then(
        (result) => {
          this.inFlight--;
          this.buffers.release(result.input);
          this.runs++;
          this.framesInferred += jobs.length;
          const timings = jobs.map((j) => ({
            queuedMs: Math.max(0, t0 - j.arrivedAt),
            preprocessMs: t1 - t0,
            inferMs: result.runMs,
            batchSize: jobs.length,
          }));
          // The next waiting frame goes to the session before these results are decoded.
          this.startRuns();
          this.deliver(jobs, result.outputs, timings);
        },
        (err: Error & { input?: Float32Array }) => {
          this.inFlight--;
          this.buffers.release(err.input ?? (this.session.offThread ? undefined : input));
          const e = new CodedError(
            'inference.session.run_failed',
            `inference failed: ${err.message.split('\n')[0]}`,
          );
          for (const j of jobs) j.failed(e);
          this.startRuns();
        },
      );
    }
  }

  private deliver(
    jobs: InferJob[],
    outputs: Record<string, OutputTensor>,
    timings: JobTimings[],
  ): void {
    jobs.forEach((job, b) => {
      try {
        job.done(outputs, b, timings[b]);
      } catch (err) {
        job.failed(err as Error);
      }
    });
  }
}
