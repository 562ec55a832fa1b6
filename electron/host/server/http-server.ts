import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../shared/api/envelope';
import { encodeServerMessage } from '../../shared/api/wire-codec';
import { WATCHER_VERSION } from '../../shared/version';
import type { ControlRoomHost } from '../control-room-host';
import type { CameraStatus } from '../../shared/config/camera';
import type { Logger } from '../logging/logger';
import { presentedToken, TOKEN_COOKIE, tokenMatches } from './access-token';
import { serveMetrics } from './metrics-route';
import { createRestApi } from './rest/rest-api';
import { isRestPath } from './rest/routes';

export interface HttpServerOptions {
  host: string;
  port: number;
  token: string;
  /** Built renderer; when absent only /healthz and the API are served. */
  staticDir?: string;
  controlRoom: ControlRoomHost;
  logger: Logger;
  /** Most WebSocket connections open at once; the next upgrade is refused with 503. Default 64. */
  maxConnections?: number;
  /** How often each socket is pinged; one that has not answered the previous ping is ended. Default 15 s. */
  pingIntervalMs?: number;
  /**
   * A second secret accepted on `/metrics` only (`Authorization: Bearer …`), so Prometheus can
   * scrape without holding the UI's access token (`WATCHER_METRICS_KEY` under `watcher serve`).
   */
  metricsKey?: string;
  /** Fleet mode: the host-to-host relay endpoint (its own fleet-token authentication). */
  fleetRelay?: { upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void };
}

export const DEFAULT_MAX_CONNECTIONS = 64;
export const DEFAULT_PING_INTERVAL_MS = 15_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The browser wall gets the same strict policy as the Electron window. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * `watcher serve`'s HTTP side: the built UI, `/healthz`, and the API over WebSocket at `/api`.
 * Every request needs the access token (query, bearer header, or the cookie set on first visit).
 * Holding the token is not enough to exhaust the host: at most `maxConnections` sockets at once
 * (503 beyond), messages up to MAX_MESSAGE_BYTES, a peer that stops answering pings is ended
 * within two ping intervals, and one that stops reading is closed by the connection's
 * back-pressure budget.
 */
/** The provider a camera actually runs on, what was asked for and why they differ. */
function providerHealth(s: CameraStatus): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.provider) out.provider = s.provider;
  if (s.providerRequested) out.providerRequested = s.providerRequested;
  if (s.providerNote) out.providerFallback = s.providerNote;
  if (s.providerReasonCode) out.providerReasonCode = s.providerReasonCode;
  if (s.phase) out.phase = s.phase;
  return out;
}

export async function startHttpServer(
  opts: HttpServerOptions,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const { controlRoom, logger } = opts;
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const pingIntervalMs = opts.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  /** Sockets open or being upgraded: what counts against maxConnections. */
  let sockets = 0;
  let refused = 0;
  let refusedLoggedAt = 0;
  const answeredPing = new WeakMap<WebSocket, boolean>();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (answeredPing.get(ws) === false) {
        logger.warn('connection ended: it stopped answering pings');
        ws.terminate();
        continue;
      }
      answeredPing.set(ws, false);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, pingIntervalMs);
  pinger.unref();

  // The REST API for integrators: API keys only, never the access token.
  const rest = createRestApi({ controlRoom, logger: logger.child('rest') });
  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((err: unknown) => {
      logger.error('HTTP handler failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-store');
    if (url.pathname === '/metrics') return serveMetrics(req, res, url, opts, controlRoom);
    if (isRestPath(req.url)) return rest.handle(req, res);
    if (!tokenMatches(opts.token, presentedToken(req, url))) {
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: 'unauthorized', message: 'missing or wrong access token' }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.searchParams.has('token')) {
      // Assets and the WebSocket then authenticate with the cookie; the token leaves the URL bar.
      res.setHeader(
        'Set-Cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(opts.token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          status: 'ok',
          version: WATCHER_VERSION,
          uptimeSec: Math.round((Date.now() - controlRoom.startedAt) / 100) / 10,
          ffmpeg: {
            source: controlRoom.ffmpeg.source,
            version: controlRoom.ffmpeg.version,
            release: controlRoom.ffmpeg.release,
            year: controlRoom.ffmpeg.year,
            outdated: controlRoom.ffmpeg.outdated,
          },
          workers: controlRoom.workerStates(),
          cameras: controlRoom.cameraStatuses().map((s) => ({
            id: s.cameraId,
            state: s.state,
            fps: s.fps,
            ...providerHealth(s),
          })),
        }),
      );
      return;
    }
    serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    if (!opts.staticDir) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('UI not built: run `npm run build`');
      return;
    }
    const root = path.resolve(opts.staticDir);
    let file = path.resolve(root, '.' + decodeURIComponent(pathname));
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(root, 'index.html');
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': CSP });
    createReadStream(file).pipe(res);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/fleet/relay' && opts.fleetRelay && !req.headers.origin)
      return opts.fleetRelay.upgrade(req, socket, head);
    const origin = req.headers.origin;
    // Refuse cross-site pages: only our own origin (or a non-browser client, with no Origin) may connect.
    const sameOrigin = !origin || origin === `http://${req.headers.host}`;
    if (
      url.pathname !== '/api' ||
      !sameOrigin ||
      !tokenMatches(opts.token, presentedToken(req, url))
    ) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    if (sockets >= maxConnections) {
      // One line per 10 s at most, however many are refused: a flood must not flood the log.
      refused++;
      if (Date.now() - refusedLoggedAt >= 10_000) {
        logger.warn('connections refused: too many open connections', {
          max: maxConnections,
          refused,
        });
        refusedLoggedAt = Date.now();
        refused = 0;
      }
      socket.write(
        'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      socket.destroy();
      return;
    }
    sockets++;
    let counted = true;
    const release = () => {
      if (counted) sockets--;
      counted = false;
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', release);
      attach(ws);
    });
  });

  /** One socket, one host connection: a slow browser gets the shared back-pressure policy. */
  function attach(ws: WebSocket): void {
    answeredPing.set(ws, true);
    ws.on('pong', () => answeredPing.set(ws, true));
    const connection = controlRoom.connect('ws', {
      send: (msg) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeServerMessage(msg));
      },
      bufferedBytes: () => ws.bufferedAmount,
      close: () => ws.terminate(),
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        logger.warn('binary API message rejected', { connection: connection.id });
        return;
      }
      void connection.receive(data.toString());
    });
    ws.on('close', () => connection.close());
    ws.on('error', () => connection.close());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    url: `http://${hostForUrl}:${port}/?token=${opts.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        rest.close();
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
