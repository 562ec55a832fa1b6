import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES, type EventEnvelope } from '../../shared/api/envelope';
import { apiEvents, type ApiEventPayload, type ApiEventTopic } from '../../shared/api/contract';
import { decodeServerMessage, encodeServerMessage } from '../../shared/api/wire-codec';
import type { Logger } from '../logging/logger';

/** What one host relays to another: a camera's live picture and what is detected on it. */
const RELAYED: ReadonlySet<string> = new Set(['camera.preview', 'camera.detections']);
export const RELAY_PATH = '/fleet/relay';
/** Header naming the fleet node a relay connection comes from (its token is the bearer). */
export const RELAY_NODE_HEADER = 'x-watcher-node';
/** How often the client re-reads which cameras other nodes hold. */
const RECONCILE_MS = 1000;

export interface RelayHost {
  onEvent(listener: (event: EventEnvelope) => void): () => void;
  /** Whether the camera runs on this host's workers (only those are relayed out). */
  isAnalysing(cameraId: string): boolean;
  /** Re-published here exactly as a local camera's event (same topic permissions per connection). */
  publish<T extends ApiEventTopic>(topic: T, payload: ApiEventPayload<T>): void;
}

export interface RelayFleet {
  relayToken(): string;
  remoteOwners(): Map<string, { nodeId: string; address?: string }>;
  verifyRelayToken(nodeId: string, token: string): Promise<boolean>;
}

/**
 * Host-to-host relay of live previews and detections. A host serves `/fleet/relay` to other
 * fleet nodes only: the caller names itself (x-watcher-node) and presents its fleet-issued relay
 * token, checked against the hash in PostgreSQL (never the UI's access token). It then gets the
 * preview and detection events of the cameras this host analyses. The client side connects to
 * each node holding a camera this host shows but does not analyse, and re-publishes what arrives
 * through the host, where every connection's session is checked as for its own cameras.
 */
export class FleetRelay {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly peers = new Map<string, { url: string; ws: WebSocket }>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Frames received from other hosts and re-published here. */
  relayedIn = 0;

  constructor(
    private readonly opts: {
      selfId: string;
      fleet: RelayFleet;
      host: RelayHost;
      logger: Logger;
    },
  ) {}

  /** An upgrade on RELAY_PATH: authenticated against the fleet's token hashes, then served. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const node = req.headers[RELAY_NODE_HEADER];
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const refuse = () => {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
    };
    if (typeof node !== 'string' || !node || !token || node === this.opts.selfId) return refuse();
    this.opts.fleet.verifyRelayToken(node, token).then(
      (ok) => {
        if (!ok) {
          this.opts.logger.warn('relay connection refused: bad fleet token', { node });
          return refuse();
        }
        this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, node));
      },
      () => refuse(),
    );
  }

  private serve(ws: WebSocket, node: string): void {
    const off = this.opts.host.onEvent((event) => {
      if (!RELAYED.has(event.topic)) return;
      const cameraId = (event.payload as { cameraId?: string }).cameraId;
      if (!cameraId || !this.opts.host.isAnalysing(cameraId)) return;
      // A peer that stops reading loses frames, never this host's memory.
      if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > 8 * 1024 * 1024) return;
      ws.send(encodeServerMessage(event));
    });
    ws.on('close', off);
    ws.on('error', () => ws.terminate());
    ws.on('message', () => ws.terminate());
    this.opts.logger.info('relay peer connected', { node });
  }

  start(): void {
    this.timer = setInterval(() => this.reconcile(), RECONCILE_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const p of this.peers.values()) p.ws.terminate();
    this.peers.clear();
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** One connection per node holding a camera this host does not analyse. */
  private reconcile(): void {
    const owners = this.opts.fleet.remoteOwners();
    const wanted = new Map<string, string>();
    for (const o of owners.values()) if (o.address) wanted.set(o.nodeId, o.address);
    for (const [node, p] of this.peers) {
      const url = wanted.get(node);
      if (url && relayUrl(url) === p.url && p.ws.readyState <= WebSocket.OPEN) continue;
      p.ws.terminate();
      this.peers.delete(node);
    }
    for (const [node, address] of wanted) if (!this.peers.has(node)) this.connect(node, address);
  }

  private connect(node: string, address: string): void {
    const url = relayUrl(address);
    const ws = new WebSocket(url, {
      headers: {
        authorization: `Bearer ${this.opts.fleet.relayToken()}`,
        [RELAY_NODE_HEADER]: this.opts.selfId,
      },
      maxPayload: MAX_MESSAGE_BYTES,
    });
    this.peers.set(node, { url, ws });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (this.peers.get(node)?.ws === ws) this.peers.delete(node);
    });
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? new Uint8Array(data as Buffer) : data.toString();
      const msg = decodeServerMessage(raw) as EventEnvelope | undefined;
      if (!msg || msg.kind !== 'event' || !RELAYED.has(msg.topic)) return;
      const topic = msg.topic as 'camera.preview' | 'camera.detections';
      const parsed = apiEvents[topic].safeParse(msg.payload);
      if (!parsed.success) return;
      const cameraId = parsed.data.cameraId;
      // Only what that node holds now, and never a camera analysed here.
      if (this.opts.fleet.remoteOwners().get(cameraId)?.nodeId !== node) return;
      if (this.opts.host.isAnalysing(cameraId)) return;
      this.relayedIn++;
      this.opts.host.publish(topic, parsed.data as never);
    });
  }
}

function relayUrl(address: string): string {
  const u = new URL(RELAY_PATH, address);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}
