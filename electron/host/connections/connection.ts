import type { EventEnvelope, ResponseEnvelope, ServerMessage } from '../../shared/api/envelope';
import { apiEventSpecs, eventPermission, type Permission } from '../../shared/api/contract';
import type { ConnectionContext } from '../api-types';
import type { Session } from '../auth/auth-service';
import type { Logger } from '../logging/logger';

/**
 * Where a connection's messages go: one WebSocket, or one Electron window's IPC. The transport
 * encodes and delivers; everything else (events, snapshot, back-pressure) is the Connection's.
 */
export interface ConnectionSink {
  /** Delivers one message; a sink whose peer has gone drops it silently. */
  send(message: ServerMessage): void;
  /** Bytes sent but not yet taken by the peer (0 when it keeps up). */
  bufferedBytes(): number;
  /** Ends the transport (the WebSocket is terminated; a window just stops getting events). */
  close(): void;
}

/** What a connection needs from the host (ControlRoomHost). */
export interface ConnectionHost {
  onEvent(listener: (event: EventEnvelope) => void): () => void;
  /** The events a newly connected UI needs at once (statuses, latest previews). */
  snapshotEvents(): EventEnvelope[];
  handle(raw: unknown, ctx: ConnectionContext): Promise<ResponseEnvelope | undefined>;
}

/**
 * One back-pressure policy for every transport. Behind `dropAboveBytes`, droppable events (the
 * next preview or detection replaces them) are skipped; responses and every other event (statuses,
 * infractions, worker states) always go. A connection over `closeAboveBytes`, or behind for longer
 * than `closeAfterBehindMs`, is hopelessly behind and closed; so is one that sends a request after
 * staying behind that long (its answers are not being read).
 */
export interface BackPressurePolicy {
  dropAboveBytes: number;
  closeAboveBytes: number;
  closeAfterBehindMs: number;
}

/**
 * Small enough that the most connections a host accepts, all stuck, cannot hold much memory:
 * previews stop at 1 MiB queued, a connection that is still 8 MiB or 10 s behind is closed.
 */
export const DEFAULT_BACK_PRESSURE: BackPressurePolicy = {
  dropAboveBytes: 1024 * 1024,
  closeAboveBytes: 8 * 1024 * 1024,
  closeAfterBehindMs: 10_000,
};

/**
 * What a connection's session may receive, answered by the host from its users and sessions.
 * `validUntil` is when the answer lapses by itself (the session's expiry).
 */
export interface EventAccess {
  grants(token: string | undefined): {
    permits(permission: Permission): boolean;
    validUntil: number;
  };
}

/**
 * Longest a connection trusts a grant without asking again, for changes made where the auth
 * service cannot tell (a user synced from another host). Its own changes are announced at once.
 */
export const ACCESS_RECHECK_MS = 5_000;

/** Topics whose events a slow connection may miss: the next one supersedes them. */
export const DROPPABLE_TOPICS: ReadonlySet<string> = new Set([
  'camera.preview',
  'camera.detections',
]);

export interface ConnectionOptions {
  host: ConnectionHost;
  context: ConnectionContext;
  sink: ConnectionSink;
  logger: Logger;
  /** Resolves the token of the connection's latest call (expiry checked each time). */
  resolveSession?: (token: string) => Session | undefined;
  /**
   * Who may receive which event (each topic's permission in `apiEventSpecs`). Absent on a host
   * without users, where every event goes to every connection.
   */
  access?: EventAccess;
  policy?: Partial<BackPressurePolicy>;
  now?: () => number;
}

/** Methods whose successful result starts a session for the connection that called them. */
const SESSION_STARTERS: ReadonlySet<string> = new Set(['auth.login', 'auth.createFirstAdmin']);

/**
 * One client of the host, whatever the transport: subscribes to host events, sends the snapshot a
 * new client needs, answers its requests, applies the back-pressure policy, and unsubscribes when
 * closed. Every pushed event goes through push(), the one place to filter what a connection sees:
 * an event goes only to a connection whose current session has the topic's permission. The grant
 * is cached, and asked again when the host announces an access change (refreshAccess), when the
 * session expires, and at least every ACCESS_RECHECK_MS. A connection that gains a topic (login,
 * a wider role) gets that topic's snapshot at once.
 */
