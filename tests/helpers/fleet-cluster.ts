import { afterAll, beforeAll } from 'vitest';
import { FleetCluster, NodeApi, type FleetClusterOptions } from '../../tools/bench/fleet-cluster';
import { startPostgres, type EmbeddedPgServer } from './postgres';
import { ensureBuilt } from './watcher-serve';

export interface FleetTestCluster {
  /** The shared PostgreSQL every node of the cluster syncs to. */
  readonly pg: EmbeddedPgServer;
  readonly cluster: FleetCluster;
  /** API connections by node index, closed after the suite; a test may close and clear one. */
  readonly apis: (NodeApi | undefined)[];
  /** Starts node `index` and opens (and records) its API connection. */
  startAndOpen(index: number): Promise<NodeApi>;
}

/**
 * The fleet suites' common setup: the built bundle, a fresh PostgreSQL, and `options.nodes` real
 * `watcher serve --role node` processes seeded with the same cameras (not started: each test
 * decides when nodes come and go). Everything is torn down after the suite, after `beforeTeardown`
 * (a test that paused a node resumes it there, so its process group can be stopped).
 */
export function useFleetCluster(
  options: Omit<FleetClusterOptions, 'pgUrl'>,
  guardMs: number,
  beforeTeardown?: (cluster: FleetCluster) => void | Promise<void>,
): FleetTestCluster {
  let pgServer: EmbeddedPgServer | undefined;
  let cluster: FleetCluster | undefined;
  const apis: (NodeApi | undefined)[] = [];

  beforeAll(async () => {
    ensureBuilt();
    pgServer = await startPostgres();
    cluster = new FleetCluster({ ...options, pgUrl: pgServer.url });
  }, guardMs);

  afterAll(async () => {
    if (cluster) await beforeTeardown?.(cluster);
    for (const a of apis) a?.close();
    await cluster?.stopAll();
    cluster?.dispose();
    await pgServer?.dispose();
  }, guardMs);

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`fleet test cluster: ${what} is not set up yet`);
    return value;
  };
  return {
    get pg() {
      return ready(pgServer, 'PostgreSQL');
    },
    get cluster() {
      return ready(cluster, 'the cluster');
    },
    apis,
    async startAndOpen(index) {
      const n = await ready(cluster, 'the cluster').start(index);
      const api = await NodeApi.open(n.origin, n.token);
      apis[index] = api;
      return api;
    },
  };
}
