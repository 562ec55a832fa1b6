import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlRoomHost } from '../../../../electron/host/control-room-host';
import { openHostServices, type HostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import type { Alarm } from '../../../../electron/shared/domain/alarm';
import type { WorkerToHost } from '../../../../electron/shared/protocol/worker-protocol';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { createNodeHost } from '../../../helpers/node-host';
import { until } from '../../../helpers/until';
import {
  hasMosquitto,
  hasMosquittoPasswd,
  startBroker,
  subscriber,
  type Broker,
  type Received,
} from '../../../helpers/mosquitto';

const PASSWORD = 'broker-pw-9f3b1c';

type Call = (method: string, params: unknown) => Promise<unknown>;

function apiFor(host: ControlRoomHost): { call: Call; login(): Promise<void> } {
  const ctx = host.newConnection('ws');
  let session: string | undefined;
  let id = 0;
  const call: Call = async (method, params) => {
    const res = (await host.handle(
      { kind: 'request', id: ++id, method, params, session },
      ctx,
    )) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
    if (!res.ok) throw new Error(`${method}: ${res.error?.code} ${res.error?.message}`);
    return res.result;
  };
  return {
    call,
    async login() {
      const r = (await call('auth.createFirstAdmin', {
        username: 'admin',
        password: 'clave-segura-123',
        displayName: 'Admin',
      })) as { token: string };
      session = r.token;
    },
  };
}

function alarm(state: Alarm['state'], version: number): Alarm {
  const now = Date.now();
  return {
    id: 'alarm-1',
    category: 'traffic',
    priority: 2,
    state,
    source: { kind: 'event', type: 'speed', ruleId: 'r1', infractionId: 'inf-1' },
    cameraId: 'demo',
    firstAt: now,
    lastAt: now,
    count: 1,
    eventIds: ['inf-1'],
    version,
    origin: 'test',
    createdAt: now,
    updatedAt: now,
  };
}

interface EventRecord {
  id?: string;
  version?: number;
  state?: string;
  evidence?: unknown;
}
interface EventJson {
  type: string;
  kind: string;
  before: EventRecord | null;
  after: EventRecord;
}

const events = (received: Received[]) =>
  received
    .filter((m) => m.topic === 'watcher/events')
    .map((m) => ({ ...m, json: JSON.parse(m.payload) as EventJson }));

describe.skipIf(!hasMosquitto)('MQTT publisher against a real mosquitto broker', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-mqtt-'));
  const dataDir = path.join(dir, 'data');
  const logDir = path.join(dir, 'logs');
  let broker: Broker;
  let services: HostServices;
  let host: ControlRoomHost;
  let api: ReturnType<typeof apiFor>;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    broker = await startBroker({ dir, persistent: true });
    services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
    host = createNodeHost({
      dataDir,
      logger: new Logger({ console: false, dir: logDir, level: 'debug' }),
      services,
      mqtt: {
        publisher: { queueCapacity: 50, backoffInitialMs: 100, backoffMaxMs: 1000 },
        statusIntervalMs: 1000,
      },
    });
    api = apiFor(host);
    await api.login();
    host.start();
  });
  afterAll(async () => {
    for (const c of closers) await c().catch(() => undefined);
    await host?.stop();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves settings through the API and publishes availability, events, camera status and counts', async () => {
    const saved = (await api.call('mqtt.saveSettings', {
      enabled: true,
      url: broker.url,
    })) as { settings: Record<string, unknown> };
    expect(saved.settings).toMatchObject({
      enabled: true,
      topicPrefix: 'watcher',
      qos: 1,
      hasPassword: false,
      source: 'stored',
    });
    expect(saved.settings.clientId).toMatch(/^watcher-/);
    await until(
      async () => ((await api.call('mqtt.status', {})) as { connected: boolean }).connected,
      30_000,
      'the host to connect',
    );

    // Persistent session: messages published while this subscriber is away are kept for it.
    const sub = await subscriber(broker.url, 'watcher/#', { clientId: 'test-sub', clean: false });
    closers.push(sub.close);
    await until(
      () => sub.received.some((m) => m.topic === 'watcher/available'),
      20_000,
      'availability',
    );
    expect(sub.received.find((m) => m.topic === 'watcher/available')).toMatchObject({
      payload: 'online',
      retain: true,
    });

    // An infraction through the host's ingest path (what a worker's infraction message calls).
    const infraction = syntheticInfraction(mulberry32(1), { occurredAt: Date.now() });
    host.ingestInfraction(infraction);
    await until(() => events(sub.received).length > 0, 20_000, 'the infraction event');
    const ev = events(sub.received)[0];
    expect(ev.retain).toBe(false);
    expect(ev.json).toMatchObject({ type: 'new', kind: 'infraction', before: null });
    expect(ev.json.after.id).toBe(infraction.id);
    expect(ev.json.after.evidence).toEqual(
      infraction.evidence.map((f) => expect.objectContaining({ path: f.path })),
    );
    expect(ev.payload).not.toMatch(/\/9j\//); // no base64 JPEG

    // A review decision through the API: an update with the record before and after.
    await until(
      () => services.store.infractions.get(infraction.id) !== undefined,
      20_000,
      'stored',
    );
    const version = services.store.infractions.get(infraction.id)!.version;
    await api.call('infractions.decide', {
      id: infraction.id,
      action: 'validate',
      expectedVersion: version,
    });
    await until(
      () =>
        events(sub.received).some((e) => e.json.type === 'update' && e.json.kind === 'infraction'),
      20_000,
      'the review update',
    );
    const upd = events(sub.received).find((e) => e.json.type === 'update')!;
    expect(upd.json.after.id).toBe(infraction.id);
    expect(upd.json.after.version).toBe(version + 1);
    expect(upd.json.before?.version).toBe(version);

    // Alarms as the alarm service publishes them on the host's bus.
    host.publish('alarm.raised', alarm('new', 1));
    host.publish('alarm.updated', alarm('in-progress', 2));
    host.publish('alarm.updated', alarm('closed', 3));
    // Only this test's alarm: the real alarm service also raised one for the infraction above.
    const ours = () =>
      events(sub.received).filter((e) => e.json.kind === 'alarm' && e.json.after.id === 'alarm-1');
    await until(() => ours().length === 3, 20_000, 'three alarm events');
    const alarms = ours();
    expect(alarms.map((e) => e.json.type)).toEqual(['new', 'update', 'end']);
    expect(alarms[1].json.before?.state).toBe('new');
    expect(alarms[1].json.after.state).toBe('in-progress');
    expect(alarms[2].json.after.state).toBe('closed');

    // Two line crossings from a worker: today's count, retained, per camera/line/class.
    const count = (classLabel: string): WorkerToHost => ({
      type: 'event',
      cameraId: 'cam/+#',
      event: {
        kind: 'count',
        lineId: 'north',
        ruleId: 'count-1',
        trackId: 1,
        classLabel,
        direction: 'in',
        ts: Date.now(),
      },
    });
    const fromWorker = (msg: WorkerToHost) =>
      (host as unknown as { onWorkerMessage(w: string, m: WorkerToHost): void }).onWorkerMessage(
        'worker-1',
        msg,
      );
    fromWorker(count('car'));
    fromWorker(count('car'));
    const countTopic = 'watcher/cam___/north/car';
    await until(
      () => sub.received.filter((m) => m.topic === countTopic).length === 2,
      20_000,
      'two counts',
    );
    expect(sub.received.filter((m) => m.topic === countTopic).map((m) => m.payload)).toEqual([
      '1',
      '2',
    ]);
    // A late subscriber gets the retained count and camera status.
    await until(
      () => sub.received.some((m) => m.topic === 'watcher/demo/status'),
      60_000,
      'the demo camera status',
    );
    const late = await subscriber(broker.url, 'watcher/+/+/+');
    closers.push(late.close);
    const lateStatus = await subscriber(broker.url, 'watcher/demo/status');
    closers.push(lateStatus.close);
    await until(
      () => late.received.some((m) => m.topic === countTopic) && lateStatus.received.length > 0,
      20_000,
      'retained count and status',
    );
    expect(late.received.find((m) => m.topic === countTopic)).toMatchObject({
      payload: '2',
      retain: true,
    });
    const status = JSON.parse(lateStatus.received[0].payload) as Record<string, unknown>;
    expect(lateStatus.received[0].retain).toBe(true);
    expect(typeof status.state).toBe('string');
    expect(typeof status.fps).toBe('number');

    const s = (await api.call('mqtt.status', {})) as { published: number; dropped: number };
    expect(s.published).toBeGreaterThanOrEqual(6);
    expect(s.dropped).toBe(0);
  });

  it('queues while the broker is down, drops the oldest beyond the bound, and delivers the rest after a restart', async () => {
    const sub = await subscriber(broker.url, 'watcher/events', {
      clientId: 'test-queue-sub',
      clean: false,
    });
    await broker.stop();
    await until(
      async () => !((await api.call('mqtt.status', {})) as { connected: boolean }).connected,
      20_000,
      'the host to see the broker gone',
    );
    const rng = mulberry32(2);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const inf = syntheticInfraction(rng, { occurredAt: Date.now() });
      ids.push(inf.id);
      host.ingestInfraction(inf);
    }
    const down = (await api.call('mqtt.status', {})) as {
      connected: boolean;
      queued: number;
      dropped: number;
    };
    expect(down.connected).toBe(false);
    expect(down.queued).toBeGreaterThanOrEqual(50);
    expect(down.dropped).toBeGreaterThanOrEqual(10);

    await broker.start();
    await until(
      async () => ((await api.call('mqtt.status', {})) as { connected: boolean }).connected,
      30_000,
      'the host to reconnect',
    );
    const got = () => new Set(events(sub.received).map((e) => e.json.after.id));
    // Each infraction also raises or grows an alarm (another event in the same queue), so the
    // bound of 50 keeps about the newest 25 infractions: the newest 20 certainly; the first went.
    await until(() => ids.slice(40).every((id) => got().has(id)), 30_000, 'queued events');
    expect(got().has(ids[0])).toBe(false);
    await until(
      async () => ((await api.call('mqtt.status', {})) as { queued: number }).queued === 0,
      20_000,
      'the queue to drain',
    );
    await sub.close();
  });

  it.skipIf(!hasMosquittoPasswd)(
    'authenticates with a username and password; a wrong password shows the auth error',
    async () => {
      const authDir = path.join(dir, 'auth');
      (await import('node:fs')).mkdirSync(authDir);
      const secured = await startBroker({ dir: authDir, users: { watcher: PASSWORD } });
      closers.push(secured.stop);
      await api.call('mqtt.saveSettings', {
        enabled: true,
        url: secured.url,
        username: 'watcher',
        password: PASSWORD,
      });
      const settings = (await api.call('mqtt.settings', {})) as { settings: object };
      expect(settings.settings).toMatchObject({ hasPassword: true, username: 'watcher' });
      expect(JSON.stringify(settings)).not.toContain(PASSWORD);
      await until(
        async () => ((await api.call('mqtt.status', {})) as { connected: boolean }).connected,
        30_000,
        'an authenticated connection',
      );
      const sub = await subscriber(secured.url, 'watcher/available', {
        username: 'watcher',
        password: PASSWORD,
      });
      closers.push(sub.close);
      await until(() => sub.received.some((m) => m.payload === 'online'), 20_000, 'online');

      // Omitting the password keeps it.
      await api.call('mqtt.saveSettings', { enabled: true, url: secured.url, username: 'watcher' });
      await until(
        async () => ((await api.call('mqtt.status', {})) as { connected: boolean }).connected,
        30_000,
        'reconnect with the kept password',
      );

      await api.call('mqtt.saveSettings', {
        enabled: true,
        url: secured.url,
        username: 'watcher',
        password: 'wrong-password',
      });
      await until(
        async () =>
          ((await api.call('mqtt.status', {})) as { lastErrorCode?: string }).lastErrorCode ===
          'mqtt.error.auth',
        30_000,
        'the auth error',
      );
      const st = (await api.call('mqtt.status', {})) as { connected: boolean; lastError?: string };
      expect(st.connected).toBe(false);
      expect(st.lastError).toMatch(/not authori[sz]ed|bad user/i);

      // The password is sealed in the store and never written to a log.
      const stored = services.store.getState('mqtt.settings') ?? '';
      expect(stored).not.toContain(PASSWORD);
      expect(stored).not.toContain('wrong-password');
      for (const f of readdirSync(logDir)) {
        const text = readFileSync(path.join(logDir, f), 'utf8');
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain('wrong-password');
      }
    },
  );
});
