import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../../electron/shared/coded-error';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import {
  applyTensorRtEnvironment,
  knownProviderFailures,
  rememberProviderFailures,
  type OpenSessionOptions,
  type ProviderName,
} from './session';
import type { ProviderReasonCode, ProviderSkip } from './provider-plan';
import type { SessionRunResult, SessionRunner } from './session-runner';
import {
  transferList,
  type SessionThreadInit,
  type SessionThreadReply,
  type SessionThreadRequest,
} from './session-thread-protocol';

// Named apart from `require`: the ESM bundle injects its own `require` shim.
const requireCjs = createRequire(import.meta.url);

/**
 * How to start the session thread: the built `session-thread.js` beside the bundle, or, when this
 * module runs from source (tests, tsx), the TypeScript entry loaded through tsx's ESM hooks
 * (`--import tsx` in a worker's execArgv does not reach its module loader on Node 20).
 */
export function sessionThreadEntry(): { code: string; eval: true } | { file: string } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (import.meta.url.endsWith('.ts')) {
    const tsxDir = path.dirname(requireCjs.resolve('tsx/package.json'));
    const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
    const entry = pathToFileURL(path.join(here, 'session-thread-main.ts')).href;
    return {
      code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
      eval: true,
    };
  }
  for (const candidate of [
    path.join(here, 'session-thread.js'),
    path.join(here, '..', 'session-thread.js'),
  ]) {
    if (existsSync(candidate)) return { file: candidate };
  }
  throw new Error(`session thread entry not found near ${here}; run \`npm run build\``);
}

interface Waiting {
  resolve(v: SessionThreadReply): void;
  reject(e: Error): void;
}

/**
 * An ONNX session on a thread of its own (one per engine). The worker's thread keeps reading
 * frames, filling the next input tensor and decoding the previous outputs while the session runs;
 * tensors cross in both directions by moving their buffers (transfer lists), never by copying.
 * The provider chain (cuda → tensorrt → webgpu → cpu) is walked inside the thread exactly as on
 * the worker's own, with the failures the process already knows.
 */
export class ThreadedSessionRunner implements SessionRunner {
  readonly offThread = true;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private dead: Error | undefined;
  private released = false;

  private constructor(
    private readonly worker: Worker,
    readonly provider: ProviderName,
    readonly providerNote: string | undefined,
    readonly providerReasonCode: ProviderReasonCode | undefined,
    readonly skipped: readonly ProviderSkip[],
  ) {
    worker.on('message', (reply: SessionThreadReply) => {
      if (!('id' in reply)) return;
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      w?.resolve(reply);
    });
    const fail = (err: Error): void => {
      this.dead ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', (err) => fail(new Error(`session thread failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (!this.released) fail(new Error(`session thread ended (exit code ${code})`));
    });
  }

  /** Starts the thread and opens the session there; rejects like `openSession` does. */
  static async open(
    modelPath: string,
    settings: InferenceSettings,
    opts: OpenSessionOptions = {},
  ): Promise<ThreadedSessionRunner> {
    // A thread's environment is a copy: TensorRT's variables must be in the real one first.
    if (settings.provider === 'auto' || settings.provider === 'tensorrt')
      applyTensorRtEnvironment(opts.trtCacheDir);
    const init: SessionThreadInit = {
      modelPath,
      settings,
      trtCacheDir: opts.trtCacheDir,
      knownFailures: knownProviderFailures(),
    };
    const entry = sessionThreadEntry();
    const worker =
      'file' in entry
        ? new Worker(entry.file, { workerData: init })
        : new Worker(entry.code, { eval: true, workerData: init });
    const opened = await new Promise<Extract<SessionThreadReply, { type: 'opened' }>>(
      (resolve, reject) => {
        const onMessage = (reply: SessionThreadReply): void => {
          if (reply.type === 'attempt') opts.onAttempt?.(reply.provider);
          else if (reply.type === 'opened' || reply.type === 'open-failed') {
            rememberProviderFailures(reply.knownFailures);
            cleanup();
            if (reply.type === 'opened') resolve(reply);
            else reject(new CodedError(reply.code, reply.message));
          }
        };
        const onError = (err: Error): void => {
          cleanup();
          reject(new Error(`session thread failed to start: ${err.message}`));
        };
        const onExit = (code: number): void => {
          cleanup();
          reject(new Error(`session thread ended before opening (exit code ${code})`));
        };
        const cleanup = (): void => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
      },
    ).catch(async (err: unknown) => {
      await worker.terminate();
      throw err;
    });
    return new ThreadedSessionRunner(
      worker,
      opened.provider,
      opened.providerNote,
      opened.providerReasonCode,
      opened.skipped,
    );
  }

  async run(
    inputName: string,
    input: Float32Array,
    dims: readonly number[],
  ): Promise<SessionRunResult> {
    const id = this.nextId++;
    const reply = await this.request(
      { type: 'run', id, inputName, input, dims: [...dims] },
      transferList([input]),
    );
    if (reply.type === 'ran')
      return { outputs: reply.outputs, input: reply.input, runMs: reply.runMs };
    if (reply.type === 'run-failed') {
      const err = new Error(reply.message) as Error & { input?: Float32Array };
      // The buffer moved there and back: the caller can refill it for its next frame.
      err.input = reply.input;
      throw err;
    }
    throw new Error(`unexpected session thread reply ${reply.type}`);
  }

  async bare(inputName: string, dims: readonly number[], runs: number): Promise<number> {
    const id = this.nextId++;
    const reply = await this.request({ type: 'bare', id, inputName, dims: [...dims], runs });
    if (reply.type === 'bared') return reply.ms;
    throw new Error(reply.type === 'run-failed' ? reply.message : `unexpected ${reply.type}`);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (!this.dead) {
      const done = new Promise<void>((resolve) => {
        const onMessage = (r: SessionThreadReply): void => {
          if (r.type !== 'released') return;
          this.worker.off('message', onMessage);
          resolve();
        };
        this.worker.on('message', onMessage);
        this.worker.once('exit', () => resolve());
      });
      this.worker.postMessage({ type: 'release' } satisfies SessionThreadRequest);
      await done;
    }
    await this.worker.terminate();
  }

  private request(
    req: Extract<SessionThreadRequest, { id: number }>,
    transfer: ArrayBuffer[] = [],
  ): Promise<SessionThreadReply> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.released) return Promise.reject(new Error('session released'));
    return new Promise((resolve, reject) => {
      this.waiting.set(req.id, { resolve, reject });
      this.worker.postMessage(req, transfer);
    });
  }
}
