import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openHostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import { createNodeHost } from '../../helpers/node-host';

describe('host shutdown', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-host-stop-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('schedules nothing on a closing store when the store changes during stop', async () => {
    const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
    const host = createNodeHost({ dataDir, logger: new Logger({ console: false }), services });
    host.start();
    // No worker: the point is the host's own timers.
    for (const c of host.cameras.list()) host.cameras.upsert({ ...c, enabled: false });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stopped = host.stop();
      // A store change while stopping (sync pull, enrichment of a worker's last infraction…).
      services.store.tx(() => undefined);
      await stopped;
      // Whatever was scheduled meanwhile runs now, after the database has closed.
      expect(() => vi.runAllTimers()).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });
});
