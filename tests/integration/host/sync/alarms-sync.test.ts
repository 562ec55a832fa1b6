import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AlarmService } from '../../../../electron/host/alarms/alarm-service';
import type { ControlRoomStore } from '../../../../electron/host/store/store';
import type { InfractionEvent } from '../../../../electron/shared/domain/infraction';
import { postgresSkipReason } from '../../../helpers/postgres';
import { until, useSyncCluster } from './hosts';

const { host, sql } = useSyncCluster();

const service = (store: ControlRoomStore) => new AlarmService({ store, publish: () => {} });

const infraction = (): InfractionEvent =>
  ({
    id: randomUUID(),
    type: 'ppe',
    category: 'safety',
    cameraId: 'yard',
    ruleId: 'helmets',
    ruleVersion: 1,
    occurredAt: Date.now(),
    trackId: 3,
    classLabel: 'person',
    measured: {},
    confidence: 0.8,
    box: { x1: 0, y1: 0, x2: 5, y2: 5 },
    evidence: [],
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  }) as InfractionEvent;

describe.skipIf(!!postgresSkipReason)('alarms shared through PostgreSQL', () => {
  it('raised on A is seen on B; acknowledged on B reaches A; a stale concurrent action is a conflict, nothing lost', async () => {
    const a = await host();
    const b = await host();
    const onB: string[] = [];
    b.store.alarms.onRemoteChange((alarm, isNew) =>
      onB.push(`${isNew ? 'new' : 'upd'}:${alarm.id}`),
    );

    // Raised on A (one alarm, a second event grouped into it) → seen on B with its history.
    const alarmsA = service(a.store);
    const alarmsB = service(b.store);
    const raised = alarmsA.raiseFromInfraction(infraction());
    alarmsA.raiseFromInfraction({ ...infraction() });
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    const seen = alarmsB.get(raised.id);
    expect(seen.alarm).toMatchObject({
      id: raised.id,
      priority: 1,
      category: 'safety',
      count: 2,
      version: 2,
      origin: a.store.hostId,
    });
    expect(seen.history.map((h) => h.action)).toEqual(['raised', 'grouped']);
    expect(onB).toContain(`new:${raised.id}`);

    // Acknowledged (and commented) on B → reaches A.
    alarmsB.act(raised.id, { action: 'acknowledge', version: 2 }, { name: 'beto' });
    alarmsB.comment(raised.id, 'going to the yard', { name: 'beto' });
    await b.sync.waitUntilSynced();
    await a.sync.waitUntilSynced();
    const onA = alarmsA.get(raised.id);
    expect(onA.alarm).toMatchObject({ acknowledgedBy: 'beto', version: 3 });
    expect(onA.history.map((h) => h.action)).toEqual([
      'raised',
      'grouped',
      'acknowledged',
      'comment',
    ]);
    expect(alarmsA.list().unacknowledged).toBe(0);

    // Both see version 3; B is offline when it acts.
    await b.sync.stop();
    alarmsA.act(raised.id, { action: 'start', version: 3 }, { name: 'ana' });
    await a.sync.waitUntilSynced();
    alarmsB.act(
      raised.id,
      { action: 'close', version: 3, reason: 'helmet on now' },
      { name: 'beto' },
    );
    b.sync.start();
    await b.sync.waitUntilSynced();
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    for (const h of [alarmsA, alarmsB])
      expect(h.get(raised.id).alarm).toMatchObject({
        state: 'in-progress',
        owner: 'ana',
        version: 4,
      });
    expect(b.sync.status().conflicts).toBe(1);
    const note = b.store.audit.list({ action: 'sync.alarmConflict' })[0];
    expect(note.details).toMatchObject({
      kept: { state: 'in-progress', owner: 'ana' },
      discarded: { state: 'closed', closedBy: 'beto', closeReason: 'helmet on now' },
    });
    const conflictRow = b.store.db
      .prepare("SELECT local_json FROM sync_conflicts WHERE entity = 'alarm'")
      .get() as { local_json: string };
    expect(JSON.parse(conflictRow.local_json)).toMatchObject({ state: 'closed' });
    // Nothing is lost: B's close stays in the shared history, with the conflict noted.
    await until(
      () => alarmsA.get(raised.id).history.some((h) => h.text === 'alarms.history.syncConflict'),
      10_000,
      'conflict note in the history on A',
    );
    const seenHistory = alarmsA.get(raised.id).history;
    expect(seenHistory).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'state', to: 'in-progress', by: 'ana' }),
        expect.objectContaining({ action: 'state', to: 'closed', by: 'beto' }),
      ]),
    );
    expect(a.store.audit.list({ target: `alarm:${raised.id}` }).map((e) => e.action)).toEqual(
      expect.arrayContaining(['alarm.start', 'alarm.close', 'sync.alarmConflict']),
    );

    // Online, a second operator acting on the version they saw gets the conflict at once.
    expect(() => alarmsB.act(raised.id, { action: 'hold', version: 3 }, { name: 'beto' })).toThrow(
      expect.objectContaining({ code: 'alarms.error.versionConflict' }),
    );
    // The refresh before an action (alarms.act does it) brings A's newer version at once.
    alarmsA.act(raised.id, { action: 'hold', version: 4 }, { name: 'ana' });
    await a.sync.waitUntilSynced();
    await b.sync.refreshAlarm(raised.id);
    expect(() =>
      alarmsB.act(raised.id, { action: 'close', version: 4, reason: 'x' }, { name: 'beto' }),
    ).toThrow(expect.objectContaining({ code: 'alarms.error.versionConflict' }));
    expect(alarmsB.get(raised.id).alarm).toMatchObject({ state: 'on-hold', version: 5 });
    await b.sync.waitUntilSynced();
    const history = alarmsA.get(raised.id).history;
    const server = await sql<{ n: string }>('SELECT COUNT(*) AS n FROM watcher.alarm_history');
    expect(Number(server[0].n)).toBe(history.length);
  });
});
