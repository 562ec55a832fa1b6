import type {
  LiveEmbeddingRequest,
  WorkerToHost,
} from '../../../electron/shared/protocol/worker-protocol';

/** What holds a camera's live tracks' embeddings (the camera's stage, through its second stage). */
export interface LiveEmbeddingSource {
  liveEmbedding(trackId: number): { model: string; vector: number[] } | undefined;
}

/**
 * The worker's reply to `live-embedding`: the latest embedding the camera's second stage already
 * holds for the track, or none (camera not in this worker, no embedder, track unknown or not
 * embedded yet). Nothing is computed for the asking, so the reply is immediate.
 */
export function liveEmbeddingReply(
  req: LiveEmbeddingRequest,
  camera: LiveEmbeddingSource | undefined,
): Extract<WorkerToHost, { type: 'live-embedding-result' }> {
  const embedding = camera?.liveEmbedding(req.trackId);
  return {
    type: 'live-embedding-result',
    result: { requestId: req.requestId, ...(embedding ? { embedding } : {}) },
  };
}
