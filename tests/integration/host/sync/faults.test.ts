import { createServer, Socket, type Server } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PG_SCHEMA_VERSION } from '../../../../electron/host/sync/pg-schema';
import {
  mulberry32,
  syntheticInfraction,
  writeSyntheticEvidence,
} from '../../../../tools/synth/synthetic-infractions';
import { postgresSkipReason } from '../../../helpers/postgres';
import { until, useSyncCluster, type TestHost } from './hosts';

const { host, server, sql } = useSyncCluster();

function seed(h: TestHost, n: number, seedNo: number, evidenceBytes = 0) {
  const rng = mulberry32(seedNo);
  const events = Array.from({ length: n }, (_, i) => {
    const evidence = evidenceBytes
      ? [
          writeSyntheticEvidence(
            path.join(h.dir, 'evidence'),
            `s${seedNo}/${i}.mp4`,
            evidenceBytes,
            seedNo * 100_000 + i,
          ),
        ]
      : [];
    return syntheticInfraction(rng, { occurredAt: Date.now() - i, evidence });
  });
  h.store.infractions.insert(events);
  return events;
}

async function expectServerHasExactly(ids: string[]) {
  const rows = await sql<{ n: string; d: string; hit: string }>(
    'SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d, COUNT(*) FILTER (WHERE id = ANY($1::uuid[])) AS hit FROM watcher.infractions',
    [ids],
  );
  expect(Number(rows[0].hit)).toBe(ids.length);
  expect(Number(rows[0].n)).toBe(Number(rows[0].d));
}

/** A TCP relay in front of PostgreSQL that can add latency, to play a slow server. */
async function delayProxy(
  targetPort: number,
): Promise<{ port: number; delayMs: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { delayMs: 0 };
  const srv: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(targetPort, '127.0.0.1');
    const relay = (from: Socket, to: Socket) =>
      from.on('data', (d) =>
        state.delayMs ? setTimeout(() => to.writable && to.write(d), state.delayMs) : to.write(d),
      );
    relay(client, upstream);
    relay(upstream, client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  return {
    port,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

describe.skipIf(!!postgresSkipReason)('sync faults', () => {
  it('server down at start: works locally, reports the reason, catches up when it comes back', async () => {
    await server().stop();
    const a = await host();
    const events = seed(a, 200, 1, 2048);
    await until(() => a.sync.status().state === 'error', 10_000, 'error state');
    expect(a.sync.status()).toMatchObject({
      state: 'error',
      errorCode: 'sync.error.unreachable',
      behind: 200 + 200 + 1,
    });
    expect(a.sync.status().nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    // Local work is unaffected.
    expect(
      (a.store.db.prepare('SELECT COUNT(*) AS n FROM infractions').get() as { n: number }).n,
    ).toBe(200);
    await server().start();
    await a.sync.waitUntilSynced(30_000);
    await expectServerHasExactly(events.map((e) => e.id));
  });

  it('server stopped and restarted twice mid-sync: nothing lost, nothing duplicated', async () => {
    const a = await host({ batchSize: 100 });
    const b = await host();
    const events = seed(a, 800, 2, 40_000);
    for (let round = 0; round < 2; round++) {
      const before = a.sync.counters.pushedRows;
      await until(() => a.sync.counters.pushedRows > before, 20_000, 'some progress');
      await server().stop();
      events.push(...seed(a, 100, 10 + round, 40_000));
      await until(() => a.sync.status().state === 'error', 10_000, 'error while down');
      await server().start();
    }
    await a.sync.waitUntilSynced(60_000);
    await b.sync.waitUntilSynced(60_000);
    await expectServerHasExactly(events.map((e) => e.id));
    const blobs = await sql<{ n: string; complete: string }>(
      'SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE complete) AS complete FROM watcher.evidence_blobs',
    );
    expect(Number(blobs[0].complete)).toBe(events.length);
    const badChunks = await sql<{ sha256: string }>(
      `SELECT b.sha256 FROM watcher.evidence_blobs b LEFT JOIN watcher.evidence_chunks c ON c.sha256 = b.sha256
       GROUP BY b.sha256, b.chunks HAVING COUNT(c.idx) <> b.chunks`,
    );
    expect(badChunks).toEqual([]);
    expect(
      (b.store.db.prepare('SELECT COUNT(*) AS n FROM infractions').get() as { n: number }).n,
    ).toBe(events.length);
    expect(
      (
        b.store.db.prepare('SELECT COUNT(*) AS n FROM evidence_files WHERE present = 1').get() as {
          n: number;
        }
      ).n,
    ).toBe(events.length);
    expect(b.store.audit.verify().ok).toBe(true);
  });

  it('wrong password: an auth error with the reason, no crash, recovers once fixed', async () => {
    const a = await host({ password: 'not-the-password' });
    const events = seed(a, 10, 3);
    await until(() => a.sync.status().state === 'error', 10_000, 'auth error');
    const s = a.sync.status();
    expect(s.errorCode).toBe('sync.error.auth');
    expect(s.error).not.toContain('not-the-password');
    expect(
      await a.sync.test({ connectionString: server().url, tls: false, enabled: true }),
    ).toMatchObject({ ok: true });
    await a.sync.configure({ connectionString: server().url, tls: false, enabled: true }, 'admin');
    await a.sync.waitUntilSynced();
    await expectServerHasExactly(events.map((e) => e.id));
  });

  it('refuses a shared schema newer than the code and keeps working locally', async () => {
    const a = await host();
    await a.sync.waitUntilSynced();
    await sql('UPDATE watcher.schema_info SET version = $1', [PG_SCHEMA_VERSION + 1]);
    const b = await host();
    seed(b, 5, 4);
    await until(() => b.sync.status().state === 'error', 10_000, 'schema error');
    expect(b.sync.status()).toMatchObject({ errorCode: 'sync.error.schemaNewer', behind: 5 + 1 });
    expect(
      await b.sync.test({ connectionString: server().url, tls: false, enabled: true }),
    ).toMatchObject({
      ok: false,
      errorCode: 'sync.error.schemaNewer',
    });
  });

  it('slow server: queries time out, the engine backs off and catches up when it speeds up', async () => {
    const proxy = await delayProxy(server().port);
    try {
      const url = `postgres://${server().user}:${server().password}@127.0.0.1:${proxy.port}/postgres`;
      const a = await host({ queryTimeoutMs: 300, start: false });
      await a.sync.configure({ connectionString: url, tls: false, enabled: true }, 'admin');
      await a.sync.waitUntilSynced();
      proxy.delayMs = 500;
      const events = seed(a, 50, 5);
      await until(() => a.sync.status().state === 'error', 15_000, 'timeout error');
      expect(a.sync.status().errorCode).toMatch(/sync\.error\.(timeout|unreachable)/);
      proxy.delayMs = 0;
      await a.sync.waitUntilSynced(30_000);
      await expectServerHasExactly(events.map((e) => e.id));
    } finally {
      await proxy.close();
    }
  });
});
