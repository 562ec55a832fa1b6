import { describe, expect, it } from 'vitest';
import { emailChannelsFromNotify } from '../../../../electron/host/reports/schedules/notify-email-channels';
import type { NotifyStore } from '../../../../electron/host/notify/notify-store';

type Target = ReturnType<NotifyStore['target']>;

describe('email channels for scheduled reports', () => {
  const targets: Record<string, Target> = {
    mail: {
      id: 'mail',
      enabled: true,
      secret: 'pw',
      settings: {
        kind: 'email',
        smtpUrl: 'smtps://smtp.example.org:465',
        username: 'watcher',
        allowPlaintext: false,
        from: 'watcher@example.org',
        to: ['sala@example.org'],
      },
    },
    off: {
      id: 'off',
      enabled: false,
      settings: {
        kind: 'email',
        smtpUrl: 'smtp://x:25',
        allowPlaintext: true,
        from: 'a@b.c',
        to: ['d@e.f'],
      },
    },
    hook: {
      id: 'hook',
      enabled: true,
      settings: { kind: 'webhook', url: 'https://x', headers: {} },
    },
  };
  const lookup = emailChannelsFromNotify({ target: (id) => targets[id] }, 'PEM');

  it('gives an enabled email channel with its unsealed password, and nothing else', async () => {
    await expect(lookup('mail')).resolves.toEqual({
      smtp: {
        smtpUrl: 'smtps://smtp.example.org:465',
        username: 'watcher',
        password: 'pw',
        allowPlaintext: false,
        from: 'watcher@example.org',
        ca: 'PEM',
      },
      to: ['sala@example.org'],
    });
    await expect(lookup('off')).resolves.toBeUndefined();
    await expect(lookup('hook')).resolves.toBeUndefined();
    await expect(lookup('missing')).resolves.toBeUndefined();
  });
});
