import { CodedError } from '../shared/coded-error';
import { randomUUID } from 'node:crypto';
import { describeZodError } from '../shared/api/envelope';
import type { WorkerStateInfo } from '../shared/api/methods/system';
import {
  workerToHostSchema,
  type HostToWorker,
  type PlateReadRequest,
  type PlateReadResult,
} from '../shared/protocol/worker-protocol';
import type { Logger } from './logging/logger';
import type { WorkerProcess } from './workers/worker-process';

export interface PlateReadClientOptions {
  /**
   * Sends to a running inference worker, the camera's own first (WorkerSupervisor.sendToRunning);
   * returns the worker's id, or undefined when none runs.
   */
  sendToRunning(message: HostToWorker, cameraId?: string): string | undefined;
  /** Starts a worker of our own when none runs; absent: such reads fail with `noWorker`. */
  fork?: () => WorkerProcess;
  logger: Logger;
  /** Below the API client's 30 s call timeout, so the operator gets this error, not a generic one. */
  timeoutMs?: number;
  /** How long the worker of our own stays after its last read (the next read skips model loading). */
  idleMs?: number;
  maxPending?: number;
}

interface Pending {
  workerId: string;
  resolve(result: PlateReadResult): void;
  reject(err: CodedError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Ids of the workers of our own start with this (`plate-reader-1`, …). */
export const TEMPORARY_WORKER_PREFIX = 'plate-reader-';

interface Temporary {
  id: string;
  proc: WorkerProcess;
  exited: boolean;
  idle?: ReturnType<typeof setTimeout>;
}

/**
 * The host's side of the worker protocol's `read-plate`: sends the request to a running inference
 * worker (or forks a short-lived one), matches the reply by requestId, and fails the request when
 * the worker dies, restarts or does not answer in time.
 */
export class PlateReadClient {
  private readonly pending = new Map<string, Pending>();
  private temporary?: Temporary;
  private temporaries = 0;
  private stopped = false;

  constructor(private readonly o: PlateReadClientOptions) {}

  read(
    req: Omit<PlateReadRequest, 'requestId'>,
    cameraId?: string,
  ): Promise<{ result: PlateReadResult; workerId: string }> {
    if (this.pending.size >= (this.o.maxPending ?? 4))
      return Promise.reject(new CodedError('plates.read.busy', 'too many plate reads in progress'));
    const requestId = randomUUID();
    const message: HostToWorker = { type: 'read-plate', requestId, ...req };
    let workerId = this.stopped ? undefined : this.o.sendToRunning(message, cameraId);
    if (!workerId && !this.stopped && this.o.fork) {
      const t = this.temporaryWorker();
      if (t) {
        t.proc.postMessage(message);
        workerId = t.id;
      }
    }
    if (!workerId)
      return Promise.reject(
        new CodedError('plates.read.noWorker', 'no inference worker is running or could start'),
      );
    const id = workerId;
    const timeoutMs = this.o.timeoutMs ?? 25_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        this.scheduleIdle();
        reject(
          new CodedError(
            'plates.read.timeout',
            `worker ${id} did not answer within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending.set(requestId, {
        workerId: id,
        resolve: (result) => resolve({ result, workerId: id }),
        reject,
        timer,
      });
    });
  }

  /** A `plate-read-result` from worker `workerId` (the supervisor's or our own). */
  receive(workerId: string, result: PlateReadResult): void {
    const p = this.pending.get(result.requestId);
    if (!p || p.workerId !== workerId) return;
    this.pending.delete(result.requestId);
    clearTimeout(p.timer);
    p.resolve(result);
    this.scheduleIdle();
  }

  /** A supervised worker changed state: requests to one that is no longer running cannot be answered. */
  workerState(state: WorkerStateInfo): void {
    if (state.state !== 'running') this.workerGone(state.workerId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const id of [...new Set([...this.pending.values()].map((p) => p.workerId))])
      this.workerGone(id);
    const t = this.temporary;
    this.temporary = undefined;
    if (!t || t.exited) return;
    clearTimeout(t.idle);
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => {
        t.proc.kill('SIGKILL');
        resolve();
      }, 3000);
      t.proc.onExit(() => {
        clearTimeout(kill);
        resolve();
      });
      t.proc.postMessage({ type: 'shutdown' } satisfies HostToWorker);
    });
  }

  private workerGone(workerId: string): void {
    for (const [id, p] of this.pending) {
      if (p.workerId !== workerId) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(new CodedError('plates.read.workerGone', `worker ${workerId} stopped`));
    }
  }

  private temporaryWorker(): Temporary | undefined {
    if (this.temporary) {
      clearTimeout(this.temporary.idle);
      return this.temporary;
    }
    let proc: WorkerProcess;
    try {
      proc = this.o.fork!();
    } catch (err) {
      this.o.logger.error('plate reader worker failed to start', { error: String(err) });
      return undefined;
    }
    const entry: Temporary = {
      id: `${TEMPORARY_WORKER_PREFIX}${++this.temporaries}`,
      proc,
      exited: false,
    };
    this.temporary = entry;
    this.o.logger.info('started a worker to read plates (no inference worker is running)', {
      pid: proc.pid,
    });
    proc.onMessage((raw) => {
      const parsed = workerToHostSchema.safeParse(raw);
      if (!parsed.success) {
        this.o.logger.warn('invalid message from the plate reader worker dropped', {
          error: describeZodError(parsed.error),
        });
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'plate-read-result') this.receive(entry.id, msg.result);
      else if (msg.type === 'log')
        this.o.logger.log(msg.level, msg.msg, { workerId: entry.id, ...msg.fields });
    });
    proc.onExit((code, signal) => {
      entry.exited = true;
      if (this.temporary === entry) this.temporary = undefined;
      clearTimeout(entry.idle);
      this.workerGone(entry.id);
      if (!this.stopped && code !== 0)
        this.o.logger.warn('plate reader worker exited', { code, signal });
    });
    return entry;
  }

  /** Our own worker goes once no read has used it for `idleMs`. */
  private scheduleIdle(): void {
    const t = this.temporary;
    if (!t || this.stopped) return;
    if ([...this.pending.values()].some((p) => p.workerId === t.id)) return;
    clearTimeout(t.idle);
    t.idle = setTimeout(() => {
      if (this.temporary !== t) return;
      this.temporary = undefined;
      t.proc.postMessage({ type: 'shutdown' } satisfies HostToWorker);
      setTimeout(() => t.proc.kill('SIGKILL'), 5000).unref();
    }, this.o.idleMs ?? 60_000);
    t.idle.unref?.();
  }
}
