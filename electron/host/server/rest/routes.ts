import { z } from 'zod';
import { apiMethods, type ApiMethod } from '../../../shared/api/contract';
import { cameraConfigSchema, cameraStatusSchema } from '../../../shared/config/camera';
import type { ApiKeyScope } from '../../../shared/api/methods/api-keys';
import { ANALYZE_FRAME_MAX_BASE64 } from '../../../shared/api/methods/signals';

/** What a route answers with: the method's result as JSON, or bytes built from it. */
export type RestResponse = 'json' | 'evidence-file' | 'package' | 'cameras';

/** How a query value is turned into the type the contract's schema expects. */
type QueryKind = 'array' | 'number' | 'boolean' | 'string';

export interface RestRoute {
  operationId: string;
  httpMethod: 'GET' | 'POST';
  /** Under /api/v1, with `{name}` path parameters. */
  path: string;
  scope: ApiKeyScope;
  /** The contract method the route calls through the host's dispatcher. */
  call: ApiMethod;
  /** A second method merged into the answer (cameras: their live statuses). */
  also?: ApiMethod;
  summary: string;
  /**
   * Path parameters: each fills the contract param it names, or (`rest`) is the route's own and
   * validated by its schema (the evidence file's index).
   */
  pathParams: Record<string, { param: string } | { rest: z.ZodType; description: string }>;
  /** Query keys that fill the contract params of the same name. */
  query?: readonly string[];
  /** JSON body: its schema (from the contract's) and renames onto params. */
  body?: {
    schema: z.ZodType;
    rename?: Record<string, string>;
    /** Largest body accepted, bytes. */
    maxBytes: number;
    /** Also accepts a raw JPEG/PNG body, its other params in the query; bytes go to this param. */
    rawImageParam?: string;
  };
  respond: RestResponse;
  /** Answer schema for the document when it is not the method's result. */
  responseSchema?: z.ZodType;
}

/** JSON bodies other than frames: small. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;
/** A posted frame: base64 up to ANALYZE_FRAME_MAX_BASE64 plus its fields. */
export const MAX_FRAME_JSON_BYTES = ANALYZE_FRAME_MAX_BASE64 + 16 * 1024;
/** A raw JPEG/PNG body: the same 8 MB the base64 form allows. */
export const MAX_RAW_IMAGE_BYTES = 8 * 1024 * 1024;

const shapeOf = (m: ApiMethod) =>
  (apiMethods[m].params as unknown as z.ZodObject<Record<string, z.ZodType>>).shape;

const decide = shapeOf('infractions.decide');

export const camerasResponseSchema = z.array(
  cameraConfigSchema.extend({ status: cameraStatusSchema.optional() }),
);

