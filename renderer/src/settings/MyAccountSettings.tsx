import { useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import { translateError, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import { MIN_PASSWORD_LENGTH } from '../../../electron/shared/api/param-errors';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { SubmitRow } from './SubmitRow';
import { TextField } from './TextField';

/** The signed-in user's own account: who they are and a password change. Every role has it. */
export function MyAccountSettings() {
  const client = useClient();
  const t = useT();
  const user = useSession((s) => s.user);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [msg, setMsg] = useState<Msg>();
  if (!user) return null;
  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title">{t('account.ui.title')}</h2>
      <p className="muted">
        {t('account.ui.signedInAs', { name: user.displayName, role: t(`role.${user.role}`) })}
      </p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          callStore(client, 'auth.changePassword', {
            currentPassword: current,
            newPassword: next,
          })
            .then(() => {
              setCurrent('');
              setNext('');
              setMsg({ kind: 'ok', text: t('account.ui.changed') });
            })
            .catch((err: unknown) =>
              setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
            );
        }}
      >
        <TextField
          label={t('account.ui.current')}
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
        />
        <TextField
          label={t('account.ui.new')}
          hint={t('users.ui.passwordHint', { min: MIN_PASSWORD_LENGTH })}
          type="password"
          required
          autoComplete="new-password"
          value={next}
          onChange={setNext}
        />
        <SubmitRow label={t('account.ui.change')} />
      </form>
      <SettingsMessage msg={msg} />
    </section>
  );
}
