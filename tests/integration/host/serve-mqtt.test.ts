import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../../helpers/until';
import { startServe, type ServeHandle } from '../../helpers/watcher-serve';
import {
  hasMosquitto,
  hasMosquittoPasswd,
  startBroker,
  subscriber,
  type Broker,
} from '../../helpers/mosquitto';

const PASSWORD = 'serve-broker-pw-41d2';

describe.skipIf(!hasMosquitto || !hasMosquittoPasswd)(
  'watcher serve publishes to MQTT configured by environment (real mosquitto, built bundle)',
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-serve-mqtt-'));
    let broker: Broker | undefined;
    let serve: ServeHandle | undefined;
    const closers: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of closers) await c().catch(() => undefined);
      await serve?.stop();
      await broker?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('announces online, publishes the demo camera status, and the broker says offline when the host is killed', async () => {
      broker = await startBroker({ dir, users: { watcher: PASSWORD } });
      const sub = await subscriber(broker.url, 'watcher/#', {
        username: 'watcher',
        password: PASSWORD,
      });
      closers.push(sub.close);
      serve = await startServe({
        processGroup: true,
        env: {
          WATCHER_MQTT_URL: broker.url,
          WATCHER_MQTT_USERNAME: 'watcher',
          WATCHER_MQTT_PASSWORD: PASSWORD,
        },
      });
      // The password travels in the environment, never in the process's arguments.
      expect(serve.proc.spawnargs.join(' ')).not.toContain(PASSWORD);
      await until(
        () => sub.received.some((m) => m.topic === 'watcher/available' && m.payload === 'online'),
        60_000,
        'online',
      );
      await until(
        () => sub.received.some((m) => m.topic === 'watcher/demo/status'),
        120_000,
        'the demo camera status',
      );
      const status = sub.received.find((m) => m.topic === 'watcher/demo/status')!;
      expect(JSON.parse(status.payload)).toMatchObject({ state: expect.any(String) });
      expect(serve.output()).not.toContain(PASSWORD);

      // Killed without a chance to say goodbye: the broker publishes the Last Will.
      process.kill(serve.proc.pid!, 'SIGKILL');
      await until(
        () => sub.received.some((m) => m.topic === 'watcher/available' && m.payload === 'offline'),
        60_000,
        'the Last Will',
      );
      // And it is retained: a new subscriber sees offline.
      const late = await subscriber(broker.url, 'watcher/available', {
        username: 'watcher',
        password: PASSWORD,
      });
      closers.push(late.close);
      await until(() => late.received.length > 0, 20_000, 'retained availability');
      expect(late.received[0]).toMatchObject({ payload: 'offline', retain: true });
    });
  },
);
