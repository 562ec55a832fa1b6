import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import {
  addSceneConfig,
  syntheticTrafficCamera,
  withDataDirStore,
} from '../../../helpers/synthetic-traffic-camera';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiSocket } from '../../../helpers/api-socket';
import { repoRoot } from '../../../helpers/fixtures';
import { httpReceiver, type HttpReceiver } from '../../../helpers/notify-receivers';
import { until } from '../../../helpers/until';
import { startServe, type ServeHandle } from '../../../helpers/watcher-serve';

const run = promisify(execFile);
const dirs: string[] = [];
const servers: ServeHandle[] = [];
const receivers: HttpReceiver[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const r of receivers) await r.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Row {
  id: string;
  subject: string;
  state: string;
  attempts: number;
}

function rows(dataDir: string): Row[] {
  const db = new Database(path.join(dataDir, 'watcher.db'));
  try {
    return db
      .prepare('SELECT id, subject, state, attempts FROM notify_deliveries ORDER BY created_at')
      .all() as Row[];
  } finally {
    db.close();
  }
}

/**
 * The real `watcher serve` (built bundle) with a webhook route configured through the API, fed by
 * a looping synthetic speed camera. The receiver is slow (it holds its answers), the host is
 * SIGKILLed with deliveries in flight and more waiting, and restarted on the same data dir.
 *
 * At-least-once: the receiver may have processed a delivery whose 2xx the host never committed
 * (the kill fell between the receiver's answer, or its processing, and the host's `sent` update).
 * The row is still 'sending' in the database, so the restarted host sends it again — with the same
 * X-Watcher-Delivery id, which is what lets the receiver drop the repeat. So the receiver may see
 * an id twice only if it was in flight at the kill, and deduplicating by id it processes every
 * event exactly once; no event is lost and no event gets a second delivery id.
 */
describe('watcher serve: notifications survive SIGKILL', () => {
  it('every event is delivered, none lost, none under two delivery ids', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-notify-kill-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'data');
    const scene = path.join(dir, 'scene');
    await run(
      process.execPath,
      [
        path.join(repoRoot, 'bin', 'watcher.mjs'),
        'synth',
        'traffic',
        '--out',
        scene,
        '--speeds',
        '110',
        '--limit',
        '80',
      ],
      { cwd: repoRoot },
    );
    const rx = await httpReceiver('kill-secret');
    receivers.push(rx);
    // Slow receiver: processes (records) a delivery on arrival, answers only when released.
    const held: Array<() => void> = [];
    let slow = true;
    rx.answer = () =>
      slow ? new Promise((resolve) => held.push(() => resolve({ status: 204 }))) : { status: 204 };
    const serveOpts = {
      processGroup: true,
      logLevel: 'warn',
      dataDir,
      timeoutMs: 120_000,
    };
    const first = await startServe({
      ...serveOpts,
      cameras: [syntheticTrafficCamera(scene, 'Synthetic 110 km/h')],
      prepare(d) {
        withDataDirStore(d, (store) => addSceneConfig(store.config, scene));
      },
    });
    servers.push(first);

    const api = await ApiSocket.open(first);
    const admin = await api.call('auth.createFirstAdmin', {
      username: 'admin',
      password: 'admin-pass-123',
      displayName: 'Admin',
    });
    expect(admin.ok, JSON.stringify(admin.error)).toBe(true);
    const session = admin.result.token as string;
    const ch = await api.call(
      'notify.saveChannel',
      {
        id: 'hook',
        name: 'Receiver',
        settings: { kind: 'webhook', url: `${rx.url}/watcher`, headers: {} },
        secret: 'kill-secret',
      },
      session,
    );
    expect(ch.ok, JSON.stringify(ch.error)).toBe(true);
    expect(ch.result.channel).toMatchObject({ hasSecret: true });
    expect(JSON.stringify(ch.result)).not.toContain('kill-secret');
    const route = await api.call(
      'notify.saveRoute',
      {
        id: 'all-infractions',
        name: 'All infractions',
        channelIds: ['hook'],
        match: { kinds: ['infraction'] },
        ratePerMinute: 0,
        dedupSec: 0,
      },
      session,
    );
    expect(route.ok, JSON.stringify(route.error)).toBe(true);
    api.close();

    // Deliveries in flight (held by the receiver) and, ideally, more waiting behind them.
    await until(() => rx.requests.length >= 2, 300_000, 'two deliveries to reach the receiver');
    // The crash: host and workers, no chance to mark anything.
    process.kill(-first.proc.pid!, 'SIGKILL');
    await until(
      () => first.proc.exitCode !== null || first.proc.signalCode !== null,
      30_000,
      'the kill',
    );
    await first.stop();
    const atKill = rows(dataDir);
    const inFlight = new Set(atKill.filter((r) => r.state === 'sending').map((r) => r.id));
    expect(inFlight.size).toBeGreaterThan(0);
    // The receiver saw only in-flight ones (nothing was answered yet, so nothing is 'sent').
    for (const r of rx.requests)
      expect(inFlight.has(String(r.headers['x-watcher-delivery']))).toBe(true);
    expect(atKill.filter((r) => r.state === 'sent')).toEqual([]);
    for (const release of held.splice(0)) release();

    // Restart on the same data dir; the receiver is fast now.
    slow = false;
    const second = await startServe(serveOpts);
    servers.push(second);
    await until(
      () => atKill.every((r) => (rx.accepted.get(r.id) ?? 0) >= 1),
      300_000,
      'every delivery queued before the kill to reach the receiver',
    );
    const api2 = await ApiSocket.open(second);
    const login = await api2.call('auth.login', { username: 'admin', password: 'admin-pass-123' });
    const s2 = login.result.token as string;
    await until(
      async () => {
        const r = await api2.call('notify.deliveries', { limit: 500 }, s2);
        const states = new Map((r.result.items as Row[]).map((d) => [d.id, d.state]));
        return atKill.every((row) => states.get(row.id) === 'sent');
      },
      120_000,
      'the log to show them sent',
    );
    api2.close();
    await second.stop();

    const after = rows(dataDir);
    // None lost: nothing failed, every row sent or still durably waiting; every sent one arrived.
    expect(after.filter((r) => r.state === 'failed')).toEqual([]);
    for (const r of after.filter((x) => x.state === 'sent'))
      expect(rx.accepted.get(r.id) ?? 0).toBeGreaterThan(0);
    // One delivery id per event on the route.
    expect(new Set(after.map((r) => r.subject)).size).toBe(after.length);
    // Every stored infraction was enqueued (the enqueue commits at publish, before the store batch).
    const db = new Database(path.join(dataDir, 'watcher.db'));
    const stored = db.prepare('SELECT id FROM infractions').pluck().all() as string[];
    db.close();
    const subjects = new Set(after.map((r) => r.subject));
    for (const id of stored) expect(subjects.has(`infraction:${id}`)).toBe(true);
    // Repeats by delivery id only for the ones in flight at the kill (the at-least-once window).
    const seen = new Map<string, number>();
    for (const r of rx.requests) {
      const id = String(r.headers['x-watcher-delivery']);
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    for (const [id, n] of seen) if (n > 1) expect(inFlight.has(id)).toBe(true);
    // Every id the receiver got is one outbox row: deduplicated by id, one event is one delivery.
    const ids = new Set(after.map((r) => r.id));
    for (const id of seen.keys()) expect(ids.has(id)).toBe(true);
    expect(rx.requests.every((r) => r.signatureOk)).toBe(true);
    expect(after.length).toBeGreaterThanOrEqual(atKill.length);
  }, 900_000);
});
