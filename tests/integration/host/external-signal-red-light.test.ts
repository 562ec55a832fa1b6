import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ControlRoomHost } from '../../../electron/host/control-room-host';
import { openHostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import type { InfractionEvent } from '../../../electron/shared/domain/infraction';
import type { RuleSetConfigInput } from '../../../electron/shared/config/rules';
import { waitFor } from '../../helpers/process-tree';
import { createNodeHost } from '../../helpers/node-host';
import {
  collectInfractions,
  renderSyntheticTraffic,
  sceneRoad,
  syntheticTrafficCamera,
} from '../../helpers/synthetic-traffic-camera';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };

/**
 * A traffic-light controller feeding a camera's external signal, end to end: `signals.set` on a
 * real host → supervisor → the camera's real worker process (ffmpeg, motion detector, tracker,
 * rules, evidence) → sealed infractions in the store. The camera is the product's synthetic
 * traffic scene (cars really drive across the stop line, over and over, as the file loops).
 */
describe('external signal → red-light rule on a live camera', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-signal-'));
  const dataDir = path.join(dir, 'data');
  let host: ControlRoomHost | undefined;
  afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('red: a crossing is a red-light infraction (also after a worker restart, from the kept state); green or after the TTL: none', async () => {
    const scene = path.join(dir, 'scene');
    // Only to get the road's outline in the image (rules.json); the speed rule is not used.
    await renderSyntheticTraffic(scene, { speeds: [40, 50, 60, 45], limitKmh: 300 });
    const road = sceneRoad(scene);
    // The stop line across the road, halfway along the outlined stretch.
    const [p0, p1, p2, p3] = road.polygon;
    const mid = (a: [number, number], b: [number, number]): [number, number] => [
      (a[0] + b[0]) / 2,
      (a[1] + b[1]) / 2,
    ];
    const a = mid(p0, p3);
    const b = mid(p1, p2);
    const redLight = (id: string, direction: 'left-to-right' | 'right-to-left') => ({
      id,
      type: 'red-light' as const,
      stopLineId: 'stop',
      signalId: 'controller',
      direction,
      cooldownSec: 0,
    });
    const rules: RuleSetConfigInput = {
      version: 1,
      imageSize: road.imageSize,
      lines: [{ id: 'stop', name: 'Stop line', a, b }],
      signals: [{ id: 'controller', name: 'Controller', source: 'external' }],
      rules: [
        redLight('red-ltr', 'left-to-right'),
        redLight('red-rtl', 'right-to-left'),
        // Counts every crossing of the stop line (both ways), so "no infraction" means something.
        { id: 'count', type: 'line-crossing', lineId: 'stop' },
      ],
    };

    const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
    services.store.config.addRuleSet('syn', rules, 'test');
    host = createNodeHost({
      dataDir,
      logger: new Logger({ console: process.env.WATCHER_TEST_LOG === '1', level: 'debug' }),
      services,
      // Calls here are the controller's; roles are covered by the dispatcher's own tests.
      authorize: () => undefined,
      supervisor: { backoffInitialMs: 50 },
    });
    const infractions = collectInfractions(host);
    host.start();
    host.cameras.remove('demo');
    host.cameras.upsert(syntheticTrafficCamera(scene, 'Synthetic crossing'));
    let id = 0;
    const h = host;
    const set = async (params: Record<string, unknown>): Promise<Reply> =>
      (await h.handle(
        { kind: 'request', id: ++id, method: 'signals.set', params },
        h.newConnection('ws'),
      )) as Reply;
    const crossingsAfter = (ts: number): number =>
      (
        services.store.db
          .prepare(
            "SELECT COUNT(*) AS n FROM events WHERE kind = 'line-crossing' AND line_id = 'stop' AND ts > ?",
          )
          .get(ts) as { n: number }
      ).n;

    // Refused with codes while the camera is not running yet / for signals it does not have.
    expect(await set({ cameraId: 'ghost', signalId: 'controller', state: 'red' })).toMatchObject({
      ok: false,
      error: { code: 'signals.camera_not_found' },
    });
    expect(await set({ cameraId: 'syn', signalId: 'nope', state: 'red' })).toMatchObject({
      ok: false,
      error: { code: 'signals.unknown_signal' },
    });
    // The camera is running once a running worker has it (not just any worker: the demo
    // camera's worker may be up before the synthetic camera is assigned) and it streams.
    expect(
      await waitFor(
        () =>
          host!.workerStates().some((w) => w.state === 'running' && w.cameras.includes('syn')) &&
          host!.cameraStatuses().some((s) => s.cameraId === 'syn' && s.state === 'streaming'),
        60_000,
        100,
      ),
    ).toBe(true);

    // Green: vehicles cross, nothing fires.
    const tGreen = Date.now();
    expect(await set({ cameraId: 'syn', signalId: 'controller', state: 'green' })).toMatchObject({
      ok: true,
      result: { applied: true },
    });
    expect(await waitFor(() => crossingsAfter(tGreen) >= 2, 120_000, 200)).toBe(true);

    // Red with a 1 s TTL, then the controller goes silent: unknown, and crossings after that fire nothing.
    const tTtl = Date.now();
    expect(
      (await set({ cameraId: 'syn', signalId: 'controller', state: 'red', ttlSec: 1 })).ok,
    ).toBe(true);
    const silentFrom = tTtl + 1500;
    expect(await waitFor(() => crossingsAfter(silentFrom) >= 2, 120_000, 200)).toBe(true);

    // Red, reported 2 s late: it applies from its own time.
    const tRedAt = Date.now() - 2000;
    expect(
      await set({ cameraId: 'syn', signalId: 'controller', state: 'red', at: tRedAt, ttlSec: 600 }),
    ).toMatchObject({ ok: true, result: { applied: true } });
    const red = () => infractions.filter((i) => i.type === 'red-light');
    // The clip needs seconds of video after the event in the ring buffer: allow for the wait.
    expect(await waitFor(() => red().some((i) => i.occurredAt >= tRedAt), 120_000, 250)).toBe(true);
    const fired = red().find((i) => i.occurredAt >= tRedAt)!;
    expect(fired.cameraId).toBe('syn');
    expect(fired.hash).toMatch(/^[0-9a-f]{64}$/);
    // Red since `at`, not since it was heard.
    expect(fired.measured.redForSec).toBeGreaterThanOrEqual(
      (fired.occurredAt - tRedAt) / 1000 - 0.2,
    );
    expect(fired.measured.redForSec).toBeGreaterThan(2);

    // No red-light infraction came from the green or the expired (unknown) state: those crossings
    // happened earlier, so their evidence would have been sealed before this one's.
    // The 1 s red counts from when the host heard it (a moment after tTtl): up to silentFrom.
    const redWindows = [
      [tTtl, silentFrom],
      [tRedAt, Infinity],
    ];
    const inRed = (i: InfractionEvent) =>
      redWindows.some(([from, to]) => i.occurredAt >= from && i.occurredAt <= to);
    for (const i of red())
      expect(
        inRed(i),
        `red-light at ${i.occurredAt} (green from ${tGreen}, silent from ${silentFrom}, red from ${tRedAt})`,
      ).toBe(true);

    // The worker dies; the restarted one gets the kept red from the host, with no new message.
    const worker = host.workerStates().find((w) => w.cameras.includes('syn'))!;
    const restartsBefore = worker.restarts;
    expect(host.supervisor.killWorker(worker.workerId)).toBe(true);
    expect(
      await waitFor(
        () =>
          host!
            .workerStates()
            .some(
              (w) =>
                w.workerId === worker.workerId &&
                w.state === 'running' &&
                w.restarts > restartsBefore,
            ),
        60_000,
        100,
      ),
    ).toBe(true);
    const tRestarted = Date.now();
    expect(await waitFor(() => red().some((i) => i.occurredAt > tRestarted), 120_000, 250)).toBe(
      true,
    );
    const again = red().find((i) => i.occurredAt > tRestarted)!;
    expect(again.measured.redForSec).toBeGreaterThanOrEqual(
      (again.occurredAt - tRedAt) / 1000 - 0.2,
    );
  });
});
