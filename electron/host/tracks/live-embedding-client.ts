import { randomUUID } from 'node:crypto';
import type { WorkerStateInfo } from '../../shared/api/methods/system';
import type { HostToWorker, LiveEmbeddingResult } from '../../shared/protocol/worker-protocol';
import { PendingReplies } from '../workers/pending-replies';

export interface LiveEmbeddingClientOptions {
  /** Sends to the running worker that has the camera; its id, or undefined when none has it. */
  sendToCameraWorker(message: HostToWorker, cameraId: string): string | undefined;
  /** A search waits this long for the worker (it answers from memory, so this is generous). */
  timeoutMs?: number;
  maxPending?: number;
}

/** A live track's latest embedding, as its camera's worker holds it. */
export interface LiveEmbedding {
  model: string;
  vector: number[];
}

/**
 * The host's side of the worker protocol's `live-embedding`: asks the worker that runs a camera
 * for the latest appearance embedding of a track still in view, so the search by appearance works
 * before the track ends and is stored. Every failure (no worker has the camera, timeout, the
 * worker went, too many asks at once) answers undefined: the search then says the track has no
 * appearance yet, as it does when the worker holds none.
 */
export class LiveEmbeddingClient {
  private readonly pending = new PendingReplies<LiveEmbeddingResult>();

  constructor(private readonly o: LiveEmbeddingClientOptions) {}

  async latest(cameraId: string, trackId: number): Promise<LiveEmbedding | undefined> {
    if (this.pending.size >= (this.o.maxPending ?? 16)) return undefined;
    const requestId = randomUUID();
    const workerId = this.o.sendToCameraWorker(
      { type: 'live-embedding', requestId, cameraId, trackId },
      cameraId,
    );
    if (!workerId) return undefined;
    try {
      const result = await this.pending.expect(
        requestId,
        workerId,
        this.o.timeoutMs ?? 2000,
        () => new Error(`worker ${workerId} did not answer`),
      );
      return result.embedding;
    } catch {
      return undefined;
    }
  }

  /** A `live-embedding-result` from worker `workerId`. */
  receive(workerId: string, result: LiveEmbeddingResult): void {
    this.pending.settle(workerId, result.requestId, result);
  }

  /** A worker that is no longer running cannot answer: its asks end now, not at their timeout. */
  workerState(state: WorkerStateInfo): void {
    if (state.state !== 'running')
      this.pending.failPeer(state.workerId, (id) => new Error(`worker ${id} stopped`));
  }

  stop(): void {
    this.pending.failAll((id) => new Error(`worker ${id} stopped`));
  }
}
