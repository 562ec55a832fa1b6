import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVehicleRegistry,
  enrichInfraction,
  HttpVehicleRegistry,
  noVehicleRegistry,
} from '../../../../electron/host/vehicle-registry';

// A real HTTP server on 127.0.0.1 playing a municipality's registry, with misbehaving routes.
let server: Server;
let base = '';
const hits = new Map<string, number>();
const times: number[] = [];
let flakyFailures = 0;

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const plate = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  const kind = url.pathname.split('/')[1];
  hits.set(`${kind}/${plate}`, (hits.get(`${kind}/${plate}`) ?? 0) + 1);
  times.push(Date.now());
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  switch (kind) {
    case 'ok':
      if (req.headers['x-api-key'] !== 'k3y') return json(401, { error: 'no key' });
      if (plate === 'ZZZ999') return json(404, { error: 'unknown' });
      return json(200, {
        data: {
          brand: 'Toyota',
          model: 'Yaris',
          color: 'rojo',
          year: '2019',
          owner: { ref: 'OW-1' },
        },
      });
    case 'slow':
      setTimeout(() => json(200, { data: { brand: 'Late' } }), 1500);
      return;
    case 'err500':
      return json(500, { error: 'boom' });
    case 'flaky':
      if (flakyFailures++ < 2) return json(503, { error: 'busy' });
      return json(200, { data: { brand: 'Kia' } });
    case 'garbage':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
      return;
    case 'wrongshape':
      return json(200, { data: { brand: { nested: true }, year: 'last year' } });
    case 'empty':
      return json(200, { something: 'else' });
    case 'forbidden':
      return json(403, { error: 'nope' });
    default:
      return json(404, {});
  }
}

