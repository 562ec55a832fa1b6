import WebSocket from 'ws';
import type { ServeHandle } from './watcher-serve';

export interface Reply {
  id: number;
  ok: boolean;
  // Results are checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
  error?: { code: string; message: string };
}

/** One WebSocket client of the API: requests by id, replies in arrival order. */
export class ApiSocket {
  private nextId = 0;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(data.toString()) as { kind: string } & Reply;
      if (m.kind !== 'response') return;
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
  }

  static async open(serve: ServeHandle): Promise<ApiSocket> {
    const ws = new WebSocket(`${serve.baseUrl.replace(/^http/, 'ws')}api?token=${serve.token}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new ApiSocket(ws);
  }

  call(method: string, params: unknown, session?: string): Promise<Reply> {
    const id = ++this.nextId;
    return new Promise<Reply>((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(
        JSON.stringify({ kind: 'request', id, method, params, ...(session ? { session } : {}) }),
      );
    });
  }

  close(): void {
    this.ws.close();
  }
}
