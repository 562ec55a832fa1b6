import { SyncEngine, type SyncEngineOptions } from '../../../electron/node/sync/sync-engine';
import type { EmbeddedPgServer } from '../../helpers/postgres';
import { openTestStore, type TestStore } from '../../unit/store/helpers';

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

export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
