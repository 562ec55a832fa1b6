import type { ControlRoomHost } from '../control-room-host';
import type { Logger } from '../logging/logger';
import { MIN_TOKEN_LENGTH, newAccessToken } from './access-token';
import { startHttpServer } from './http-server';

/**
 * `WATCHER_METRICS_KEY`: lets Prometheus scrape `/metrics` without the UI token; too short is
 * ignored (with a warning), never accepted.
 */
export function metricsKeyFromEnv(
  env: NodeJS.ProcessEnv,
  logger: { warn(msg: string, fields?: Record<string, unknown>): void },
): string | undefined {
  const key = env.WATCHER_METRICS_KEY?.trim();
  if (!key) return undefined;
  if (key.length < MIN_TOKEN_LENGTH) {
    logger.warn(
      `WATCHER_METRICS_KEY ignored: it must have at least ${MIN_TOKEN_LENGTH} characters`,
    );
    return undefined;
  }
  return key;
}

export interface IntegrationListener {
  url: string;
  close(): Promise<void>;
}

/**
 * The desktop workstation's door for integrators: the same HTTP server `watcher serve` runs
 * (REST `/api/v1` with API keys, `/metrics`, `/healthz`, the browser wall), started only when
 * `WATCHER_HTTP_PORT` is set, on loopback unless `WATCHER_HTTP_HOST` says otherwise. The wall's
 * access token is new each start and never logged: integrators use API keys and the metrics key.
 */
export async function startIntegrationListener(opts: {
  env: NodeJS.ProcessEnv;
  controlRoom: ControlRoomHost;
  logger: Logger;
  staticDir?: string;
}): Promise<IntegrationListener | undefined> {
  const raw = opts.env.WATCHER_HTTP_PORT?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    opts.logger.error('WATCHER_HTTP_PORT ignored: not a port number (0..65535)', { value: raw });
    return undefined;
  }
  const host = opts.env.WATCHER_HTTP_HOST?.trim() || '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host))
    opts.logger.warn('integration listener on a non-loopback address: reachable from the network', {
      host,
    });
  const http = await startHttpServer({
    host,
    port,
    token: newAccessToken(),
    staticDir: opts.staticDir,
    controlRoom: opts.controlRoom,
    logger: opts.logger.child('http'),
    metricsKey: metricsKeyFromEnv(opts.env, opts.logger),
  });
  const base = new URL(http.url);
  const url = `${base.protocol}//${base.host}`;
  opts.logger.info('integration listener started (REST /api/v1, /metrics)', { url });
  return { url, close: () => http.close() };
}