const fieldMap = {
  make: 'data.brand',
  model: 'data.model',
  colour: 'data.color',
  year: 'data.year',
  ownerRef: 'data.owner.ref',
};
const registry = (kind: string, extra: Record<string, unknown> = {}) =>
  new HttpVehicleRegistry({
    kind: 'http-json',
    urlTemplate: `${base}/${kind}/{plate}?apikey=SECRET`,
    headers: { 'x-api-key': 'k3y' },
    fieldMap,
    timeoutMs: 300,
    retries: 2,
    backoffMs: 20,
    ratePerSecond: 100,
    ...extra,
  });

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('HttpVehicleRegistry against a real local server', () => {
  it('maps the fields of a found vehicle and caches it', async () => {
    const r = registry('ok');
    const first = await r.lookup('abc-123', { country: 'PE' });
    expect(first).toEqual({
      status: 'found',
      plate: 'ABC123',
      cached: false,
      vehicle: { make: 'Toyota', model: 'Yaris', colour: 'rojo', year: 2019, ownerRef: 'OW-1' },
    });
    const second = await r.lookup('ABC123', { country: 'PE' });
    expect(second).toMatchObject({ status: 'found', cached: true });
    expect(hits.get('ok/ABC123')).toBe(1);
  });

  it('a cache entry expires after its TTL', async () => {
    const r = registry('ok', { cacheTtlMs: 50 });
    await r.lookup('TTL111');
    await new Promise((res) => setTimeout(res, 80));
    expect(await r.lookup('TTL111')).toMatchObject({ status: 'found', cached: false });
    expect(hits.get('ok/TTL111')).toBe(2);
  });

  it('404 means not found, not a failure', async () => {
    expect(await registry('ok').lookup('ZZZ999')).toMatchObject({
      status: 'not-found',
      plate: 'ZZZ999',
    });
  });

  it('a slow service times out after the retries, and the message carries no API key', async () => {
    const r = await registry('slow').lookup('SLOW01');
    // Three attempts that each gave up (the service answers after 1.5 s, the time-out is 0.3 s):
    // a 'found' here would mean a time-out did not fire. No wall-clock bound: that is load.
    expect(r).toMatchObject({ status: 'failed', reason: 'plates.registry.timeout', attempts: 3 });
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('500 is retried with backoff, then fails with the reason', async () => {
    const t0 = Date.now();
    const r = await registry('err500').lookup('ERR500');
    expect(r).toMatchObject({ status: 'failed', reason: 'plates.registry.http', attempts: 3 });
    expect(hits.get('err500/ERR500')).toBe(3);
    // Backoff 20 ms then 40 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('a flaky service succeeds on a retry', async () => {
    expect(await registry('flaky').lookup('FLK123')).toMatchObject({
      status: 'found',
      vehicle: { make: 'Kia' },
    });
    expect(hits.get('flaky/FLK123')).toBe(3);
  });

  it('garbage (not JSON, wrong shapes, nothing mapped) fails without retrying', async () => {
    expect(await registry('garbage').lookup('GRB001')).toMatchObject({
      status: 'failed',
      reason: 'plates.registry.garbage',
      attempts: 1,
    });
    expect(await registry('wrongshape').lookup('GRB002')).toMatchObject({
      status: 'failed',
      reason: 'plates.registry.garbage',
    });
    expect(await registry('empty').lookup('GRB003')).toMatchObject({
      status: 'failed',
      reason: 'plates.registry.garbage',
    });
  });

  it('403 fails at once; an unreachable host is a network failure', async () => {
    expect(await registry('forbidden').lookup('FRB001')).toMatchObject({
      status: 'failed',
      reason: 'plates.registry.http',
      attempts: 1,
    });
    const closed = new HttpVehicleRegistry({
      kind: 'http-json',
      urlTemplate: 'http://127.0.0.1:1/{plate}',
      fieldMap,
      retries: 1,
      backoffMs: 1,
    });
    expect(await closed.lookup('NET001')).toMatchObject({
      status: 'failed',
      reason: 'plates.registry.network',
      attempts: 2,
    });
  });

  it('rejects a non-plate without asking the service', async () => {
    expect(await registry('ok').lookup('-')).toMatchObject({
      status: 'failed',
      reason: 'plates.registry.badPlate',
      attempts: 0,
    });
  });

  it('rate-limits a burst', async () => {
    const r = registry('ok', { ratePerSecond: 20 });
    const before = times.length;
    await Promise.all(['RL0001', 'RL0002', 'RL0003', 'RL0004', 'RL0005'].map((p) => r.lookup(p)));
    const burst = times.slice(before);
    expect(burst).toHaveLength(5);
    // 20/s: five requests span at least 4 × 50 ms (timer slack allowed).
    expect(burst[4] - burst[0]).toBeGreaterThanOrEqual(180);
  });
});

describe('enrichInfraction', () => {
  const infraction = {
    plate: { text: 'ABC-123', rawText: 'ABC123', confidence: 0.9, country: 'PE' },
  };

  it('no provider configured means no lookup', async () => {
    expect(createVehicleRegistry(undefined)).toBe(noVehicleRegistry);
    expect(await enrichInfraction(infraction, createVehicleRegistry(null))).toEqual({
      status: 'disabled',
    });
  });

  it('a failing provider leaves the infraction intact and reports why', async () => {
    const before = structuredClone(infraction);
    const r = await enrichInfraction(
      infraction,
      createVehicleRegistry({
        kind: 'http-json',
        urlTemplate: `${base}/garbage/{plate}`,
        fieldMap,
      }),
    );
    expect(r).toMatchObject({ status: 'failed', reason: 'plates.registry.garbage' });
    expect(infraction).toEqual(before);
  });

  it('a provider that throws is contained', async () => {
    const throwing = { name: 'bad', lookup: async () => Promise.reject(new Error('kaput')) };
    expect(await enrichInfraction(infraction, throwing)).toMatchObject({
      status: 'failed',
      message: 'kaput',
    });
  });

  it('an infraction without a plate is not looked up; a bad config throws at creation', async () => {
    expect(await enrichInfraction({}, noVehicleRegistry)).toEqual({ status: 'no-plate' });
    expect(() =>
      createVehicleRegistry({ kind: 'http-json', urlTemplate: 'ftp://x/{plate}', fieldMap }),
    ).toThrow();
    expect(() =>
      createVehicleRegistry({ kind: 'http-json', urlTemplate: `${base}/ok/{plate}`, fieldMap: {} }),
    ).toThrow();
  });
});
