import type { ClientTransport } from '../../../electron/shared/api/client';
import { decodeServerMessage } from '../../../electron/shared/api/wire-codec';

/**
 * Browser transport to `watcher serve`: one WebSocket at /api on the page's own origin, which the
 * server authenticated with the cookie it set when the page was opened with ?token=.
 * Reconnects with backoff; requests sent while down are queued.
 */
export function createWebSocketTransport(url = defaultUrl()): ClientTransport {
  const messageListeners = new Set<(m: unknown) => void>();
  const stateListeners = new Set<(s: 'connecting' | 'open' | 'closed') => void>();
  const queue: string[] = [];
  let ws: WebSocket | undefined;
  let attempt = 0;
  let closed = false;

  const setState = (s: 'connecting' | 'open' | 'closed'): void =>
    stateListeners.forEach((l) => l(s));

  function connect(): void {
    setState('connecting');
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      while (queue.length) ws!.send(queue.shift()!);
    };
    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      const msg = decodeServerMessage(e.data);
      if (msg !== undefined) messageListeners.forEach((l) => l(msg));
    };
    ws.onclose = () => {
      setState('closed');
      if (closed) return;
      const delay = Math.min(10_000, 500 * 2 ** attempt++);
      setTimeout(connect, delay);
    };
  }
  connect();

  return {
    send(request) {
      const text = JSON.stringify(request);
      if (ws?.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    },
    onMessage(l) {
      messageListeners.add(l);
      return () => messageListeners.delete(l);
    },
    onState(l) {
      stateListeners.add(l);
      return () => stateListeners.delete(l);
    },
    close() {
      closed = true;
      ws?.close();
    },
  };
}

function defaultUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api`;
}
