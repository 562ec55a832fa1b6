import type { ClientTransport } from '../../../electron/shared/api/client';
import type { WatcherBridge } from '../../../electron/shared/api/bridge';

/** Electron transport: the preload's contextBridge object; the main process validates every message. */
export function createIpcTransport(bridge: WatcherBridge): ClientTransport {
  return {
    send: (request) => bridge.send(request),
    onMessage: (listener) => bridge.onMessage(listener),
    onState: (listener) => {
      listener('open');
      return () => {};
    },
  };
}
