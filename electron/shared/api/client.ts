import { CodedError } from '../coded-error';
import { codedErrorOf, type ApiError, type RequestEnvelope } from './envelope';
import { parseResult, parseServerMessage } from './validate';
import type { ApiEventPayload, ApiEventTopic, ApiMethod, ApiParams, ApiResult } from './contract';

/**
 * How the client reaches the host. Two implementations: the Electron preload bridge (IPC) and a
 * WebSocket to `watcher serve`. Everything above this interface is transport-agnostic.
 */
export interface ClientTransport {
  send(request: RequestEnvelope): void;
  /** Raw (already de-framed) messages from the host; the client validates them. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Connection state, for the UI's banner. IPC is always `open`. */
  onState?(listener: (state: 'connecting' | 'open' | 'closed') => void): () => void;
  close?(): void;
}

type Listener = (payload: never) => void;

/** Where the client keeps the user's session token (sessionStorage in a browser tab). */
export interface SessionTokenStore {
  get(): string | undefined;
  set(token: string | undefined): void;
}

const memoryTokenStore = (): SessionTokenStore => {
  let token: string | undefined;
  return { get: () => token, set: (t) => (token = t) };
};

/** Methods whose result starts a session, and the one that ends it. */
const SESSION_STARTERS = new Set(['auth.login', 'auth.createFirstAdmin']);

/** Typed request/response and event subscription over any ClientTransport. */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    {
      method: ApiMethod;
      resolve(v: unknown): void;
      reject(e: Error): void;
      timer: ReturnType<typeof setTimeout>;
    }
  >();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Malformed server messages are dropped and reported here rather than thrown into the UI. */
  onProtocolError: (error: ApiError) => void = () => {};

  constructor(
    private readonly transport: ClientTransport,
    private readonly timeoutMs = 30_000,
    private readonly sessionToken: SessionTokenStore = memoryTokenStore(),
  ) {
    transport.onMessage((raw) => this.receive(raw));
  }

  /** Whether a user session token is held (the host still decides if it is valid). */
  get hasSession(): boolean {
    return this.sessionToken.get() !== undefined;
  }

  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    const id = this.nextId++;
    return new Promise<ApiResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CodedError('api.timeout', `${method} timed out`));
      }, this.timeoutMs);
      const done = (v: unknown): void => {
        // Sessions are handled here so every screen gets them for free: login stores the token,
        // logout (or a host that no longer knows it) forgets it.
        if (SESSION_STARTERS.has(method)) this.sessionToken.set((v as { token?: string }).token);
        if (method === 'auth.logout') this.sessionToken.set(undefined);
        resolve(v as ApiResult<M>);
      };
      const fail = (e: Error): void => {
        if (e instanceof CodedError && e.code === 'store.error.unauthenticated')
          this.sessionToken.set(undefined);
        reject(e);
      };
      this.pending.set(id, { method, resolve: done, reject: fail, timer });
      const session = this.sessionToken.get();
      this.transport.send({ kind: 'request', id, method, params, ...(session ? { session } : {}) });
    });
  }

  on<T extends ApiEventTopic>(
    topic: T,
    listener: (payload: ApiEventPayload<T>) => void,
  ): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new CodedError('api.closed', 'connection closed'));
    }
    this.pending.clear();
    this.transport.close?.();
  }

  private receive(raw: unknown): void {
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      this.onProtocolError(parsed.error);
      return;
    }
    const msg = parsed.value;
    if (msg.kind === 'event') {
      for (const l of this.listeners.get(msg.topic) ?? []) (l as (p: unknown) => void)(msg.payload);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (!msg.ok) {
      p.reject(codedErrorOf(msg.error));
      return;
    }
    const result = parseResult(p.method, msg.result);
    if (result.ok) p.resolve(result.value);
    else p.reject(codedErrorOf(result.error));
  }
}
