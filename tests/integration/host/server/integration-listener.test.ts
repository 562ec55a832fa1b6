import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Logger } from '../../../../electron/host/logging/logger';
import {
  metricsKeyFromEnv,
  startIntegrationListener,
} from '../../../../electron/host/server/integration-listener';
import { createNodeHost } from '../../../helpers/node-host';

/**
 * The desktop workstation's REST / metrics door: the same HTTP server as `watcher serve`, opened
 * only when WATCHER_HTTP_PORT is set (the Electron main process calls this; here plain Node).
 */
describe('integration listener (WATCHER_HTTP_PORT)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-int-'));
  const logger = new Logger({ console: false });
  const host = createNodeHost({ dataDir, logger });
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays closed without WATCHER_HTTP_PORT, and refuses a bad port', async () => {
    expect(await startIntegrationListener({ env: {}, controlRoom: host, logger })).toBeUndefined();
    expect(
      await startIntegrationListener({
        env: { WATCHER_HTTP_PORT: 'eighty' },
        controlRoom: host,
        logger,
      }),
    ).toBeUndefined();
  });

  it('serves the REST document, /metrics with the metrics key, and nothing without credentials', async () => {
    const key = 'metrics-key-0123456789';
    const listener = await startIntegrationListener({
      env: { WATCHER_HTTP_PORT: '0', WATCHER_METRICS_KEY: key },
      controlRoom: host,
      logger,
    });
    expect(listener).toBeDefined();
    try {
      expect(listener!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const doc = await fetch(`${listener!.url}/api/v1/openapi.json`);
      expect(doc.status).toBe(200);
      expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
      expect((await fetch(`${listener!.url}/api/v1/cameras`)).status).toBe(401);
      expect((await fetch(`${listener!.url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${listener!.url}/metrics`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^watcher_/m);
    } finally {
      await listener!.close();
    }
  });

  it('ignores a metrics key that is too short', () => {
    const warnings: string[] = [];
    expect(
      metricsKeyFromEnv({ WATCHER_METRICS_KEY: 'short' }, { warn: (m) => warnings.push(m) }),
    ).toBeUndefined();
    expect(warnings[0]).toMatch(/at least 16/);
  });
});
