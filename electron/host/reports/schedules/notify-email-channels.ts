import type { NotifyStore } from '../../notify/notify-store';
import type { EmailChannelLookup } from './schedule-runner';

/**
 * Scheduled reports' view of the notification channels: an enabled email channel's SMTP
 * settings (password unsealed) and recipients; anything else is "no such channel".
 */
export function emailChannelsFromNotify(
  notify: Pick<NotifyStore, 'target'>,
  ca?: string,
): EmailChannelLookup {
  return (id) => {
    const target = notify.target(id);
    if (!target?.enabled || target.settings.kind !== 'email') return Promise.resolve(undefined);
    const s = target.settings;
    return Promise.resolve({
      smtp: {
        smtpUrl: s.smtpUrl,
        username: s.username,
        password: target.secret,
        allowPlaintext: s.allowPlaintext,
        from: s.from,
        ...(ca ? { ca } : {}),
      },
      to: [...s.to],
    });
  };
}
