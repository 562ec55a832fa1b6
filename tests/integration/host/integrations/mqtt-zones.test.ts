import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ControlRoomHost } from '../../../../electron/host/control-room-host';
import { openHostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import type { RuleSetConfigInput } from '../../../../electron/shared/config/rules';
import { createNodeHost } from '../../../helpers/node-host';
import { hasMosquitto, startBroker, subscriber, type Broker } from '../../../helpers/mosquitto';
import {
  renderSyntheticTraffic,
  sceneRoad,
  syntheticTrafficCamera,
} from '../../../helpers/synthetic-traffic-camera';
import { until } from '../../../helpers/until';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };

/**
 * Zone counts end to end: the product's synthetic traffic scene (cars drive along the road, over
 * and over as the file loops) on a real worker (ffmpeg, motion detector, tracker, rule engine) →
 * zone events over the worker protocol → the host → a real mosquitto.
 */
describe.skipIf(!hasMosquitto)('MQTT zone entries and occupancy from a live camera', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-mqtt-zones-'));
  const dataDir = path.join(dir, 'data');
  let host: ControlRoomHost | undefined;
  let broker: Broker | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of closers) await c().catch(() => undefined);
    await host?.stop();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes today’s entries per class and the objects inside now, retained, on change only', async () => {
    const scene = path.join(dir, 'scene');
    await renderSyntheticTraffic(scene, { speeds: [40, 50, 60, 45], limitKmh: 300 });
    // The road's outline from the generated rule set is the zone.
    const road = sceneRoad(scene);
    const rules: RuleSetConfigInput = {
      version: 1,
      imageSize: road.imageSize,
      zones: [{ id: 'road', name: 'Road', polygon: road.polygon }],
    };
    broker = await startBroker({ dir });
    const sub = await subscriber(broker.url, 'watcher/syn/#');
    closers.push(sub.close);

    const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
    services.store.config.addRuleSet('syn', rules, 'test');
    host = createNodeHost({
      dataDir,
      logger: new Logger({ console: process.env.WATCHER_TEST_LOG === '1', level: 'debug' }),
      services,
      authorize: () => undefined,
      supervisor: { backoffInitialMs: 50 },
      mqtt: { publisher: { backoffInitialMs: 100, backoffMaxMs: 1000 } },
    });
    const h = host;
    let id = 0;
    const call = async (method: string, params: unknown): Promise<Reply> =>
      (await h.handle(
        { kind: 'request', id: ++id, method, params },
        h.newConnection('ws'),
      )) as Reply;
    const workerZoneEvents: unknown[] = [];
    const onWorker = (h as unknown as { onWorkerMessage(w: string, m: unknown): void })
      .onWorkerMessage;
    (h as unknown as { onWorkerMessage(w: string, m: unknown): void }).onWorkerMessage = function (
      this: ControlRoomHost,
      w: string,
      m: unknown,
    ) {
      const msg = m as { type?: string; event?: { kind?: string } };
      if (msg.type === 'event' && msg.event?.kind === 'zone') workerZoneEvents.push(msg.event);
      onWorker.call(this, w, m);
    };
    expect(await call('mqtt.saveSettings', { enabled: true, url: broker.url })).toMatchObject({
      ok: true,
    });
    host.start();
    host.cameras.remove('demo');
    host.cameras.upsert(syntheticTrafficCamera(scene, 'Synthetic road'));

    const entries = () => sub.received.filter((m) => /^watcher\/syn\/road\/[^/]+$/.test(m.topic));
    const occupancy = () =>
      sub.received.filter((m) => /^watcher\/syn\/road\/[^/]+\/occupancy$/.test(m.topic));
    // Several cars through the zone: entries grow, occupancy goes up and back to 0.
    await until(() => entries().length >= 3, 180_000, 'three zone entries on MQTT');
    await until(
      () => occupancy().some((m) => m.payload === '0'),
      180_000,
      'the zone to empty again',
    );
    const byClass = new Map<string, number[]>();
    for (const m of entries()) {
      const cls = m.topic.split('/')[3];
      byClass.set(cls, [...(byClass.get(cls) ?? []), Number(m.payload)]);
    }
    for (const [cls, ns] of byClass) {
      // Today's total per class: 1, 2, 3… (each report adds that report's entries).
      expect(ns[0], cls).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < ns.length; i++) expect(ns[i], cls).toBeGreaterThan(ns[i - 1]);
    }
    for (const m of occupancy()) expect(Number.isInteger(Number(m.payload))).toBe(true);

    // On change only: far fewer zone events than frames (the file plays at 25 fps).
    const frames = host.cameraStatuses().find((s) => s.cameraId === 'syn')?.frames ?? 0;
    expect(workerZoneEvents.length).toBeGreaterThan(0);
    expect(workerZoneEvents.length).toBeLessThan(frames / 3);

    // The entries are in the store (zone-entry rows), so the count continues after a restart.
    await until(
      () =>
        (
          services.store.db
            .prepare(
              "SELECT COUNT(*) AS n FROM events WHERE kind = 'zone-entry' AND zone_id = 'road'",
            )
            .get() as { n: number }
        ).n >= 3,
      30_000,
      'zone entries stored',
    );

    // Retained: a late subscriber gets the current totals and occupancy at once.
    const late = await subscriber(broker.url, 'watcher/syn/road/#');
    closers.push(late.close);
    await until(
      () =>
        late.received.some((m) => m.topic.endsWith('/occupancy')) &&
        late.received.some((m) => !m.topic.endsWith('/occupancy')),
      20_000,
      'retained zone topics',
    );
    expect(late.received.every((m) => m.retain)).toBe(true);
  });
});
