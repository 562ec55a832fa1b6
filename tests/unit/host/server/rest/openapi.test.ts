import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../../../electron/host/server/rest/openapi';
import { API_PREFIX, REST_ROUTES } from '../../../../../electron/host/server/rest/routes';
import { apiKeyScopeSchema } from '../../../../../electron/shared/api/methods/api-keys';

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          security: unknown;
          parameters: Array<{ name: string; in: string }>;
          requestBody?: unknown;
        }
      >
    >;
    components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    info: { description: string };
  };

  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route of the table with its scope, parameters and body', () => {
    for (const r of REST_ROUTES) {
      const op = doc.paths[API_PREFIX + r.path]?.[r.httpMethod.toLowerCase()];
      expect(op, r.operationId).toBeDefined();
      expect(op.security).toEqual([{ apiKey: [r.scope] }]);
      for (const name of Object.keys(r.pathParams))
        expect(op.parameters).toContainEqual(expect.objectContaining({ name, in: 'path' }));
      for (const name of r.query ?? [])
        expect(op.parameters).toContainEqual(expect.objectContaining({ name, in: 'query' }));
      expect(Boolean(op.requestBody)).toBe(Boolean(r.body));
    }
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const s of apiKeyScopeSchema.options) expect(doc.info.description).toContain(s);
  });

  it('takes the schemas from the contract', () => {
    const list = doc.paths[`${API_PREFIX}/infractions`].get.parameters.find(
      (p) => p.name === 'status',
    ) as unknown as { schema: { type: string; items: { enum: string[] } } };
    expect(list.schema.type).toBe('array');
    expect(list.schema.items.enum).toContain('pending');
  });
});
