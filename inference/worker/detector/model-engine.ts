import { CodedError } from '../../../electron/shared/coded-error';
import * as ort from 'onnxruntime-node';
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

/** Timings of one job, for status (`inferenceMs`) and the pipeline benchmark. */
export interface JobTimings {
  /** Frame arrival → its batch started (waiting for the session). */
  queuedMs: number;
  preprocessMs: number;
  inferMs: number;
  batchSize: number;
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
 * (unless a job asks to keep all, as files and benchmarks do). The next frame's input tensor is
 * filled before the previous run's results are handed out, so a waiting frame never sits behind
 * post-processing. (onnxruntime-node runs the session on the JS thread inside a setImmediate, so
 * what runs in parallel with inference is ffmpeg's decoding in its own process, not JS.)
 */
export class ModelEngine {
  private readonly pending = new Map<string, InferJob[]>();
  private pumping = false;
  private closed = false;
  /** Input tensors per batch size, made once and refilled each run (no per-frame allocation). */
  private readonly inputs = new Map<number, ort.Tensor>();
  /** Set after open: the main reason the requested provider is not the one running. */
  providerReasonCode: ProviderReasonCode | undefined;
  /** What was asked for (`auto`, `cuda`, …). */
  providerRequested: string | undefined;
  runs = 0;
  framesInferred = 0;

  private constructor(
    readonly modelPath: string,
    readonly spec: DetectorSpec,
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderName,
    readonly providerNote: string | undefined,
    readonly maxBatch: number,
  ) {}

  /** Reads and validates the model, opens a session (provider fallback) and warms it up. */
  static async open(
    modelPath: string,
    settings: InferenceSettings,
    override: LayoutOverride = {},
    maxBatch = 8,
    fallbackSize?: { width: number; height: number },
    sessionOptions: OpenSessionOptions = {},
  ): Promise<ModelEngine> {
    const info = readOnnxModelInfo(modelPath);
    const layout = resolveLayout(info, override, fallbackSize);
    if (!layout.ok) throw new CodedError(layout.code, `${modelPath}: ${layout.message}`);
    const opened = await openSession(modelPath, settings, sessionOptions);
    const engine = new ModelEngine(
      modelPath,
      layout.spec,
      opened.session,
      opened.provider,
      opened.providerNote,
      layout.spec.dynamicBatch ? maxBatch : 1,
    );
    engine.providerReasonCode = opened.providerReasonCode;
    engine.providerRequested = settings.provider;
    await engine.warmUp();
    return engine;
  }

  /** First runs allocate arenas and pick kernels; do them before any camera reports streaming. */
  private async warmUp(): Promise<void> {
    const feeds = { [this.spec.inputName]: this.tensor(1) };
    try {
      for (let i = 0; i < 2; i++) await this.session.run(feeds);
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
    if (!this.pumping) {
      // Start on the next turn so frames of other cameras arriving in this one join the batch.
      this.pumping = true;
      setImmediate(() => void this.pump());
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

  /** Bare `session.run` on a pre-made tensor, for the benchmark's upper bound. */
  async runBare(batch = 1): Promise<void> {
    await this.session.run({ [this.spec.inputName]: this.tensor(batch) });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.pending.values()) for (const job of queue) job.dropped();
    this.pending.clear();
    while (this.pumping) await new Promise((r) => setTimeout(r, 10));
    await this.session.release();
  }

  private tensor(batch: number): ort.Tensor {
    const { inputWidth: w, inputHeight: h } = this.spec;
    let tensor = this.inputs.get(batch);
    if (!tensor) {
      tensor = new ort.Tensor('float32', new Float32Array(batch * 3 * w * h), [batch, 3, h, w]);
      this.inputs.set(batch, tensor);
    }
    return tensor;
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

  private async pump(): Promise<void> {
    const { inputWidth: w, inputHeight: h, inputName } = this.spec;
    const plane = 3 * w * h;
    let prev:
      | { jobs: InferJob[]; outputs: Record<string, OutputTensor>; timings: JobTimings[] }
      | undefined;
    try {
      while (!this.closed) {
        const jobs = this.take().filter((job) => {
          if (job.rgb.length === plane) return true;
          job.failed(
            new Error(`frame has ${job.rgb.length} bytes, the model input needs ${plane}`),
          );
          return false;
        });
        if (!jobs.length) {
          if (this.pending.size) continue;
          break;
        }
        const t0 = performance.now();
        const input = this.tensor(jobs.length);
        const data = input.data as Float32Array;
        const norm = this.spec.normalisation ?? defaultNormalisation(this.spec.layout);
        for (let b = 0; b < jobs.length; b++) hwcToTensor(jobs[b].rgb, w, h, data, b * plane, norm);
        const t1 = performance.now();
        const run = this.session.run({ [inputName]: input });
        // Hand out the previous results now that the next run is queued.
        if (prev) this.deliver(prev);
        prev = undefined;
        let raw: ort.InferenceSession.ReturnType;
        try {
          raw = await run;
        } catch (err) {
          const e = new CodedError(
            'inference.session.run_failed',
            `inference failed: ${(err as Error).message.split('\n')[0]}`,
          );
          for (const j of jobs) j.failed(e);
          continue;
        }
        const t2 = performance.now();
        this.runs++;
        this.framesInferred += jobs.length;
        const outputs: Record<string, OutputTensor> = {};
        for (const [name, t] of Object.entries(raw))
          outputs[name] = { data: t.data as Float32Array, dims: t.dims };
        const timings = jobs.map((j) => ({
          queuedMs: Math.max(0, t0 - j.arrivedAt),
          preprocessMs: t1 - t0,
          inferMs: t2 - t1,
          batchSize: jobs.length,
        }));
        prev = { jobs, outputs, timings };
        // Nothing else waiting: deliver now rather than holding results for a frame that may never come.
        if (!this.pending.size) {
          this.deliver(prev);
          prev = undefined;
        }
      }
      if (prev) this.deliver(prev);
    } finally {
      this.pumping = false;
    }
  }

  private deliver(p: {
    jobs: InferJob[];
    outputs: Record<string, OutputTensor>;
    timings: JobTimings[];
  }): void {
    p.jobs.forEach((job, b) => {
      try {
        job.done(p.outputs, b, p.timings[b]);
      } catch (err) {
        job.failed(err as Error);
      }
    });
  }
}
