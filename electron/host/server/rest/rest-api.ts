import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ApiError, ResponseEnvelope } from '../../../shared/api/envelope';
import type { ApiMethod, ApiResult } from '../../../shared/api/contract';
import type { ConnectionContext } from '../../api-types';
import type { Logger } from '../../logging/logger';
import type { ApiKeyCheck, ApiKeyPrincipal } from '../../store/api-keys';
import type { AuditLog } from '../../store/audit';
import { RestAuditBatcher } from './audit-batcher';
import { statusOfCode } from './error-status';
import { openApiDocument } from './openapi';
import { KeyRateLimiter } from './rate-limiter';
import { API_PREFIX, MAX_RAW_IMAGE_BYTES, matchRoute, routeParams, type RestRoute } from './routes';

/** What the REST API needs from the host. */
export interface RestHost {
  handle(raw: unknown, ctx: ConnectionContext): Promise<ResponseEnvelope | undefined>;
  services?: {
    store: {
      apiKeys: { verify(presented: string): ApiKeyCheck };
      audit: Pick<AuditLog, 'append'>;
      db: { transaction(fn: () => void): () => void };
    };
    evidenceRoot: string;
  };
}

export interface RestApiOptions {
  controlRoom: RestHost;
  logger: Pick<Logger, 'warn' | 'error'>;
  now?: () => number;
}

/** An error answer: `{ error: { code, message } }` with its HTTP status. */
class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export { statusOfCode };

/** Where an API key may come from: `Authorization: Bearer wk_…` or `X-API-Key: wk_…`. */
export function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  if (bearer) return bearer[1];
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * Past this a refused body is not even read: the answer goes at once and the connection ends. Up
 * to it, a body over its route's limit is read and dropped (never held) so the client, still
 * sending, gets its 413 rather than a broken pipe.
 */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads a body up to `max` bytes. Too large by its Content-Length: 413 before reading (at once
 * past DRAIN_MAX_BYTES); too large as it streams: 413 as soon as it passes, the rest dropped.
 */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const tooLarge = (close = false) =>
    new RestError(
      413,
      'api.too_large',
      `the body exceeds ${max} bytes`,
      close ? { Connection: 'close' } : {},
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > DRAIN_MAX_BYTES) throw tooLarge(true);
  const chunks: Buffer[] = [];
  let total = 0;
  let over = Number.isFinite(declared) && declared > max;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) over = true;
    if (total > DRAIN_MAX_BYTES) throw tooLarge(true);
    if (!over) chunks.push(chunk);
  }
  if (over) throw tooLarge();
  return Buffer.concat(chunks);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    })
    .end(text);
}

const UNAUTHORIZED_MESSAGE: Record<string, string> = {
  missing: 'an API key is required (Authorization: Bearer wk_… or X-API-Key)',
  malformed: 'the API key is not valid',
  unknown: 'the API key is not valid',
  revoked: 'the API key has been revoked',
  expired: 'the API key has expired',
  'no-store': 'this host has no API keys',
};

/**
 * The REST API under /api/v1: API keys only (the UI's access token is not accepted), each route
 * from REST_ROUTES calling its contract method through the host's dispatcher with the key as the
 * principal. Per-key token-bucket rate limit, capped bodies, and every call counted in the audit
 * log (batched).
 */
