import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlRoomHost } from '../control-room-host';
import { presentedToken, tokenMatches } from './access-token';

/**
 * `GET /metrics`: the host's Prometheus exposition. Allowed with the UI access token (as every
 * other route) or with the separate metrics key as a bearer token; 401 otherwise.
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  opts: { token: string; metricsKey?: string },
  controlRoom: Pick<ControlRoomHost, 'metrics'>,
): Promise<void> {
  const presented = presentedToken(req, url);
  const allowed =
    tokenMatches(opts.token, presented) ||
    (!!opts.metricsKey && tokenMatches(opts.metricsKey, bearer(req)));
  if (!allowed) {
    res
      .writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' })
      .end(
        JSON.stringify({ error: 'unauthorized', message: 'missing or wrong token or metrics key' }),
      );
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const body = await controlRoom.metrics.text();
  res.writeHead(200, { 'Content-Type': controlRoom.metrics.contentType });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function bearer(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}
