import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../../../inference/worker/evidence/chain';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';
import type { InfractionEvent } from '../../../../electron/shared/domain/infraction';
import {
  mulberry32,
  syntheticInfraction,
  writeSyntheticEvidence,
} from '../../../../tools/synth/synthetic-infractions';
import { repoRoot } from '../../../helpers/fixtures';
import { startServe, type ServeHandle } from '../../../helpers/watcher-serve';

/**
 * The REST API for integrators against the real `watcher serve` (built bundle): keys made with
 * the `watcher apikey` CLI on the same data directory, then plain HTTP as an integrator (or an
 * attacker) sends it.
 */
const run = promisify(execFile);
let serve: ServeHandle;
const events: InfractionEvent[] = [];
const T0 = Date.UTC(2026, 0, 10, 12);

async function apikey(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [
      path.join(repoRoot, 'bin', 'watcher.mjs'),
      'apikey',
      ...args,
      '--data-dir',
      serve.dataDir,
    ]);
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function createKey(scopes: string, extra: string[] = []): Promise<string> {
  const r = await apikey(['create', '--name', `test ${scopes}`, '--scopes', scopes, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const key = r.stdout.trim();
  expect(key).toMatch(/^wk_[a-z0-9]+_[A-Za-z0-9_-]{43,}$/);
  return key;
}

const api = (p: string, init: RequestInit & { key?: string } = {}) => {
  const { key, headers, ...rest } = init;
  return fetch(`${serve.origin}/api/v1${p}`, {
    ...rest,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(headers as object) },
  });
};

/** A raw request (fetch normalises `..` and percent-encoded dots away). */
function rawGet(p: string, key: string): Promise<number> {
  const u = new URL(serve.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: p, headers: { Authorization: `Bearer ${key}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let reader: string;

beforeAll(async () => {
  serve = await startServe({
    cameras: [{ id: 'cam-off', name: 'Off', enabled: false, source: { kind: 'demo' } }],
    prepare(dataDir) {
      const evidenceRoot = path.join(dataDir, 'evidence');
      const store = ControlRoomStore.open({
        file: path.join(dataDir, 'watcher.db'),
        secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
        evidenceRoot,
      });
      try {
        const rng = mulberry32(11);
        for (let i = 0; i < 5; i++) {
          const id = randomUUID();
          const snapshot = writeSyntheticEvidence(
            evidenceRoot,
            `cam-0/${id}/snapshot.jpg`,
            20_000 + i,
            i + 1,
            'snapshot',
          );
          const { hash: _h, ...body } = syntheticInfraction(rng, {
            occurredAt: T0 + i * 60_000,
            id,
            evidence: [snapshot],
            cameras: 2,
          });
          // Sealed as a worker seals it, so the signed package can be built.
          events.push({ ...body, hash: eventHash(body) });
        }
        store.infractions.insert(events);
      } finally {
        store.close();
      }
    },
  });
  reader = await createKey('infractions:read,evidence:read,cameras:read', [
    '--rate-per-minute',
    '100000',
  ]);
}, 120_000);

afterAll(async () => {
  await serve?.stop();
});

describe('REST API /api/v1 on watcher serve', () => {
  it('refuses calls without a valid key: none, the UI token, malformed, revoked, expired', async () => {
    const none = await api('/infractions');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'api.unauthorized' } });
    expect((await api('/infractions', { key: serve.token })).status).toBe(401);
    expect((await api(`/infractions?token=${serve.token}`)).status).toBe(401);
    expect(
      (await api('/infractions', { headers: { Cookie: `watcher_token=${serve.token}` } })).status,
    ).toBe(401);
    expect((await api('/infractions', { key: reader.slice(0, -2) + 'xx' })).status).toBe(401);

    const doomed = await createKey('infractions:read');
    expect((await api('/infractions', { key: doomed })).status).toBe(200);
    const id = /^wk_([a-z0-9]+)_/.exec(doomed)![1];
    const revoked = await apikey(['revoke', id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    const r = await api('/infractions', { key: doomed });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ error: { message: expect.stringMatching(/revoked/) } });

    // An expired key: its expiry moved into the past in the database the host reads.
    const expiring = await createKey('infractions:read', ['--expires-days', '1']);
    expect((await api('/infractions', { headers: { 'X-API-Key': expiring } })).status).toBe(200);
    const store = ControlRoomStore.open({
      file: path.join(serve.dataDir, 'watcher.db'),
      secretBox: KeyFileSecretBox.open(path.join(serve.dataDir, 'secret.key')),
    });
    try {
      store.db
        .prepare('UPDATE api_keys SET expires_at = ? WHERE id = ?')
        .run(Date.now() - 1000, /^wk_([a-z0-9]+)_/.exec(expiring)![1]);
    } finally {
      store.close();
    }
    const exp = await api('/infractions', { key: expiring });
    expect(exp.status).toBe(401);
    expect(await exp.json()).toMatchObject({
      error: { message: expect.stringMatching(/expired/) },
    });
  });

  it('lists keys without their secrets or hashes', async () => {
    const list = await apikey(['list', '--json']);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(reader.split('_')[2]);
    expect(list.stdout).not.toMatch(/[0-9a-f]{64}/);
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ scopes: ['infractions:read', 'evidence:read', 'cameras:read'] }),
    );
  });

  it('answers 403 for a route outside the key’s scopes', async () => {
    const r = await api(`/infractions/${events[0].id}/decision`, {
      key: reader,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'validate', version: 1 }),
    });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ error: { code: 'api.forbidden' } });
    expect((await api('/signals', { key: reader, method: 'POST' })).status).toBe(403);
  });

  it('lists infractions with the contract’s filters and its cursor', async () => {
    const all = await api('/infractions', { key: reader });
    expect(all.status).toBe(200);
    const body = (await all.json()) as { items: Array<{ id: string }>; nextCursor?: string };
    expect(body.items.map((i) => i.id).sort()).toEqual(events.map((e) => e.id).sort());

    const cam = events[0].cameraId;
    const byCamera = (await (
      await api(`/infractions?cameraId=${cam}`, { key: reader })
    ).json()) as { items: Array<{ cameraId: string }> };
    expect(byCamera.items).toHaveLength(events.filter((e) => e.cameraId === cam).length);
    expect(byCamera.items.every((i) => i.cameraId === cam)).toBe(true);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await (
        await api(
          `/infractions?limit=2&status=pending${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          {
            key: reader,
          },
        )
      ).json()) as { items: Array<{ id: string }>; nextCursor?: string };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(events.map((e) => e.id).sort());

    const bad = await api('/infractions?limit=abc&status=nonsense', { key: reader });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('api.invalid_params');
    expect(err.error.message).toMatch(/limit|status/);

    const one = await api(`/infractions/${events[1].id}`, { key: reader });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ infraction: { id: events[1].id, version: 1 } });
    expect((await api('/infractions/nope', { key: reader })).status).toBe(404);
  });

  it('streams evidence whose bytes match the sealed SHA-256, and the signed package', async () => {
    const r = await api(`/infractions/${events[2].id}/evidence/0`, { key: reader });
    expect(r.status).toBe(200);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(Number(r.headers.get('content-length'))).toBe(bytes.length);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(r.headers.get('x-evidence-sha256')).toBe(sha);
    expect(sha).toBe(events[2].evidence[0].sha256);
    expect((await api(`/infractions/${events[2].id}/evidence/1`, { key: reader })).status).toBe(
      404,
    );
    expect((await api(`/infractions/${events[2].id}/evidence/-1`, { key: reader })).status).toBe(
      400,
    );

    const pkg = await api(`/infractions/${events[2].id}/package`, { key: reader });
    expect(pkg.status, await pkg.clone().text()).toBe(200);
    expect(pkg.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await pkg.arrayBuffer());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(createHash('sha256').update(zip).digest('hex')).toBe(
      pkg.headers.get('x-package-sha256'),
    );
  });

  it('decides with the version read, and answers 409 on a stale one', async () => {
    const decider = await createKey('infractions:decide,infractions:read');
    const decide = (version: unknown, action = 'validate') =>
      api(`/infractions/${events[3].id}/decision`, {
        key: decider,
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ action, reason: 'checked by the integrator', version }),
      });
    const ok = await decide(1);
    expect(ok.status).toBe(200);
    const decided = (await ok.json()) as {
      infraction: { status: string; version: number; decidedBy: string };
    };
    expect(decided.infraction).toMatchObject({ status: 'validated', version: 2 });
    expect(decided.infraction.decidedBy).toMatch(/^apikey:/);
    const stale = await decide(1, 'reject');
    expect(stale.status).toBe(409);
    const missing = await decide(undefined);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /version/,
    );
  });

  it('lists cameras without passwords, with their live status', async () => {
    const r = await api('/cameras', { key: reader });
    expect(r.status).toBe(200);
    const cams = (await r.json()) as Array<{ id: string }>;
    expect(cams.map((c) => c.id)).toContain('cam-off');
  });

  it('answers 501 for routes whose handlers this host lacks, never crashing', async () => {
    const k = await createKey('alarms:read,signals:write');
    const alarms = await api('/alarms', { key: k });
    expect([200, 501]).toContain(alarms.status);
    if (alarms.status === 501)
      expect(await alarms.json()).toMatchObject({ error: { code: 'api.not_available' } });
    const signal = await api('/signals', {
      key: k,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cameraId: 'cam-off', signalId: 'main', state: 'red' }),
    });
    expect([200, 404, 501]).toContain(signal.status);
    const framer = await createKey('frames:write');
    const raw = await api('/ingest/frame?cameraId=cam-off&scoreThreshold=0.4', {
      key: framer,
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg' },
      body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]),
    });
    expect([200, 422, 501]).toContain(raw.status);
    const json = await api('/ingest/frame', {
      key: framer,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ imageBase64: 'AAAAAAAAAAAA' }),
    });
    // Neither cameraId nor modelId: the contract's own refinement.
    expect(json.status).toBe(400);
    const text = await api('/ingest/frame', {
      key: framer,
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    expect((await api('/cameras', { key: reader })).status).toBe(200);
  });

  it('refuses oversized bodies with 413', async () => {
    const k = await createKey('frames:write,signals:write');
    const big = await api('/signals', {
      key: k,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cameraId: 'cam-off', signalId: 'x'.repeat(200_000), state: 'red' }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'api.too_large' } });
    const image = await api('/ingest/frame?cameraId=cam-off', {
      key: k,
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg' },
      body: Buffer.alloc(9 * 1024 * 1024),
    });
    expect(image.status).toBe(413);
    // The host still answers.
    expect((await api('/cameras', { key: reader })).status).toBe(200);
  });

  it('answers 404 to hostile paths', async () => {
    for (const p of [
      '/api/v1/infractions/../cameras',
      '/api/v1/infractions/%2e%2e/cameras',
      `/api/v1/infractions/${events[0].id}%2Fevidence/0`,
      '/api/v1/infractions/..%2F..%2Fsecret.key/evidence/0',
      `/api/v1/infractions/${events[0].id}/evidence/..%2F..%2F..%2Fsecret.key`,
      '/api/v1/infractions/%5c..%5csecret.key',
      '/api/v1/nothing',
    ])
      expect(await rawGet(p, reader), p).toBe(404);
    expect((await api('/infractions', { key: reader, method: 'DELETE' })).status).toBe(405);
  });

  it('limits each key to its rate: 429 with Retry-After', async () => {
    const slow = await createKey('cameras:read', ['--rate-per-minute', '2']);
    expect((await api('/cameras', { key: slow })).status).toBe(200);
    const over = await api('/cameras', { key: slow });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await over.json()).toMatchObject({ error: { code: 'api.rate_limited' } });
    // Other keys are not affected.
    expect((await api('/cameras', { key: reader })).status).toBe(200);
  });

  it('serves a valid OpenAPI 3.1 document', async () => {
    const r = await api('/openapi.json');
    expect(r.status).toBe(200);
    const doc = await r.json();
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('audits the calls by route template, never by the ids in the URL', async () => {
    const store = ControlRoomStore.open({
      file: path.join(serve.dataDir, 'watcher.db'),
      secretBox: KeyFileSecretBox.open(path.join(serve.dataDir, 'secret.key')),
    });
    try {
      const { until } = await import('../../../helpers/until');
      await until(
        () => store.audit.list({ action: 'api.rest' }).length > 0,
        20_000,
        'REST calls in the audit log',
      );
      const rows = store.audit.list({ action: 'api.rest' });
      const paths = new Set(rows.map((r) => r.details.path));
      expect(paths).toContain('/api/v1/infractions/{id}');
      expect([...paths].some((p) => events.some((e) => String(p).includes(e.id)))).toBe(false);
      expect(rows.some((r) => r.details.status === 401)).toBe(true);
      expect(store.audit.list({ action: 'apikey.create' }).length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
