import { describe, expect, it } from 'vitest';
import { apiMethods } from '../../../../../electron/shared/api/contract';
import { SCOPE_METHODS } from '../../../../../electron/shared/api/methods/api-keys';
import {
  isRestPath,
  matchRoute,
  REST_ROUTES,
  routeParams,
} from '../../../../../electron/host/server/rest/routes';
import { statusOfCode } from '../../../../../electron/host/server/rest/rest-api';

function params(method: string, url: string, body?: Record<string, unknown>) {
  const [p, q = ''] = url.split('?');
  const m = matchRoute(method, p);
  if (m.kind !== 'match') throw new Error(`${url}: ${m.kind}`);
  return {
    route: m.route,
    params: routeParams(m.route, { ...m, query: new URLSearchParams(q), body }),
  };
}

describe('the REST route table', () => {
  it('names contract methods that the route scope grants', () => {
    for (const r of REST_ROUTES) {
      expect(apiMethods[r.call], r.operationId).toBeDefined();
      expect(SCOPE_METHODS[r.scope], r.operationId).toContain(r.call);
      if (r.also) expect(SCOPE_METHODS[r.scope]).toContain(r.also);
      for (const k of r.query ?? [])
        expect(
          Object.keys((apiMethods[r.call].params as never as { shape: object }).shape),
        ).toContain(k);
    }
    expect(new Set(REST_ROUTES.map((r) => `${r.httpMethod} ${r.path}`)).size).toBe(
      REST_ROUTES.length,
    );
  });

  it('maps the query onto infractions.list params in the contract types, which validate', () => {
    const { route, params: p } = params(
      'GET',
      '/api/v1/infractions?status=pending,validated&type=speed&type=red-light&from=10&limit=5&plate=AB*&cursor=c1&junk=1',
    );
    expect(route.call).toBe('infractions.list');
    expect(p).toEqual({
      status: ['pending', 'validated'],
      type: ['speed', 'red-light'],
      from: 10,
      limit: 5,
      plate: 'AB*',
      cursor: 'c1',
    });
    expect(apiMethods['infractions.list'].params.safeParse({ ...p, type: ['speed'] }).success).toBe(
      true,
    );
    // A value that is no number stays a string, so the contract refuses it (400).
    expect(params('GET', '/api/v1/infractions?limit=abc').params).toEqual({ limit: 'abc' });
  });

  it('maps path parameters and renamed body fields', () => {
    expect(params('GET', '/api/v1/infractions/abc%20d').params).toEqual({ id: 'abc d' });
    expect(params('GET', '/api/v1/infractions/x1/package').params).toEqual({ infractionId: 'x1' });
    expect(
      params('POST', '/api/v1/infractions/x1/decision', { action: 'validate', version: 3 }).params,
    ).toEqual({ id: 'x1', action: 'validate', expectedVersion: 3 });
    const ev = matchRoute('GET', '/api/v1/infractions/x1/evidence/2');
    expect(ev).toMatchObject({ kind: 'match', path: { id: 'x1', n: '2' } });
    expect(
      params('POST', '/api/v1/ingest/frame?cameraId=cam-1&scoreThreshold=0.5', {
        imageBase64: 'AAAA',
      }).params,
    ).toEqual({ cameraId: 'cam-1', scoreThreshold: 0.5, imageBase64: 'AAAA' });
  });

  it('matches nothing for hostile paths, and says which methods a path allows', () => {
    for (const p of [
      '/api/v1/infractions/..',
      '/api/v1/infractions/%2e%2e/package',
      '/api/v1/infractions/a%2Fb',
      '/api/v1/infractions/a%5Cb',
      '/api/v1/infractions/a%00',
      '/api/v1/infractions//package',
      '/api/v1/infractions/%E0%A4%A',
      '/api/v1/../healthz',
      '/api/v2/infractions',
    ])
      expect(matchRoute('GET', p).kind, p).toBe('not-found');
    expect(matchRoute('DELETE', '/api/v1/infractions')).toMatchObject({
      kind: 'method-not-allowed',
      allow: ['GET'],
    });
    expect(isRestPath('/api/v1/cameras?x')).toBe(true);
    expect(isRestPath('/api/v10')).toBe(false);
    expect(isRestPath('/api')).toBe(false);
  });

  it('gives contract error codes their HTTP status', () => {
    expect(statusOfCode('api.invalid_params')).toBe(400);
    expect(statusOfCode('store.error.forbidden')).toBe(403);
    expect(statusOfCode('store.error.notFound')).toBe(404);
    expect(statusOfCode('store.error.alreadyDecided')).toBe(409);
    expect(statusOfCode('store.error.versionConflict')).toBe(409);
    expect(statusOfCode('api.not_available')).toBe(501);
    expect(statusOfCode('api.internal')).toBe(500);
  });

  it('maps the refusals of signals and frames to 404, 409, 422 and 503', () => {
    expect(statusOfCode('signals.camera_not_found')).toBe(404);
    expect(statusOfCode('signals.unknown_signal')).toBe(404);
    expect(statusOfCode('signals.not_external')).toBe(409);
    expect(statusOfCode('signals.camera_not_running')).toBe(409);
    expect(statusOfCode('signals.bad_time')).toBe(422);
    expect(statusOfCode('signals.time_in_future')).toBe(422);
    expect(statusOfCode('frames.camera_not_found')).toBe(404);
    expect(statusOfCode('frames.model_not_installed')).toBe(404);
    expect(statusOfCode('frames.camera_no_model')).toBe(422);
    expect(statusOfCode('frames.image.corrupt')).toBe(422);
    expect(statusOfCode('frames.busy')).toBe(503);
  });
});
