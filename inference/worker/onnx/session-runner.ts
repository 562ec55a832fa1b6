import * as ort from 'onnxruntime-node';
import type { OutputTensor } from '../../vision/detect/decoders';
import type { ProviderName } from './session';
import type { ProviderReasonCode, ProviderSkip } from './provider-plan';

/** The outputs of one run, and the input buffer handed back for the next frame. */
export interface SessionRunResult {
  outputs: Record<string, OutputTensor>;
  /** The input given to `run`: the same memory, moved back when the run was on another thread. */
  input: Float32Array;
  /** How long `session.run` itself took (not the wait for an earlier run). */
  runMs: number;
}

/**
 * An opened ONNX session, wherever it runs: on this thread (`InThreadSessionRunner`) or on a
 * thread of its own (`ThreadedSessionRunner`), so the engine does not care which.
 */
export interface SessionRunner {
  readonly provider: ProviderName;
  readonly providerNote: string | undefined;
  readonly providerReasonCode: ProviderReasonCode | undefined;
  readonly skipped: readonly ProviderSkip[];
  /** `true` when runs happen off this thread, so more than one may usefully be in flight. */
  readonly offThread: boolean;
  /**
   * Runs the model on `input` (dims `dims`). The caller must not touch `input` until the result
   * comes back: on another thread its buffer is moved there and back, never copied.
   */
  run(inputName: string, input: Float32Array, dims: readonly number[]): Promise<SessionRunResult>;
  /** `runs` bare runs on a tensor made once, timed where the session runs: the upper bound. */
  bare(inputName: string, dims: readonly number[], runs: number): Promise<number>;
  release(): Promise<void>;
}

export interface OpenedSessionInfo {
  provider: ProviderName;
  providerNote?: string;
  providerReasonCode?: ProviderReasonCode;
  skipped: ProviderSkip[];
}

/** ORT outputs as the decoders take them (their data is fresh memory of this run). */
export function outputTensors(raw: ort.InferenceSession.ReturnType): Record<string, OutputTensor> {
  const outputs: Record<string, OutputTensor> = {};
  for (const [name, t] of Object.entries(raw))
    outputs[name] = { data: t.data as Float32Array, dims: t.dims };
  return outputs;
}

/**
 * The session on the calling thread. onnxruntime-node runs `session.run` synchronously inside a
 * setImmediate, so nothing else on this thread happens during a run: the fallback when a session
 * thread cannot start, and what short-lived users (model probe, plate detector) get.
 */
export class InThreadSessionRunner implements SessionRunner {
  readonly offThread = false;
  readonly provider: ProviderName;
  readonly providerNote: string | undefined;
  readonly providerReasonCode: ProviderReasonCode | undefined;
  readonly skipped: readonly ProviderSkip[];
  private readonly bareTensors = new Map<string, ort.Tensor>();

  constructor(
    private readonly session: ort.InferenceSession,
    info: OpenedSessionInfo,
  ) {
    this.provider = info.provider;
    this.providerNote = info.providerNote;
    this.providerReasonCode = info.providerReasonCode;
    this.skipped = info.skipped;
  }

  async run(
    inputName: string,
    input: Float32Array,
    dims: readonly number[],
  ): Promise<SessionRunResult> {
    const t0 = performance.now();
    const raw = await this.session.run({ [inputName]: new ort.Tensor('float32', input, dims) });
    return { outputs: outputTensors(raw), input, runMs: performance.now() - t0 };
  }

  async bare(inputName: string, dims: readonly number[], runs: number): Promise<number> {
    const feeds = { [inputName]: bareTensor(this.bareTensors, dims) };
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await this.session.run(feeds);
    return performance.now() - t0;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** A zero tensor of `dims`, made once per shape (bare runs measure the session, not allocation). */
export function bareTensor(cache: Map<string, ort.Tensor>, dims: readonly number[]): ort.Tensor {
  const key = dims.join('x');
  let t = cache.get(key);
  if (!t) {
    t = new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
    cache.set(key, t);
  }
  return t;
}
