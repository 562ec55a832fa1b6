import { ApiClient, type SessionTokenStore } from '../../../electron/shared/api/client';
import type { WatcherBridge } from '../../../electron/shared/api/bridge';
import { createIpcTransport } from './ipc-transport';
import { createWebSocketTransport } from './ws-transport';

/**
 * Picks the transport once at start-up: the preload bridge inside Electron, a WebSocket to the
 * serving host in a browser. Nothing else in the UI knows which it got.
 */
export function connectToHost(onState: (state: 'connecting' | 'open' | 'closed') => void): {
  client: ApiClient;
  kind: 'ipc' | 'ws';
} {
  const bridge = (window as unknown as { watcherBridge?: WatcherBridge }).watcherBridge;
  if (!bridge && location.search.includes('token=')) {
    // The token only authenticates the first page load (the server sets a cookie); drop it from the URL bar.
    history.replaceState(null, '', location.pathname);
  }
  const transport = bridge ? createIpcTransport(bridge) : createWebSocketTransport();
  transport.onState?.(onState);
  return { client: new ApiClient(transport, 30_000, tabSessionToken), kind: bridge ? 'ipc' : 'ws' };
}

/** The user's session lives as long as the tab: a reload keeps it, closing the tab ends it. */
const tabSessionToken: SessionTokenStore = {
  get: () => sessionStorage.getItem('watcher.session') ?? undefined,
  set: (token) =>
    token
      ? sessionStorage.setItem('watcher.session', token)
      : sessionStorage.removeItem('watcher.session'),
};