export function createRestApi(o: RestApiOptions): {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): void;
} {
  const { controlRoom, logger } = o;
  const store = controlRoom.services?.store;
  const limiter = new KeyRateLimiter();
  const audit = store
    ? new RestAuditBatcher({
        audit: store.audit,
        transaction: (fn) => store.db.transaction(fn)(),
        now: o.now,
        onError: (err) => logger.error('REST audit write failed', { error: String(err) }),
      })
    : undefined;
  let openApiText: string | undefined;
  let seq = 0;

  async function call<M extends ApiMethod>(
    method: M,
    params: unknown,
    key: ApiKeyPrincipal,
  ): Promise<ApiResult<M>> {
    const response = await controlRoom.handle(
      { kind: 'request', id: ++seq % 1_000_000_000, method, params },
      { connectionId: `rest:${key.id}`, transport: 'rest', apiKey: key },
    );
    if (!response) throw new RestError(500, 'api.internal', 'no answer');
    if (response.ok) return response.result as ApiResult<M>;
    throw errorOf(response.error);
  }

  function errorOf(e: ApiError): RestError {
    const status = statusOfCode(e.code);
    // An internal failure says so without its detail (no paths, no stacks).
    if (status === 500) return new RestError(500, 'api.internal', 'internal error');
    if (e.code === 'api.not_available')
      return new RestError(501, 'api.not_available', 'this route is not available on this host');
    if (status === 503) return new RestError(503, e.code, e.message, { 'Retry-After': '1' });
    return new RestError(status, e.code, e.message);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    const httpMethod = req.method ?? 'GET';
    let template = 'unmatched';
    let keyId: string | undefined;
    let status = 500;
    try {
      if (
        rawPath === `${API_PREFIX}/openapi.json` &&
        (httpMethod === 'GET' || httpMethod === 'HEAD')
      ) {
        template = `${API_PREFIX}/openapi.json`;
        openApiText ??= JSON.stringify(openApiDocument());
        status = 200;
        res
          .writeHead(200, {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': String(Buffer.byteLength(openApiText)),
          })
          .end(httpMethod === 'HEAD' ? undefined : openApiText);
        return;
      }
      const presented = presentedKey(req);
      if (!presented) throw new RestError(401, 'api.unauthorized', UNAUTHORIZED_MESSAGE.missing);
      if (!store) throw new RestError(401, 'api.unauthorized', UNAUTHORIZED_MESSAGE['no-store']);
      const check = store.apiKeys.verify(presented);
      if (!check.ok)
        throw new RestError(401, 'api.unauthorized', UNAUTHORIZED_MESSAGE[check.reason]);
      const key = check.key;
      keyId = key.id;
      const take = limiter.take(key.id, key.ratePerMinute);
      if (!take.ok)
        throw new RestError(429, 'api.rate_limited', 'too many requests for this API key', {
          'Retry-After': String(take.retryAfterSec),
        });
      const match = matchRoute(httpMethod, rawPath);
      if (match.kind === 'not-found') throw new RestError(404, 'api.not_found', 'no such route');
      if (match.kind === 'method-not-allowed') {
        template = match.template;
        throw new RestError(405, 'api.method_not_allowed', 'method not allowed', {
          Allow: match.allow.join(', '),
        });
      }
      const route = match.route;
      template = API_PREFIX + route.path;
      if (!key.scopes.includes(route.scope))
        throw new RestError(403, 'api.forbidden', `this API key lacks the scope ${route.scope}`);
      status = await serveRoute(route, match, query, req, res, key);
    } catch (err) {
      const e =
        err instanceof RestError
          ? err
          : (logger.error('REST call failed', { route: template, error: String(err) }),
            new RestError(500, 'api.internal', 'internal error'));
      status = e.status;
      if (res.headersSent) {
        res.destroy();
      } else {
        sendJson(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
        // A body too large even to drop is not read: the connection ends with the answer.
        if (e.headers.Connection === 'close') res.once('finish', () => req.destroy());
      }
    } finally {
      audit?.record({ keyId, httpMethod, path: template, status });
    }
  }

  async function serveRoute(
    route: RestRoute,
    match: Extract<ReturnType<typeof matchRoute>, { kind: 'match' }>,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    key: ApiKeyPrincipal,
  ): Promise<number> {
    let body: Record<string, unknown> | undefined;
    if (route.body) body = await bodyOf(route, req);
    const params = routeParams(route, { ...match, query, body });
    if (route.respond === 'json') {
      let result: unknown;
      try {
        result = await call(route.call, params, key);
      } catch (e) {
        // Errors name the body's fields, not the contract's.
        if (e instanceof RestError && e.status === 400 && route.body?.rename)
          for (const [from, to] of Object.entries(route.body.rename))
            e.message = e.message.split(to).join(from);
        throw e;
      }
      sendJson(res, 200, result);
      return 200;
    }
    if (route.respond === 'cameras') {
      const [cameras, statuses] = await Promise.all([
        call('cameras.list', {}, key),
        call('cameras.statuses', {}, key),
      ]);
      const byId = new Map(statuses.map((s) => [s.cameraId, s]));
      sendJson(
        res,
        200,
        cameras.map((c) => ({ ...c, ...(byId.has(c.id) ? { status: byId.get(c.id) } : {}) })),
      );
      return 200;
    }
    if (route.respond === 'package') {
      const pkg = await call('evidence.exportPackage', params, key);
      const zip = Buffer.from(pkg.base64, 'base64');
      res
        .writeHead(200, {
          'Content-Type': 'application/zip',
          'Content-Length': String(zip.length),
          'Content-Disposition': `attachment; filename="${pkg.filename.replace(/[^\w.-]/g, '_')}"`,
          'X-Package-SHA256': pkg.sha256,
          'X-Signing-Key-Id': pkg.publicKeyId,
        })
        .end(req.method === 'HEAD' ? undefined : zip);
      return 200;
    }
    return serveEvidenceFile(route, match.path, params, req, res, key);
  }

  async function serveEvidenceFile(
    route: RestRoute,
    pathValues: Record<string, string>,
    params: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
    key: ApiKeyPrincipal,
  ): Promise<number> {
    const spec = route.pathParams.n;
    const index = spec && 'rest' in spec ? spec.rest.safeParse(pathValues.n) : undefined;
    if (!index?.success)
      throw new RestError(400, 'api.invalid_params', 'n: expected an integer from 0');
    const { infraction } = await call('infractions.get', params, key);
    const file = infraction.evidence[index.data as number];
    if (!file) throw new RestError(404, 'ui.evidence.missing', 'no such evidence file');
    if (file.prunedAt !== undefined)
      throw new RestError(410, 'ui.evidence.pruned', 'the file was deleted by retention');
    if (!file.present)
      throw new RestError(503, 'ui.evidence.downloading', 'the file is still downloading', {
        'Retry-After': '30',
      });
    // The file is the stored record's, below the evidence root; nothing of the request names it.
    const root = path.resolve(controlRoom.services!.evidenceRoot);
    const full = path.resolve(root, file.path);
    if (!full.startsWith(root + path.sep))
      throw new RestError(404, 'ui.evidence.fileMissing', 'the file is missing on disk');
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile())
      throw new RestError(404, 'ui.evidence.fileMissing', 'the file is missing on disk');
    res.writeHead(200, {
      'Content-Type': file.mime,
      'Content-Length': String(info.size),
      'Content-Disposition': `attachment; filename="${path.basename(file.path).replace(/[^\w.-]/g, '_')}"`,
      'X-Evidence-SHA256': file.sha256,
    });
    if (req.method === 'HEAD') {
      res.end();
      return 200;
    }
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(full);
      stream.once('error', reject);
      res.once('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
    return 200;
  }

  async function bodyOf(route: RestRoute, req: IncomingMessage): Promise<Record<string, unknown>> {
    const spec = route.body!;
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (spec.rawImageParam && (type === 'image/jpeg' || type === 'image/png')) {
      const bytes = await readBody(req, MAX_RAW_IMAGE_BYTES);
      return { [spec.rawImageParam]: bytes.toString('base64') };
    }
    const text = (await readBody(req, spec.maxBytes)).toString('utf8');
    if (type !== 'application/json')
      throw new RestError(
        415,
        'api.unsupported_media_type',
        spec.rawImageParam
          ? 'send application/json, image/jpeg or image/png'
          : 'send application/json',
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RestError(400, 'api.malformed', 'the body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new RestError(400, 'api.malformed', 'the body must be a JSON object');
    return parsed as Record<string, unknown>;
  }

  return {
    handle,
    close: () => audit?.close(),
  };
}