export class Connection {
  readonly context: ConnectionContext;
  private readonly policy: BackPressurePolicy;
  private readonly now: () => number;
  private unsubscribe?: () => void;
  private sessionToken?: string;
  private behindSince?: number;
  private droppedEvents = 0;
  private isClosed = false;
  private readonly closeListeners: Array<() => void> = [];
  /** Topics this connection may receive now; undefined until the first grant. */
  private allowedTopics?: ReadonlySet<string>;
  private grantLapsesAt = 0;

  constructor(private readonly o: ConnectionOptions) {
    this.context = o.context;
    this.policy = { ...DEFAULT_BACK_PRESSURE, ...o.policy };
    this.now = o.now ?? Date.now;
  }

  get id(): string {
    return this.context.connectionId;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Events skipped under back-pressure so far. */
  get dropped(): number {
    return this.droppedEvents;
  }

  /** The user session of the connection's latest call, if it is still valid. */
  get session(): Session | undefined {
    return this.sessionToken ? this.o.resolveSession?.(this.sessionToken) : undefined;
  }

  /** Subscribes to host events and sends the snapshot it may see; the host calls it once. */
  open(): this {
    if (this.isClosed || this.unsubscribe) return this;
    this.unsubscribe = this.o.host.onEvent((event) => this.push(event));
    this.refreshAccess();
    return this;
  }

  /** A request from the client: handled by the host, its response always sent. */
  async receive(raw: unknown): Promise<void> {
    // A peer that keeps asking while it has not read its answers for too long is not served
    // (by time only: one large answer, such as an evidence file, may be queued legitimately).
    if (!this.isClosed && this.fellBehind(this.o.sink.bufferedBytes(), false)) return;
    const request = requestOf(raw);
    const before = this.sessionToken;
    if (request.session !== undefined) this.sessionToken = request.session;
    // Events a handler pushes to this connection while it runs (progress) follow the new session.
    if (this.sessionToken !== before) this.refreshAccess();
    const response = await this.o.host.handle(raw, this.context);
    // Responses are never dropped, even on a connection closed for falling behind: the
    // request's caller is waiting for it and the sink drops it if the peer is gone.
    if (response) this.o.sink.send(response);
    // A login answers with the token the client uses from now on: this connection is that
    // session's from here, and gets the snapshot its role allows without waiting for a call.
    if (response?.ok && request.method && SESSION_STARTERS.has(request.method)) {
      const token = (response.result as { token?: unknown } | null)?.token;
      if (typeof token === 'string' && token !== this.sessionToken) {
        this.sessionToken = token;
        this.refreshAccess();
      }
    }
  }

  /**
   * Asks again what this connection's session may receive (the host calls it after a logout, a
   * role change or a user disabled), and sends the snapshot of any topic it has just gained.
   */
  refreshAccess(): void {
    if (this.isClosed || !this.unsubscribe) return;
    const before = this.allowedTopics ?? new Set<string>();
    const now = this.grant();
    const gained = [...now].filter((t) => !before.has(t));
    if (gained.length === 0) return;
    for (const event of this.o.host.snapshotEvents())
      if (gained.includes(event.topic)) this.push(event);
  }

  /** Whether this connection's session may receive a topic now (the grant re-asked if it lapsed). */
  private mayReceive(topic: string): boolean {
    if (!this.o.access) return true;
    if (!this.allowedTopics || this.now() >= this.grantLapsesAt) this.refreshAccess();
    return this.allowedTopics?.has(topic) ?? false;
  }

  private grant(): ReadonlySet<string> {
    const topics = Object.keys(apiEventSpecs);
    if (!this.o.access) return (this.allowedTopics = new Set(topics));
    const g = this.o.access.grants(this.sessionToken);
    this.grantLapsesAt = Math.min(g.validUntil, this.now() + ACCESS_RECHECK_MS);
    return (this.allowedTopics = new Set(
      topics.filter((t) => {
        const permission = eventPermission(t);
        return permission !== undefined && g.permits(permission);
      }),
    ));
  }

  /**
   * Sends one event if this connection's session may receive its topic, subject to the
   * back-pressure policy; false when it was not sent.
   */
  push(event: EventEnvelope): boolean {
    if (this.isClosed) return false;
    if (!this.mayReceive(event.topic)) return false;
    const queued = this.o.sink.bufferedBytes();
    if (this.fellBehind(queued, true)) return false;
    if (queued > this.policy.dropAboveBytes && DROPPABLE_TOPICS.has(event.topic)) {
      this.droppedEvents++;
      return false;
    }
    this.o.sink.send(event);
    return true;
  }

  /**
   * Tracks how long the peer has been behind and closes the connection once it is hopelessly so:
   * over `closeAboveBytes` queued (when `bySize`), or behind for longer than `closeAfterBehindMs`.
   */
  private fellBehind(queued: number, bySize: boolean): boolean {
    if (queued <= this.policy.dropAboveBytes) {
      this.behindSince = undefined;
      return false;
    }
    this.behindSince ??= this.now();
    const behindMs = this.now() - this.behindSince;
    if (
      !(bySize && queued > this.policy.closeAboveBytes) &&
      behindMs <= this.policy.closeAfterBehindMs
    )
      return false;
    this.o.logger.warn('connection closed: it stayed too far behind', {
      connection: this.id,
      transport: this.context.transport,
      queuedBytes: queued,
      behindMs,
      dropped: this.droppedEvents,
    });
    this.close();
    return true;
  }

  /** Called once when the connection closes, whoever closed it. */
  onClose(listener: () => void): void {
    if (this.isClosed) listener();
    else this.closeListeners.push(listener);
  }

  /** Stops events and ends the transport; idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.o.sink.close();
    for (const l of this.closeListeners.splice(0)) l();
  }
}

/** The session token and method a request carries (JSON text from a socket, or an object from IPC). */
function requestOf(raw: unknown): { session?: string; method?: string } {
  let data = raw;
  if (typeof raw === 'string') {
    // Only requests that carry a session or may start one are worth parsing twice.
    if (!raw.includes('"session"') && !raw.includes('"auth.')) return {};
    try {
      data = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  const r = (data ?? {}) as { session?: unknown; method?: unknown };
  return {
    session: typeof r.session === 'string' ? r.session : undefined,
    method: typeof r.method === 'string' ? r.method : undefined,
  };
}

/**
 * A sink for a transport that cannot say what it has queued (Electron IPC): while the receiver is
 * stalled (an unresponsive window), everything sent since counts as queued; once it responds
 * again the backlog is considered delivered.
 */
export class StallAwareSink implements ConnectionSink {
  private queued = 0;
  private stalledNow = false;

  constructor(
    private readonly target: {
      send(message: ServerMessage): void;
      isOpen(): boolean;
      close?(): void;
    },
  ) {}

  get stalled(): boolean {
    return this.stalledNow;
  }

  send(message: ServerMessage): void {
    if (!this.target.isOpen()) return;
    this.target.send(message);
    if (this.stalledNow) this.queued += approximateBytes(message);
  }

  bufferedBytes(): number {
    return this.queued;
  }

  close(): void {
    this.target.close?.();
  }

  /** The receiver stopped taking messages. */
  stall(): void {
    this.stalledNow = true;
  }

  /** The receiver is taking messages again. */
  resume(): void {
    this.stalledNow = false;
    this.queued = 0;
  }
}

/** Roughly what a message weighs on the wire: its JPEG, else its JSON. */
export function approximateBytes(message: ServerMessage): number {
  const payload = message.kind === 'event' ? message.payload : undefined;
  const jpeg = (payload as { jpeg?: unknown } | undefined)?.jpeg;
  if (jpeg instanceof Uint8Array) return jpeg.byteLength + 256;
  try {
    return JSON.stringify(message)?.length ?? 0;
  } catch {
    return 0;
  }
}
