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
import { ManagedChild } from './workers/managed-child';
import { PendingReplies } from './workers/pending-replies';
import type { WorkerForker } from './workers/worker-process';

export interface PlateReadClientOptions {
  /**
   * Sends to a running inference worker, the camera's own first (WorkerSupervisor.sendToRunning);
   * returns the worker's id, or undefined when none runs.
   */
  sendToRunning(message: HostToWorker, cameraId?: string): string | undefined;
  /**
   * Starts a worker of our own when none runs (the inference worker entry, through the host's
   * forker); absent: such reads fail with `noWorker`.
   */
  worker?: { forker: WorkerForker; entry: string };
  logger: Logger;
  /** Below the API client's 30 s call timeout, so the operator gets this error, not a generic one. */
  timeoutMs?: number;
  /** How long the worker of our own stays after its last read (the next read skips model loading). */
  idleMs?: number;
  maxPending?: number;
}

/** Ids of the workers of our own start with this (`plate-reader-1`, …). */
export const TEMPORARY_WORKER_PREFIX = 'plate-reader-';

interface Temporary {
  id: string;
  child: ManagedChild;
  idle?: ReturnType<typeof setTimeout>;
}

/**
 * The host's side of the worker protocol's `read-plate`: sends the request to a running inference
 * worker (or forks a short-lived one), matches the reply by requestId, and fails the request when
 * the worker dies, restarts or does not answer in time.
 */
export class PlateReadClient {
  private readonly pending = new PendingReplies<PlateReadResult>();
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
    if (!workerId && !this.stopped && this.o.worker) {
      const t = this.temporaryWorker(this.o.worker);
      if (t) {
        t.child.send(message);
        workerId = t.id;
      }
    }
    if (!workerId)
      return Promise.reject(
        new CodedError('plates.read.noWorker', 'no inference worker is running or could start'),
      );
    const id = workerId;
    const timeoutMs = this.o.timeoutMs ?? 25_000;
    return this.pending
      .expect(requestId, id, timeoutMs, () => {
        this.scheduleIdle();
        return new CodedError(
          'plates.read.timeout',
          `worker ${id} did not answer within ${timeoutMs} ms`,
        );
      })
      .then((result) => ({ result, workerId: id }));
  }

  /** A `plate-read-result` from worker `workerId` (the supervisor's or our own). */
  receive(workerId: string, result: PlateReadResult): void {
    if (this.pending.settle(workerId, result.requestId, result)) this.scheduleIdle();
  }

  /** A supervised worker changed state: requests to one that is no longer running cannot be answered. */
  workerState(state: WorkerStateInfo): void {
    if (state.state !== 'running') this.workerGone(state.workerId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.failAll(workerGoneError);
    const t = this.temporary;
    this.temporary = undefined;
    if (!t) return;
    clearTimeout(t.idle);
    await t.child.stop(3000);
  }

  private workerGone(workerId: string): void {
    this.pending.failPeer(workerId, workerGoneError);
  }

  private temporaryWorker(worker: { forker: WorkerForker; entry: string }): Temporary | undefined {
    if (this.temporary) {
      clearTimeout(this.temporary.idle);
      return this.temporary;
    }
    const id = `${TEMPORARY_WORKER_PREFIX}${++this.temporaries}`;
    let entry: Temporary;
    try {
      entry = {
        id,
        child: ManagedChild.fork({
          forker: worker.forker,
          entry: worker.entry,
          name: 'plate-reader',
          shutdownMessage: { type: 'shutdown' } satisfies HostToWorker,
          killAfterMs: 5000,
          onMessage: (raw) => this.fromTemporary(id, raw),
          onExit: (code, signal) => {
            if (this.temporary === entry) this.temporary = undefined;
            clearTimeout(entry.idle);
            this.workerGone(id);
            if (!this.stopped && code !== 0)
              this.o.logger.warn('plate reader worker exited', { code, signal });
          },
        }),
      };
    } catch (err) {
      this.o.logger.error('plate reader worker failed to start', { error: String(err) });
      return undefined;
    }
    this.temporary = entry;
    this.o.logger.info('started a worker to read plates (no inference worker is running)', {
      pid: entry.child.pid,
    });
    return entry;
  }

  private fromTemporary(workerId: string, raw: unknown): void {
    const parsed = workerToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.o.logger.warn('invalid message from the plate reader worker dropped', {
        error: describeZodError(parsed.error),
      });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'plate-read-result') this.receive(workerId, msg.result);
    else if (msg.type === 'log') this.o.logger.log(msg.level, msg.msg, { workerId, ...msg.fields });
  }

  /** Our own worker goes once no read has used it for `idleMs`. */
  private scheduleIdle(): void {
    const t = this.temporary;
    if (!t || this.stopped) return;
    if (this.pending.countFor(t.id)) return;
    clearTimeout(t.idle);
    t.idle = setTimeout(() => {
      if (this.temporary !== t) return;
      this.temporary = undefined;
      void t.child.stop();
    }, this.o.idleMs ?? 60_000);
    t.idle.unref?.();
  }
}

const workerGoneError = (workerId: string): CodedError =>
  new CodedError('plates.read.workerGone', `worker ${workerId} stopped`);
