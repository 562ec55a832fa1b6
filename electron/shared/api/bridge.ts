import type { RequestEnvelope } from './envelope';

/** The only object the preload exposes to the page (`window.watcherBridge`). */
export interface WatcherBridge {
  send(request: RequestEnvelope): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

export const IPC_REQUEST_CHANNEL = 'watcher:request';
export const IPC_MESSAGE_CHANNEL = 'watcher:message';
