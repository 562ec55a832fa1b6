import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Logger } from '../../../electron/host/logging/logger';
import { descendants, isAlive, waitFor } from '../../helpers/process-tree';
import { createNodeHost } from '../../helpers/node-host';

describe('worker supervision (real worker processes from source)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-sup-'));
  const host = createNodeHost({
    dataDir,
    logger: new Logger({ console: false }),
    // A SIGKILL is seen as the process exiting, not through heartbeats: a long heartbeat time-out
    // keeps a worker that starts slowly on a busy machine from being restarted a second time.
    supervisor: { heartbeatIntervalMs: 500, heartbeatTimeoutMs: 60_000, backoffInitialMs: 200 },
  });
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts a worker killed with SIGKILL, which then streams again', async () => {
    const previews: number[] = [];
    host.onEvent((e) => {
      if (e.topic === 'camera.preview') previews.push(Date.now());
    });
    host.start();
    expect(
      await waitFor(
        () => host.workerStates()[0]?.state === 'running' && previews.length > 0,
        30_000,
      ),
    ).toBe(true);
    const before = host.workerStates()[0];
    const ffmpegPids = descendants(before.pid!);

    expect(host.supervisor.killWorker('worker-1', 'SIGKILL')).toBe(true);
    expect(await waitFor(() => host.workerStates()[0]?.state !== 'running', 30_000)).toBe(true);
    // Orphaned ffmpeg from the dead worker is reaped by the host.
    expect(await waitFor(() => ffmpegPids.every((p) => !isAlive(p)), 10_000)).toBe(true);

    const killedAt = Date.now();
    expect(await waitFor(() => host.workerStates()[0]?.state === 'running', 15_000)).toBe(true);
    const after = host.workerStates()[0];
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(1);
    // Healthy again: heartbeats answered and frames flowing from the new worker.
    expect(await waitFor(() => previews.some((t) => t > killedAt + 200), 20_000)).toBe(true);
    expect(
      await waitFor(() => (host.workerStates()[0].lastHeartbeatAt ?? 0) > killedAt, 30_000),
    ).toBe(true);
  });
});
