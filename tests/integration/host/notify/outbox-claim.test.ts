import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';
import { NotifyStore } from '../../../../electron/host/notify/notify-store';
import { Outbox } from '../../../../electron/host/notify/outbox';
import type { ChannelSender } from '../../../../electron/host/notify/channels';
import { routeSchema } from '../../../../electron/shared/api/methods/notifications';
import { until } from '../../../helpers/until';

const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-outbox-claim-'));
const stores: ControlRoomStore[] = [];
afterAll(() => {
  for (const s of stores) s.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(name: string, channels: string[]) {
  const store = ControlRoomStore.open({
    file: path.join(dir, `${name}.db`),
    secretBox: KeyFileSecretBox.open(path.join(dir, `${name}.key`)),
  });
  stores.push(store);
  const notify = new NotifyStore(store.db, store.secretBox);
  store.tx(() => {
    for (const id of channels) {
      notify.saveChannel(
        {
          id,
          name: id,
          enabled: true,
          settings: { kind: 'webhook', url: 'http://127.0.0.1:9/x', headers: {} },
          secret: 's',
        },
        'test',
      );
      notify.saveRoute(
        routeSchema.parse({
          id: `r-${id}`,
          name: id,
          channelIds: [id],
          ratePerMinute: 0,
          dedupSec: 0,
        }),
        'test',
      );
    }
  });
  return { store, notify };
}

const event = (i: number) => ({
  subject: `infraction:${i}`,
  kind: 'infraction' as const,
  type: 'speed',
  at: 0,
});

describe('outbox claims', () => {
  it('claims a channel’s due rows through its partial index, up to the free slots', () => {
    const { store, notify } = setup('plan', ['a', 'b']);
    for (let i = 0; i < 20; i++) notify.enqueue(event(i));
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM notify_deliveries WHERE channel_id = ?
           AND state IN ('pending', 'retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
      )
      .all('a', Date.now(), 4) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/notify_deliveries_channel_due/);
    const rows = notify.claimForChannels(
      new Map([
        ['a', 3],
        ['b', 0],
      ]),
    );
    expect(rows.map((r) => r.channel_id)).toEqual(['a', 'a', 'a']);
    expect(rows.every((r) => r.state === 'sending' && r.attempts === 1)).toBe(true);
    // Committed: the rows are 'sending' in the database.
    const sending = store.db
      .prepare(`SELECT COUNT(*) AS n FROM notify_deliveries WHERE state = 'sending'`)
      .get() as { n: number };
    expect(sending.n).toBe(3);
  });

  it('a channel whose slots are all held by slow sends does not hold up another', async () => {
    const { notify } = setup('slow', ['slow', 'fast']);
    const held: Array<() => void> = [];
    const sent: string[] = [];
    const sender: ChannelSender = (target) =>
      target.id === 'slow'
        ? new Promise<void>((resolve) => held.push(resolve))
        : (sent.push(target.id), Promise.resolve());
    const outbox = new Outbox({
      store: notify,
      senders: { webhook: sender },
      concurrencyPerChannel: 2,
    }).start();
    try {
      for (let i = 0; i < 30; i++) outbox.notify(event(i));
      await until(() => sent.length === 30, 30_000, 'every fast delivery');
      expect(held).toHaveLength(2); // the slow channel holds only its own slots
      for (const release of held.splice(0)) release();
      await until(
        () => {
          for (const release of held.splice(0)) release();
          return notify.pendingCount() === 0;
        },
        30_000,
        'the slow channel to drain',
      );
    } finally {
      await outbox.stop();
    }
  });

  it('rows of a deleted channel fail with their reason instead of waiting for ever', async () => {
    const { notify } = setup('gone', ['keep', 'gone']);
    notify.enqueue(event(1));
    notify.deleteChannel('gone');
    const outbox = new Outbox({
      store: notify,
      senders: { webhook: () => Promise.resolve() },
    }).start();
    try {
      await until(() => notify.pendingCount() === 0, 30_000, 'the outbox to settle');
      const rows = notify.listDeliveries({ limit: 10 });
      expect(rows.find((d) => d.channelId === 'gone')).toMatchObject({
        state: 'failed',
        lastErrorCode: 'notify.error.channelNotFound',
      });
      expect(rows.find((d) => d.channelId === 'keep')?.state).toBe('sent');
    } finally {
      await outbox.stop();
    }
  });
});
