import { z } from 'zod';
import { apiMethods } from '../../../shared/api/contract';
import { apiKeyScopeSchema, SCOPE_METHODS } from '../../../shared/api/methods/api-keys';
import { WATCHER_VERSION } from '../../../shared/version';
import { refusalsOf } from './error-status';
import { API_PREFIX, REST_ROUTES, type RestRoute } from './routes';

type Json = Record<string, unknown>;

/** A zod schema as an OpenAPI 3.1 schema object (JSON Schema 2020-12, without `$schema`). */
export function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json;
  return rest;
}

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable error code, e.g. `api.invalid_params`.' },
        message: { type: 'string' },
      },
    },
  },
};

const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const SCOPE_TEXT: Record<z.infer<typeof apiKeyScopeSchema>, string> = {
  'infractions:read': 'List and read infractions',
  'infractions:decide': 'Validate, reject, appeal or close infractions',
  'evidence:read': 'Download evidence files and signed evidence packages',
  'cameras:read': 'Camera configurations (without passwords) and live status',
  'signals:write': "Push a traffic-light controller's phase",
  'frames:write': 'Analyse single posted frames',
  'alarms:read': 'List alarms',
};

function parametersOf(route: RestRoute): Json[] {
  const params = apiMethods[route.call].params as unknown as z.ZodObject<Record<string, z.ZodType>>;
  const shape = params.shape;
  const out: Json[] = [];
  for (const [name, spec] of Object.entries(route.pathParams)) {
    out.push({
      name,
      in: 'path',
      required: true,
      schema: schemaOf('param' in spec ? shape[spec.param] : spec.rest, 'input'),
      ...('rest' in spec ? { description: spec.description } : {}),
    });
  }
  for (const name of route.query ?? []) {
    const field = shape[name];
    const schema = schemaOf(field, 'input');
    out.push({
      name,
      in: 'query',
      required: !field.safeParse(undefined).success,
      schema,
      ...(schema.type === 'array' ? { style: 'form', explode: false } : {}),
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    });
  }
  return out;
}

function successOf(route: RestRoute): Json {
  if (route.respond === 'evidence-file')
    return {
      description: "The file's bytes, with its MIME type.",
      headers: {
        'X-Evidence-SHA256': {
          description: 'SHA-256 (hex) sealed with the evidence; compare it with the bytes.',
          schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
        'Content-Length': { schema: { type: 'integer' } },
      },
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    };
  if (route.respond === 'package')
    return {
      description: 'The signed evidence package.',
      headers: {
        'X-Package-SHA256': {
          description: 'SHA-256 (hex) of the zip, recorded in the audit log.',
          schema: { type: 'string' },
        },
        'X-Signing-Key-Id': { schema: { type: 'string' } },
      },
      content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    };
  const schema = route.responseSchema ?? apiMethods[route.call].result;
  return {
    description: 'OK',
    content: { 'application/json': { schema: schemaOf(schema, 'output') } },
  };
}

function operationOf(route: RestRoute): Json {
  const responses: Json = {
    '200': successOf(route),
    '400': errorResponse('Invalid parameters (the issues summarised in `message`).'),
    '401': errorResponse('No API key, or an invalid, expired or revoked one.'),
    '403': errorResponse(`The key lacks the scope \`${route.scope}\`.`),
    '404': errorResponse('No such route or resource.'),
    '429': {
      ...errorResponse("Over the key's rate; retry after `Retry-After` seconds."),
      headers: { 'Retry-After': { schema: { type: 'integer' } } },
    },
    '500': errorResponse('Internal error.'),
    '501': errorResponse('Not available on this host.'),
  };
  if (route.call === 'infractions.decide')
    responses['409'] = errorResponse('The infraction changed since `version` was read.');
  const refusalText: Record<number, string> = {
    404: 'A camera, signal or model named in the request does not exist',
    409: "Valid, but it clashes with the camera's configuration or its current state",
    422: 'The request cannot be carried out as given',
    503: 'Busy; retry after `Retry-After` seconds',
  };
  for (const [status, codes] of Object.entries(refusalsOf(route.call))) {
    const text = `${refusalText[Number(status)] ?? 'Refused'}: ${codes.map((c) => `\`${c}\``).join(', ')}.`;
    responses[status] = {
      ...errorResponse(text),
      ...(status === '503' ? { headers: { 'Retry-After': { schema: { type: 'integer' } } } } : {}),
    };
  }
  const op: Json = {
    operationId: route.operationId,
    summary: route.summary,
    description: `Calls \`${route.call}\`${route.also ? ` and \`${route.also}\`` : ''}. Scope: \`${route.scope}\`.`,
    tags: [route.path.split('/')[1]],
    security: [{ apiKey: [route.scope] }],
    parameters: parametersOf(route),
    responses,
  };
  if (route.body) {
    responses['413'] = errorResponse('The body is too large.');
    responses['415'] = errorResponse('Unsupported body type.');
    const content: Json = {
      'application/json': { schema: schemaOf(route.body.schema, 'input') },
    };
    if (route.body.rawImageParam) {
      content['image/jpeg'] = { schema: { type: 'string', format: 'binary' } };
      content['image/png'] = { schema: { type: 'string', format: 'binary' } };
    }
    op.requestBody = { required: true, content };
  }
  return op;
}

/** The OpenAPI 3.1 document of the REST API, from REST_ROUTES and the contract's schemas. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of REST_ROUTES) {
    const p = (paths[API_PREFIX + route.path] ??= {});
    p[route.httpMethod.toLowerCase()] = operationOf(route);
  }
  const scopes = Object.fromEntries(
    apiKeyScopeSchema.options.map((s) => [
      s,
      `${SCOPE_TEXT[s]} (${SCOPE_METHODS[s].map((m) => `\`${m}\``).join(', ')})`,
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Watcher REST API',
      version: WATCHER_VERSION,
      description:
        'The control room for integrators. Authenticate with an API key (`watcher apikey create`, or Settings → API keys): `Authorization: Bearer wk_…` or `X-API-Key: wk_…`. Each route needs one scope; each key has a rate per minute. Errors are `{ "error": { "code", "message" } }`.\n\nScopes:\n' +
        Object.entries(scopes)
          .map(([s, d]) => `- \`${s}\`: ${d}`)
          .join('\n'),
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'wk_<id>_<secret>',
          description: `An API key; also accepted in \`X-API-Key\`. Scopes: ${apiKeyScopeSchema.options.join(', ')}.`,
        },
      },
      schemas: { Error: errorSchema },
    },
  };
}
