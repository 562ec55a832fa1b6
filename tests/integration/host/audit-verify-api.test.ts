import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import { createNodeHost } from '../../helpers/node-host';

describe('audit.verify through the host API on a 32 000-line log', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-audit-verify-'));
  const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
  // Not started: no worker is needed to answer API calls.
  const host = createNodeHost({ dataDir, logger: new Logger({ console: false }), services });
  const ctx = host.newConnection('ws');
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies the whole log while the event loop keeps turning', async () => {
    const admin = await host.handle(
      {
        kind: 'request',
        id: 1,
        method: 'auth.createFirstAdmin',
        params: { username: 'admin', password: 'clave-segura-123', displayName: 'Admin' },
      },
      ctx,
    );
    const session = (admin as { result: { token: string } }).result.token;
    services.store.tx(() => {
      for (let i = 0; i < 32_000; i++)
        services.store.audit.append('admin', 'infraction.validate', `infraction:${i}`, { i });
    });

    // A timer chain in this process, as live events and other requests would be: it must run
    // during the verification, not only after it.
    const stamps: number[] = [];
    let running = true;
    const beat = (): void => {
      stamps.push(performance.now());
      if (running) setTimeout(beat, 0);
    };
    setTimeout(beat, 0);
    const start = performance.now();
    const res = await host.handle(
      { kind: 'request', id: 2, method: 'audit.verify', params: {}, session },
      ctx,
    );
    const end = performance.now();
    running = false;
    expect(res).toMatchObject({ ok: true, result: { ok: true } });
    expect((res as { result: { checked: number } }).result.checked).toBeGreaterThanOrEqual(32_000);
    const during = stamps.filter((t) => t > start && t < end);
    // Relative to the verification itself: it yielded many times, and never held the loop for
    // anything like its whole length.
    expect(during.length).toBeGreaterThan(10);
    const points = [start, ...during, end];
    const longest = Math.max(...points.slice(1).map((t, i) => t - points[i]));
    expect(longest).toBeLessThan((end - start) / 4);
  });
});
