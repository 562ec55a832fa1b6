import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotificationHandlers } from '../../../../electron/host/handlers/notification-handlers';
import { NotifyStore } from '../../../../electron/host/notify/notify-store';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';
import { notificationMethods } from '../../../../electron/shared/api/methods/notifications';
import type { ConnectionContext } from '../../../../electron/host/api-types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-notify-handlers-'));
const store = ControlRoomStore.open({
  file: path.join(dir, 'w.db'),
  secretBox: KeyFileSecretBox.open(path.join(dir, 'k')),
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});
const notify = new NotifyStore(store.db, store.secretBox);
const h = createNotificationHandlers({ notify, store });
const ctx = {
  connectionId: 'c',
  transport: 'ws',
  session: { username: 'admin' },
} as ConnectionContext;
const parse = <M extends keyof typeof notificationMethods>(m: M, p: unknown) =>
  notificationMethods[m].params.parse(p) as never;

describe('notify.* handlers', () => {
  it('secrets are write-only and sealed; changes are audited without the secret', async () => {
    const saved = await h['notify.saveChannel'](
      parse('notify.saveChannel', {
        id: 'hook',
        name: 'Hook',
        settings: { kind: 'webhook', url: 'https://example.test/h' },
        secret: 'very-secret-value',
      }),
      ctx,
    );
    expect(saved.channel).toMatchObject({ id: 'hook', hasSecret: true, updatedBy: 'admin' });
    expect(JSON.stringify(await h['notify.channels']({} as never, ctx))).not.toContain(
      'very-secret',
    );
    const blob = store.db
      .prepare('SELECT secret_blob FROM notify_channels')
      .pluck()
      .get() as string;
    expect(blob).not.toContain('very-secret');
    expect(notify.target('hook')?.secret).toBe('very-secret-value');
    // Omitted keeps it, '' removes it.
    await h['notify.saveChannel'](
      parse('notify.saveChannel', {
        id: 'hook',
        name: 'Hook 2',
        settings: { kind: 'webhook', url: 'https://example.test/h' },
      }),
      ctx,
    );
    expect(notify.target('hook')?.secret).toBe('very-secret-value');
    const audit = store.audit.list({}).filter((e) => e.action === 'notify.saveChannel');
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit)).not.toContain('very-secret');
    expect(audit.map((e) => e.details.secretChanged).sort()).toEqual([false, true]);
    await h['notify.saveChannel'](
      parse('notify.saveChannel', {
        id: 'hook',
        name: 'Hook',
        settings: { kind: 'webhook', url: 'https://example.test/h' },
        secret: '',
      }),
      ctx,
    );
    expect(notify.getChannel('hook')?.hasSecret).toBe(false);
  });

  it('routes name existing channels and a real time zone; a used channel cannot be deleted', async () => {
    await expect(
      Promise.resolve().then(() =>
        h['notify.saveRoute'](
          parse('notify.saveRoute', { id: 'r', name: 'R', channelIds: ['nope'] }),
          ctx,
        ),
      ),
    ).rejects.toMatchObject({ code: 'notify.error.channelNotFound' });
    await expect(
      Promise.resolve().then(() =>
        h['notify.saveRoute'](
          parse('notify.saveRoute', {
            id: 'r',
            name: 'R',
            channelIds: ['hook'],
            timeZone: 'Mars/Base',
          }),
          ctx,
        ),
      ),
    ).rejects.toMatchObject({ code: 'notify.error.badTimeZone' });
    await h['notify.saveRoute'](
      parse('notify.saveRoute', { id: 'r', name: 'R', channelIds: ['hook'] }),
      ctx,
    );
    expect((await h['notify.routes']({} as never, ctx)).items.map((r) => r.id)).toEqual(['r']);
    await expect(
      Promise.resolve().then(() => h['notify.deleteChannel']({ id: 'hook' }, ctx)),
    ).rejects.toMatchObject({ code: 'notify.error.channelInUse' });
    expect(await h['notify.deleteRoute']({ id: 'r' }, ctx)).toEqual({ deleted: true });
    expect(await h['notify.deleteChannel']({ id: 'hook' }, ctx)).toEqual({ deleted: true });
    await expect(
      Promise.resolve().then(() => h['notify.retry']({ id: 'missing' }, ctx)),
    ).rejects.toMatchObject({ code: 'notify.error.deliveryNotFound' });
    const actions = store.audit.list({}).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['notify.saveRoute', 'notify.deleteRoute', 'notify.deleteChannel']),
    );
  });

  it('results satisfy the contract', async () => {
    const d = await h['notify.deliveries'](parse('notify.deliveries', {}), ctx);
    expect(notificationMethods['notify.deliveries'].result.parse(d)).toEqual({
      items: [],
      pending: 0,
    });
  });
});