/** The REST API, one entry per route: the only place a route is declared. */
export const REST_ROUTES: readonly RestRoute[] = [
  {
    operationId: 'listInfractions',
    httpMethod: 'GET',
    path: '/infractions',
    scope: 'infractions:read',
    call: 'infractions.list',
    summary:
      'Stored infractions, newest first, with the same filters as the review list (lists as a,b or repeated keys).',
    pathParams: {},
    query: ['status', 'type', 'cameraId', 'zoneId', 'from', 'to', 'plate', 'limit', 'cursor'],
    respond: 'json',
  },
  {
    operationId: 'getInfraction',
    httpMethod: 'GET',
    path: '/infractions/{id}',
    scope: 'infractions:read',
    call: 'infractions.get',
    summary: 'One infraction with its evidence list and its history.',
    pathParams: { id: { param: 'id' } },
    respond: 'json',
  },
  {
    operationId: 'verifyNotice',
    httpMethod: 'GET',
    path: '/verify/{code}',
    scope: 'infractions:read',
    call: 'fines.verify',
    summary:
      "What a notice's QR code (watcher://verify/<code>?sha256=…) is checked against: whether this host exported the evidence package with that SHA-256 for the case with that code.",
    pathParams: { code: { param: 'code' } },
    query: ['sha256'],
    respond: 'json',
  },
  {
    operationId: 'getEvidenceFile',
    httpMethod: 'GET',
    path: '/infractions/{id}/evidence/{n}',
    scope: 'evidence:read',
    call: 'infractions.get',
    summary:
      "The bytes of the infraction's n-th evidence file (0-based, in the order of its `evidence` list), with its MIME type and the SHA-256 sealed with it in `X-Evidence-SHA256`.",
    pathParams: {
      id: { param: 'id' },
      n: {
        rest: z.coerce.number().int().min(0).max(1000),
        description: "Index in the infraction's `evidence` list, from 0.",
      },
    },
    respond: 'evidence-file',
  },
  {
    operationId: 'getEvidencePackage',
    httpMethod: 'GET',
    path: '/infractions/{id}/package',
    scope: 'evidence:read',
    call: 'evidence.exportPackage',
    summary:
      'The signed evidence package (zip: evidence, sealed event, review record, signed checkpoint, signed SHA-256 manifest, public key); `watcher verify-package` checks it offline.',
    pathParams: { id: { param: 'infractionId' } },
    respond: 'package',
  },
  {
    operationId: 'decideInfraction',
    httpMethod: 'POST',
    path: '/infractions/{id}/decision',
    scope: 'infractions:decide',
    call: 'infractions.decide',
    summary:
      'Validates, rejects, appeals or closes an infraction. `version` is the version you read; 409 when it has changed since.',
    pathParams: { id: { param: 'id' } },
    body: {
      schema: z
        .object({ action: decide.action, reason: decide.reason, version: decide.expectedVersion })
        .strict(),
      rename: { version: 'expectedVersion' },
      maxBytes: MAX_JSON_BODY_BYTES,
    },
    respond: 'json',
  },
  {
    operationId: 'listCameras',
    httpMethod: 'GET',
    path: '/cameras',
    scope: 'cameras:read',
    call: 'cameras.list',
    also: 'cameras.statuses',
    summary: 'Camera configurations (passwords never included) with each one’s live status.',
    pathParams: {},
    respond: 'cameras',
    responseSchema: camerasResponseSchema,
  },
  {
    operationId: 'listAlarms',
    httpMethod: 'GET',
    path: '/alarms',
    scope: 'alarms:read',
    call: 'alarms.list',
    summary: 'Alarms, newest first, with the same filters as the alarm list.',
    pathParams: {},
    query: Object.keys(shapeOf('alarms.list')),
    respond: 'json',
  },
  {
    operationId: 'setSignal',
    httpMethod: 'POST',
    path: '/signals',
    scope: 'signals:write',
    call: 'signals.set',
    summary:
      "A traffic-light controller's phase for a camera's `external` signal (the red-light rule).",
    pathParams: {},
    body: { schema: apiMethods['signals.set'].params, maxBytes: MAX_JSON_BODY_BYTES },
    respond: 'json',
  },
  {
    operationId: 'analyzeFrame',
    httpMethod: 'POST',
    path: '/ingest/frame',
    scope: 'frames:write',
    call: 'frames.analyze',
    summary:
      'Runs one JPEG or PNG through a model (the camera’s, or `modelId`); nothing is stored. Body: JSON with `imageBase64`, or the raw image (`Content-Type: image/jpeg` or `image/png`) with the other fields in the query.',
    pathParams: {},
    query: ['cameraId', 'modelId', 'scoreThreshold'],
    body: {
      schema: apiMethods['frames.analyze'].params,
      maxBytes: MAX_FRAME_JSON_BYTES,
      rawImageParam: 'imageBase64',
    },
    respond: 'json',
  },
];

export const API_PREFIX = '/api/v1';

/** Whether a raw request URL is the REST API's (`/api/v1` and below). */
export function isRestPath(rawUrl: string | undefined): boolean {
  const url = rawUrl ?? '/';
  return url === API_PREFIX || url.startsWith(API_PREFIX + '/') || url.startsWith(API_PREFIX + '?');
}

/** A decoded path segment that could name something outside the route: a slash, a backslash, a control character. */
function hostileSegment(d: string): boolean {
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    if (c < 0x20 || c === 0x2f || c === 0x5c || c === 0x7f) return true;
  }
  return false;
}

