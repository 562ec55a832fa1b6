import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlRoomHost } from '../../../../electron/host/control-room-host';
import { openHostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import type { MqttStatus } from '../../../../electron/shared/api/methods/mqtt';
import type { WorkerToHost } from '../../../../electron/shared/protocol/worker-protocol';
import { createNodeHost } from '../../../helpers/node-host';
import { until } from '../../../helpers/until';
import {
  hasMosquitto,
  hasOpenssl,
  makeTestPki,
  startBroker,
  subscriber,
  type Broker,
  type TestPki,
} from '../../../helpers/mosquitto';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };

/**
 * `mqtts://` against a real mosquitto with a TLS listener whose certificate is signed by a CA
 * made for this test; and `ws://` where this mosquitto build has websockets.
 */
describe.skipIf(!hasMosquitto || !hasOpenssl)(
  'MQTT over TLS and websockets (real mosquitto)',
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-mqtt-tls-'));
    const dataDir = path.join(dir, 'data');
    let pki: TestPki;
    let broker: Broker;
    let host: ControlRoomHost;
    const closers: Array<() => Promise<void>> = [];
    let id = 0;
    const call = async (method: string, params: unknown): Promise<unknown> => {
      const r = (await host.handle(
        { kind: 'request', id: ++id, method, params },
        host.newConnection('ws'),
      )) as Reply;
      if (!r.ok) throw new Error(`${method}: ${r.error?.code} ${r.error?.message}`);
      return r.result;
    };
    const status = () => call('mqtt.status', {}) as Promise<MqttStatus>;
    const count = (n: number) =>
      (host as unknown as { onWorkerMessage(w: string, m: WorkerToHost): void }).onWorkerMessage(
        'worker-1',
        {
          type: 'event',
          cameraId: 'cam',
          event: {
            kind: 'count',
            lineId: 'line',
            ruleId: 'r',
            trackId: n,
            classLabel: 'car',
            direction: 'left-to-right',
            ts: Date.now(),
          },
        },
      );

    beforeAll(async () => {
      const pkiDir = path.join(dir, 'pki');
      mkdirSync(pkiDir);
      pki = makeTestPki(pkiDir);
      broker = await startBroker({ dir, tls: { certFile: pki.certFile, keyFile: pki.keyFile } });
      const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
      host = createNodeHost({
        dataDir,
        logger: new Logger({ console: false }),
        services,
        authorize: () => undefined,
        mqtt: { publisher: { backoffInitialMs: 100, backoffMaxMs: 1000 } },
      });
    });
    afterAll(async () => {
      for (const c of closers) await c().catch(() => undefined);
      await host?.mqtt?.stop();
      await host?.stop();
      await broker?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('with the CA certificate in the settings it connects over mqtts:// and publishes', async () => {
      expect(broker.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
      await call('mqtt.saveSettings', {
        enabled: true,
        url: broker.url,
        tls: { caPem: pki.caPem, rejectUnauthorized: true },
      });
      await until(async () => (await status()).connected, 30_000, 'a verified TLS connection');
      const sub = await subscriber(broker.url, 'watcher/#', { ca: pki.caPem });
      closers.push(sub.close);
      await until(
        () => sub.received.some((m) => m.topic === 'watcher/available' && m.payload === 'online'),
        20_000,
        'online over TLS',
      );
      count(1);
      await until(
        () => sub.received.some((m) => m.topic === 'watcher/cam/line/car' && m.payload === '1'),
        20_000,
        'a count over TLS',
      );
      expect((await status()).lastError).toBeUndefined();
    });

    it('without the CA (verification on) it refuses the self-signed chain: mqtt.error.tls with the reason', async () => {
      await call('mqtt.saveSettings', {
        enabled: true,
        url: broker.url,
        tls: { rejectUnauthorized: true },
      });
      await until(
        async () => (await status()).lastErrorCode === 'mqtt.error.tls',
        30_000,
        'the TLS error in mqtt.status',
      );
      const s = await status();
      expect(s.connected).toBe(false);
      // The exact reason from the TLS stack, as Settings → MQTT shows it.
      expect(s.lastError).toMatch(/self[- ]signed|unable to (get|verify)|certificate/i);
      // It keeps failing, it never silently connects without verification.
      count(2);
      expect((await status()).connected).toBe(false);
    });

    it('with verification off it connects without the CA', async () => {
      await call('mqtt.saveSettings', {
        enabled: true,
        url: broker.url,
        tls: { rejectUnauthorized: false },
      });
      await until(async () => (await status()).connected, 30_000, 'an unverified TLS connection');
      const settings = (await call('mqtt.settings', {})) as {
        settings: { tls: { rejectUnauthorized: boolean; caPem?: string } };
      };
      expect(settings.settings.tls).toEqual({ rejectUnauthorized: false });
    });

    it('ws:// when this mosquitto build has websockets listeners', async (ctx) => {
      const wsDir = path.join(dir, 'ws');
      mkdirSync(wsDir);
      let ws: Broker;
      try {
        ws = await startBroker({ dir: wsDir, websockets: true });
      } catch (err) {
        const reason = String(err).split('\n').filter(Boolean).slice(-2).join(' / ');
        console.log(`skipped ws://: this mosquitto cannot open a websockets listener (${reason})`);
        ctx.skip();
        return;
      }
      closers.push(ws.stop);
      await call('mqtt.saveSettings', { enabled: true, url: ws.url });
      await until(async () => (await status()).connected, 30_000, 'a websockets connection');
      const sub = await subscriber(ws.url, 'watcher/available');
      closers.push(sub.close);
      await until(() => sub.received.some((m) => m.payload === 'online'), 20_000, 'online over ws');
    });
  },
);
