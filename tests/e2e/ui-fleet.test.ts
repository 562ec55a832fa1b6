import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { postgresSkipReason, startPostgres, type EmbeddedPgServer } from '../helpers/postgres';
import { until } from '../helpers/until';
import { FleetCluster, fleetDemoCameras } from '../../tools/bench/fleet-cluster';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../electron/host/store/store';
import { STATE_CONFIG, toStoredConfig } from '../../electron/host/sync/sync-config';
import type { FleetOverview } from '../../electron/shared/api/methods/fleet';

const CAMERAS = fleetDemoCameras(2);
const GUARD_MS = 120_000;

/**
 * System view → Fleet on a workstation sharing two cameras with an analysis node through one
 * PostgreSQL: both hosts, their leases, and "move camera to node" done from the page.
 */
describe.skipIf(postgresSkipReason)('System view: the fleet', () => {
  let pgServer: EmbeddedPgServer;
  let node: FleetCluster;
  beforeAll(async () => {
    pgServer = await startPostgres();
  }, GUARD_MS);
  const ui = useServeAndBrowser(() => ({
    cameras: CAMERAS,
    args: ['--lease-seconds', '3', '--max-cameras', '2'],
    prepare(dataDir) {
      const secretBox = KeyFileSecretBox.open(path.join(dataDir, 'secret.key'));
      const store = ControlRoomStore.open({
        file: path.join(dataDir, 'watcher.db'),
        secretBox,
        evidenceRoot: path.join(dataDir, 'evidence'),
      });
      try {
        const stored = toStoredConfig(
          { connectionString: pgServer.url, tls: false, enabled: true },
          (s) => secretBox.encrypt(s),
        );
        store.setState(STATE_CONFIG, JSON.stringify(stored));
      } finally {
        store.close();
      }
    },
  }));
  beforeAll(async () => {
    node = new FleetCluster({
      pgUrl: pgServer.url,
      nodes: 1,
      cameras: CAMERAS,
      leaseSeconds: 3,
      maxCameras: 2,
    });
    await node.start(0);
  }, GUARD_MS);
  afterAll(async () => {
    await node?.stopAll();
    node?.dispose();
    await pgServer?.dispose();
  }, GUARD_MS);

  it('lists both hosts and every lease, and moves a camera to the other node', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/system`);
    const nodeId = node.hostIds[0]!;
    const overview = async () =>
      (await apiCall(page, 'fleet.overview', {})).result as FleetOverview | undefined;
    // One camera each (equal shares), both registered.
    await until(
      async () => {
        const f = await overview();
        return (
          !!f && f.nodes.length === 2 && f.nodes.every((n) => n.alive && n.cameras.length === 1)
        );
      },
      GUARD_MS,
      'two live hosts with one camera each',
      250,
    );
    const f = (await overview())!;
    const self = f.self!;
    await page.getByTestId(`fleet-node-${nodeId}`).waitFor({ timeout: GUARD_MS });
    await page.getByTestId(`fleet-node-${self}`).waitFor({ timeout: GUARD_MS });
    expect(await page.getByTestId(`fleet-node-${self}`).textContent()).toContain('(este equipo)');
    expect(await page.getByTestId(`fleet-node-${nodeId}`).textContent()).toContain(
      'Nodo de análisis',
    );
    const mine = f.leases.find((l) => l.nodeId === self)!.cameraId;
    expect(await page.getByTestId(`fleet-lease-owner-${mine}`).textContent()).toContain(self);

    await page.getByTestId('fleet-move-camera').selectOption(mine);
    await page.getByTestId('fleet-move-node').selectOption(nodeId);
    await page.getByTestId('fleet-move-submit').click();
    const msg = page.getByTestId('fleet-move-msg');
    await msg.waitFor({ timeout: 15_000 });
    expect(await msg.getAttribute('role')).toBe('status');
    expect(await msg.textContent()).toContain('pasará a');

    await until(
      async () =>
        (await page.getByTestId(`fleet-lease-owner-${mine}`).textContent())?.includes(nodeId) ??
        false,
      GUARD_MS,
      'the lease row names the target node',
      250,
    );
    const failovers = page.getByTestId('fleet-failovers');
    await failovers.waitFor({ timeout: GUARD_MS });
    expect(await failovers.textContent()).toContain('Búfer de evidencias nuevo');
    const audit = (await apiCall(page, 'audit.list', { action: 'fleet.moveCamera' })).result as {
      entries: Array<{ target: string; details: { nodeId: string } }>;
    };
    expect(audit.entries).toEqual([expect.objectContaining({ target: mine, details: { nodeId } })]);
    await screenshot(page, 'ui-fleet');

    // The wall lists both cameras; the one the node analyses names its node on the tile.
    await page.goto(`${ui.serve.baseUrl}#/wall`);
    await expect
      .poll(() => page.locator('figure[data-camera-id]').count(), { timeout: 30_000 })
      .toBe(2);
    await expect
      .poll(
        () =>
          page.locator(`figure[data-camera-id="${mine}"] [data-testid="tile-owner"]`).textContent(),
        {
          timeout: 60_000,
        },
      )
      .toBe(`En el nodo ${nodeId}`);
    // Its live picture comes from the node, relayed by this workstation's host.
    await page.waitForFunction(
      (id) =>
        ((window as unknown as { watcherMetrics?: Record<string, { painted: number }> })
          .watcherMetrics?.[id]?.painted ?? 0) > 2,
      mine,
      { timeout: 60_000 },
    );
    await screenshot(page, 'ui-fleet-wall');
    expect(errors).toEqual([]);
  }, 300_000);
});