/** A route and its compiled path: literal segments and parameter names. */
interface Compiled {
  route: RestRoute;
  segments: Array<{ literal: string } | { param: string }>;
  queryKinds: Record<string, QueryKind>;
}

function queryKindOf(schema: z.ZodType | undefined): QueryKind {
  if (!schema) return 'string';
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    type?: string | string[];
  };
  const type = Array.isArray(json.type) ? json.type[0] : json.type;
  if (type === 'array') return 'array';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  return 'string';
}

const compiled: Compiled[] = REST_ROUTES.map((route) => ({
  route,
  segments: route.path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('{') ? { param: s.slice(1, -1) } : { literal: s })),
  queryKinds: Object.fromEntries(
    (route.query ?? []).map((k) => [k, queryKindOf(shapeOf(route.call)[k])]),
  ),
}));

export type RouteMatch =
  | {
      kind: 'match';
      route: RestRoute;
      path: Record<string, string>;
      queryKinds: Record<string, QueryKind>;
    }
  | { kind: 'method-not-allowed'; allow: string[]; template: string }
  | { kind: 'not-found' };

/**
 * Finds the route of a raw request path (below API_PREFIX, still percent-encoded). A path with a
 * dot segment, an empty segment, or a segment that decodes to a slash, a backslash, a dot segment
 * or a control character matches nothing.
 */
export function matchRoute(httpMethod: string, rawPath: string): RouteMatch {
  if (!rawPath.startsWith(API_PREFIX + '/')) return { kind: 'not-found' };
  const parts = rawPath.slice(API_PREFIX.length + 1).split('/');
  const decoded: string[] = [];
  for (const p of parts) {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      return { kind: 'not-found' };
    }
    if (!d || d === '.' || d === '..' || hostileSegment(d)) return { kind: 'not-found' };
    decoded.push(d);
  }
  const allow: string[] = [];
  let template = '';
  for (const c of compiled) {
    if (c.segments.length !== decoded.length) continue;
    const path: Record<string, string> = {};
    const ok = c.segments.every((s, i) => {
      if ('literal' in s) return s.literal === decoded[i];
      path[s.param] = decoded[i];
      return true;
    });
    if (!ok) continue;
    if (
      c.route.httpMethod === httpMethod ||
      (httpMethod === 'HEAD' && c.route.httpMethod === 'GET')
    )
      return { kind: 'match', route: c.route, path, queryKinds: c.queryKinds };
    allow.push(c.route.httpMethod);
    template = API_PREFIX + c.route.path;
  }
  return allow.length ? { kind: 'method-not-allowed', allow, template } : { kind: 'not-found' };
}

/** Query values in the types the contract expects; zod then validates them as any call's params. */
export function queryParams(
  query: URLSearchParams,
  kinds: Record<string, QueryKind>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(kinds)) {
    const all = query.getAll(key);
    if (all.length === 0) continue;
    if (kind === 'array') {
      out[key] = all.flatMap((v) => v.split(',')).filter((v) => v !== '');
      continue;
    }
    const v = all[all.length - 1];
    if (kind === 'number') out[key] = v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    else if (kind === 'boolean') out[key] = v === 'true' ? true : v === 'false' ? false : v;
    else out[key] = v;
  }
  return out;
}

/**
 * The contract params of a call: path parameters, query values and the body, as the route maps
 * them. Unknown query keys are ignored; the dispatcher validates the result.
 */
export function routeParams(
  route: RestRoute,
  input: {
    path: Record<string, string>;
    query: URLSearchParams;
    queryKinds: Record<string, QueryKind>;
    body?: Record<string, unknown>;
  },
): Record<string, unknown> {
  const params: Record<string, unknown> = { ...queryParams(input.query, input.queryKinds) };
  if (input.body) {
    for (const [k, v] of Object.entries(input.body)) params[route.body?.rename?.[k] ?? k] = v;
  }
  for (const [name, spec] of Object.entries(route.pathParams))
    if ('param' in spec) params[spec.param] = input.path[name];
  return params;
}
