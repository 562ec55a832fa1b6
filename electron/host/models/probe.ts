import { CodedError } from '../../shared/coded-error';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedChild } from '../workers/managed-child';
import type { WorkerForker } from '../workers/worker-process';
import { probeReplySchema, type ProbeJob, type ProbeReply } from './probe-protocol';

/**
 * Where the model probe entry is: the TypeScript source when the host runs from source (its
 * worker entry is a `.ts` file: tests, `node --import tsx`), else `model-probe.js` in the built
 * bundle beside the worker.
 */
export function resolveProbeEntry(workerEntry: string): string {
  if (workerEntry.endsWith('.ts') || import.meta.url.endsWith('.ts'))
    return path.join(path.dirname(fileURLToPath(import.meta.url)), 'model-probe-main.ts');
  return path.join(path.dirname(workerEntry), 'model-probe.js');
}

export interface ProbeOptions {
  forker: WorkerForker;
  entry: string;
  timeoutMs: number;
  /** A comparison's progress (one model, one more frame done). */
  onProgress?(p: { modelIndex: number; model: string; done: number; total: number }): void;
}

type Done<T extends ProbeReply['type']> = Extract<ProbeReply, { type: T }>;

/**
 * Runs one job in a fresh probe process and resolves with its reply, or rejects with an
 * CodedError: the model's own error (code from the probe), a timeout, or a crash (ONNX Runtime
 * aborting on a hostile file kills the probe, never the host). The process is always ended.
 */
export function runProbe<T extends 'validated' | 'tried' | 'compared' | 'described' | 'embedded'>(
  opts: ProbeOptions,
  job: ProbeJob,
  expect: T,
): Promise<Done<T>> {
  return new Promise<Done<T>>((resolve, reject) => {
    let settled = false;
    let probe: ManagedChild | undefined;
    const finish = (err: Error | undefined, value?: Done<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // One job per process: once answered (or given up on) it is ended, whatever it is doing.
      probe?.kill('SIGKILL');
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new CodedError(
            'models.probe.timeout',
            `the model did not ${job.type === 'validate' ? 'load' : 'run'} within ${Math.round(opts.timeoutMs / 1000)} s`,
          ),
        ),
      opts.timeoutMs,
    );
    const onMessage = (raw: unknown): void => {
      const parsed = probeReplySchema.safeParse(raw);
      if (!parsed.success) {
        finish(new CodedError('models.probe.failed', 'the model probe sent an invalid reply'));
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'ready') probe?.send(job);
      else if (msg.type === 'progress') {
        const { type: _type, ...progress } = msg;
        opts.onProgress?.(progress);
      } else if (msg.type === 'failed') finish(new CodedError(msg.code, msg.message, msg.params));
      else if (msg.type === expect) finish(undefined, msg as Done<T>);
      else finish(new CodedError('models.probe.failed', `unexpected probe reply "${msg.type}"`));
    };
    try {
      probe = ManagedChild.fork({
        forker: opts.forker,
        entry: opts.entry,
        name: 'model-probe',
        onMessage,
        onExit: (code, signal) =>
          finish(
            new CodedError(
              'models.probe.crashed',
              `the model probe stopped before answering (${signal ? `signal ${signal}` : `exit code ${code}`}): ONNX Runtime could not handle this model`,
            ),
          ),
      });
    } catch (err) {
      finish(
        new CodedError(
          'models.probe.failed',
          `cannot start the model probe: ${(err as Error).message}`,
        ),
      );
    }
  });
}
