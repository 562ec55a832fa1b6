import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SyncEngine, type SyncEngineOptions } from '../../../../electron/host/sync/sync-engine';
import {
  postgresSkipReason,
  startPostgres,
  type EmbeddedPgServer,
} from '../../../helpers/postgres';
import { openTestStore, type TestStore } from '../../../unit/host/store/helpers';

export interface TestHost extends TestStore {
  sync: SyncEngine;
}

/** A workstation: its own SQLite file, evidence folder and sync engine pointed at `pg`. */
export async function openHost(
  pg: EmbeddedPgServer,
  opts: SyncEngineOptions & { password?: string; start?: boolean } = {},
): Promise<TestHost> {
  const t = openTestStore();
  // Real time here: sync ordering and backoff use the wall clock.
  t.clock.t = Date.now();
  const timer = setInterval(() => (t.clock.t = Date.now()), 5);
  const sync = new SyncEngine(t.store, {
    pollMs: 300,
    backoffInitialMs: 100,
    backoffMaxMs: 1000,
    connectTimeoutMs: 2000,
    ...opts,
  });
  const url = `postgres://${pg.user}:${opts.password ?? pg.password}@127.0.0.1:${pg.port}/${pg.database}`;
  await sync.configure({ connectionString: url, tls: false, enabled: opts.start ?? true }, 'admin');
  return {
    ...t,
    sync,
    cleanup() {
      clearInterval(timer);
      t.cleanup();
    },
  };
}

export async function closeHost(h: TestHost | undefined): Promise<void> {
  if (!h) return;
  await h.sync.stop();
  h.cleanup();
}

export { until } from '../../../helpers/until';

/**
 * One real PostgreSQL for a test file, and workstations on it. Registers the file's hooks: start
 * the server once; after each test close its hosts, bring a stopped server back (fault tests stop
 * it) and drop the shared schema so every test starts empty.
 */
export function useSyncCluster() {
  let server: EmbeddedPgServer | undefined;
  const hosts: TestHost[] = [];

  async function sql<T extends pg.QueryResultRow>(
    text: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    const c = new pg.Client({ connectionString: server!.url });
    await c.connect();
    try {
      return (await c.query<T>(text, params)).rows;
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    if (!postgresSkipReason) server = await startPostgres();
  });
  afterAll(async () => {
    await server?.dispose();
  });
  afterEach(async () => {
    while (hosts.length) await closeHost(hosts.pop());
    if (server && !server.running) await server.start();
    if (server) await sql('DROP SCHEMA IF EXISTS watcher CASCADE');
  });

  return {
    server: () => server!,
    sql,
    /** A workstation closed after the test. */
    async host(opts: Parameters<typeof openHost>[1] = {}): Promise<TestHost> {
      const h = await openHost(server!, opts);
      hosts.push(h);
      return h;
    },
  };
}
