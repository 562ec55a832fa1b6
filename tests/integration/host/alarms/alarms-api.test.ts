import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../../electron/host/connections/connection';
import type { ControlRoomHost } from '../../../../electron/host/control-room-host';
import { openHostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import type { ServerMessage } from '../../../../electron/shared/api/envelope';
import type { Alarm } from '../../../../electron/shared/domain/alarm';
import type { InfractionEvent } from '../../../../electron/shared/domain/infraction';
import { createNodeHost } from '../../../helpers/node-host';
import { until } from '../../../helpers/until';

interface Client {
  conn: Connection;
  messages: ServerMessage[];
  token?: string;
  call(method: string, params: unknown): Promise<Reply>;
  alarmEvents(): Array<{ topic: string; alarm: Alarm }>;
}

interface Reply {
  ok: boolean;
  // Checked field by field by the assertions below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
  error?: { code: string; message: string };
}

/**
 * A real host with a store and its real API (dispatcher, permissions, connections, live
 * events): alarms raised by sealed infractions and by a camera that cannot stream.
 */
describe('alarms through the host API', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-alarms-'));
  let host: ControlRoomHost;
  let operator: Client;
  let auditor: Client;
  let anonymous: Client;
  let admin: Client;
  let id = 0;

  function client(token?: string): Client {
    const messages: ServerMessage[] = [];
    const conn = host.connect('ws', {
      send: (m) => messages.push(m),
      bufferedBytes: () => 0,
      close: () => {},
    });
    const c: Client = {
      conn,
      messages,
      token,
      async call(method, params) {
        const rid = ++id;
        await conn.receive(
          JSON.stringify({ kind: 'request', id: rid, method, params, session: c.token }),
        );
        const r = messages.find(
          (m) => m.kind === 'response' && (m as { id?: number }).id === rid,
        ) as Reply | undefined;
        return r!;
      },
      alarmEvents: () =>
        messages
          .filter((m) => m.kind === 'event' && String(m.topic).startsWith('alarm.'))
          .map((m) => ({
            topic: (m as { topic: string }).topic,
            alarm: (m as { payload: Alarm }).payload,
          })),
    };
    return c;
  }

  const infraction = (over: Partial<InfractionEvent> = {}): InfractionEvent =>
    ({
      id: randomUUID(),
      type: 'red-light',
      category: 'traffic',
      cameraId: 'cam-1',
      ruleId: 'red-1',
      ruleVersion: 1,
      occurredAt: Date.now(),
      trackId: 7,
      classLabel: 'car',
      measured: {},
      confidence: 0.9,
      box: { x1: 0, y1: 0, x2: 10, y2: 10 },
      evidence: [],
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
      ...over,
    }) as InfractionEvent;

  beforeAll(async () => {
    const logger = new Logger({ console: process.env.WATCHER_TEST_LOG === '1', level: 'error' });
    const services = openHostServices({ dataDir: path.join(dir, 'data'), logger });
    host = createNodeHost({ dataDir: path.join(dir, 'data'), logger, services, alarmTickMs: 200 });
    const first = await services.auth.createFirstAdmin({
      username: 'admin',
      password: 'admin-password-1',
      displayName: 'Admin',
    });
    for (const [username, role] of [
      ['olga', 'operator'],
      ['aldo', 'auditor'],
    ] as const)
      await services.auth.createUser(
        { username, password: `${username}-password-1`, displayName: username, role },
        'admin',
      );
    const op = await services.auth.login('olga', 'olga-password-1');
    const au = await services.auth.login('aldo', 'aldo-password-1');
    services.store.alarms.saveSettings({ cameraOfflineSec: 5 });
    host.start();
    admin = client(first.token);
    operator = client(op.token);
    auditor = client(au.token);
    anonymous = client();
    // A call binds each connection to its session (as a UI's first call does).
    for (const c of [admin, operator, auditor])
      expect((await c.call('alarms.settings', {})).ok).toBe(true);
  });

  afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an infraction raises an alarm, pushed only to sessions with alarms.read', async () => {
    const inf = infraction();
    host.ingestInfraction(inf);
    await until(() => operator.alarmEvents().length > 0 && auditor.alarmEvents().length > 0);
    const [ev] = operator.alarmEvents();
    expect(ev.topic).toBe('alarm.raised');
    expect(ev.alarm).toMatchObject({
      state: 'new',
      priority: 2,
      category: 'traffic',
      count: 1,
      source: { kind: 'event', type: 'red-light', infractionId: inf.id },
    });
    expect(anonymous.alarmEvents()).toEqual([]);
    expect((await anonymous.call('alarms.list', {})).error?.code).toBeDefined();
    const list = await operator.call('alarms.list', {});
    expect(list.result.items.map((a: Alarm) => a.id)).toEqual([ev.alarm.id]);
    expect(list.result.unacknowledged).toBe(1);
  });

  it('a flood within the window is one alarm with a count', async () => {
    const before = operator.alarmEvents().length;
    for (let i = 0; i < 20; i++) host.ingestInfraction(infraction({ ruleId: 'flood' }));
    await until(() => operator.alarmEvents().length >= before + 20);
    const list = await operator.call('alarms.list', { cameraId: 'cam-1' });
    const flood = list.result.items.filter(
      (a: Alarm) => a.source.kind === 'event' && a.source.ruleId === 'flood',
    );
    expect(flood).toHaveLength(1);
    expect(flood[0]).toMatchObject({ count: 20 });
    expect(flood[0].eventIds).toHaveLength(20);
    const events = operator.alarmEvents().slice(before);
    expect(events.filter((e) => e.topic === 'alarm.raised')).toHaveLength(1);
    expect(events.filter((e) => e.topic === 'alarm.updated')).toHaveLength(19);
  });

  it('act, comment and acknowledgeMany work and are audited; an auditor cannot act', async () => {
    const { items } = (await operator.call('alarms.list', { state: ['new'] })).result as {
      items: Alarm[];
    };
    const a = items[0];
    const started = await operator.call('alarms.act', {
      id: a.id,
      action: 'start',
      version: a.version,
    });
    expect(started.result.alarm).toMatchObject({ state: 'in-progress', owner: 'olga' });
    const stale = await operator.call('alarms.act', {
      id: a.id,
      action: 'hold',
      version: a.version,
    });
    expect(stale.error?.code).toBe('alarms.error.versionConflict');
    const noReason = await operator.call('alarms.act', {
      id: a.id,
      action: 'close',
      version: started.result.alarm.version,
    });
    expect(noReason.error?.code).toBe('alarms.error.reasonRequired');
    expect(
      (await operator.call('alarms.comment', { id: a.id, text: 'patrol on the way' })).ok,
    ).toBe(true);
    const forbidden = await auditor.call('alarms.act', {
      id: a.id,
      action: 'close',
      version: started.result.alarm.version,
      reason: 'x',
    });
    expect(forbidden.error?.code).toBe('store.error.forbidden');
    expect((await auditor.call('alarms.acknowledgeMany', { ids: [a.id] })).error?.code).toBe(
      'store.error.forbidden',
    );
    expect((await auditor.call('alarms.comment', { id: a.id, text: 'x' })).error?.code).toBe(
      'store.error.forbidden',
    );
    const acked = await operator.call('alarms.acknowledgeMany', { ids: items.map((i) => i.id) });
    expect(acked.result.acknowledged).toBe(items.length);
    expect((await operator.call('alarms.list', {})).result.unacknowledged).toBe(0);
    const got = await auditor.call('alarms.get', { id: a.id });
    expect(
      got.result.history
        .map((h: { action: string }) => h.action)
        .filter((a: string) => a !== 'grouped'),
    ).toEqual(['raised', 'state', 'comment', 'acknowledged']);
    const audit = await admin.call('audit.list', { target: `alarm:${a.id}` });
    expect(audit.ok).toBe(true);
    const actions = audit.result.entries.map(
      (e: { action: string; actor: string }) => `${e.actor}:${e.action}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['olga:alarm.start', 'olga:alarm.comment', 'olga:alarm.acknowledge']),
    );
    // settings are the administrator's
    expect((await operator.call('alarms.saveSettings', { groupWindowSec: 5 })).error?.code).toBe(
      'store.error.forbidden',
    );
    expect((await admin.call('alarms.saveSettings', { diskPercent: 10 })).error?.code).toBe(
      'api.invalid_params',
    );
    expect((await admin.call('alarms.saveSettings', { groupWindowSec: 30 })).result).toMatchObject({
      groupWindowSec: 30,
      cameraOfflineSec: 5,
    });
  });

  it('a camera that cannot stream raises one camera-offline system alarm', async () => {
    host.cameras.upsert({
      id: 'cam-missing',
      name: 'Missing file',
      enabled: true,
      source: { kind: 'file', path: path.join(dir, 'no-such-video.mp4') },
    });
    await until(
      () =>
        operator
          .alarmEvents()
          .some(
            (e) =>
              e.alarm.source.kind === 'system' &&
              e.alarm.source.system === 'camera-offline' &&
              e.alarm.cameraId === 'cam-missing',
          ),
      60_000,
      'the camera-offline alarm',
    );
    const list = await operator.call('alarms.list', { category: ['system'] });
    const offline = list.result.items.filter((a: Alarm) => a.cameraId === 'cam-missing');
    expect(offline).toHaveLength(1);
    expect(offline[0].source).toMatchObject({
      kind: 'system',
      system: 'camera-offline',
      key: 'cam-missing',
      messageKey: 'alarms.system.cameraOffline',
      params: { cameraId: 'cam-missing' },
    });
  });
});
