import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import { translateError, useT } from '../i18n/i18n';
import type { Role, User } from '../../../electron/shared/api/methods/auth';
import { roleSchema } from '../../../electron/shared/api/methods/auth';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { SubmitRow } from './SubmitRow';
import { AccountFields } from './AccountFields';
import { TextField } from './TextField';
import { MIN_PASSWORD_LENGTH } from '../../../electron/shared/api/param-errors';

/**
 * Operator accounts: role, enable/disable and a password reset per user, and a form to add one.
 * The last active administrator's role and switch are disabled with the reason (the host refuses
 * them too).
 */
export function UsersSettings() {
  const client = useClient();
  const t = useT();
  const [users, setUsers] = useState<User[] | null>();
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    password: '',
    role: 'operator' as Role,
  });
  const [msg, setMsg] = useState<Msg>();
  const [reset, setReset] = useState<{ id: string; name: string; password: string }>();
  const fail = (err: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(err)) });
  const activeAdmins = (users ?? []).filter((u) => u.role === 'admin' && !u.disabled).length;
  const load = useCallback(
    () =>
      callStore(client, 'users.list', {})
        .then((r) => setUsers(r.users))
        .catch(() => setUsers(null)),
    [client],
  );
  useEffect(() => void load(), [load]);

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('settings.users')}</h2>
      {users === null ? (
        <p className="muted">{t('settings.usersUnavailable')}</p>
      ) : (
        <>
          <table className="simple wide">
            <tbody>
              {(users ?? []).map((u) => {
                const lastAdmin = u.role === 'admin' && !u.disabled && activeAdmins <= 1;
                const why = lastAdmin ? t('users.ui.lastAdmin') : undefined;
                return (
                  <tr key={u.id}>
                    <th scope="row">{u.displayName}</th>
                    <td>{u.username}</td>
                    <td>
                      <select
                        aria-label={t('settings.role')}
                        value={u.role}
                        disabled={lastAdmin}
                        title={why}
                        onChange={(e) =>
                          callStore(client, 'users.update', {
                            id: u.id,
                            role: e.target.value as Role,
                          })
                            .then(load)
                            .catch((err: unknown) =>
                              setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                            )
                        }
                      >
                        {roleSchema.options.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <button
                        type="button"
                        disabled={lastAdmin}
                        title={why}
                        onClick={() =>
                          callStore(client, 'users.disable', { id: u.id, disabled: !u.disabled })
                            .then(load)
                            .catch((err: unknown) =>
                              setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                            )
                        }
                      >
                        {u.disabled ? t('settings.enableUser') : t('settings.disableUser')}
                      </button>
                    </td>
                    <td>
                      <button
                        type="button"
                        onClick={() => setReset({ id: u.id, name: u.username, password: '' })}
                      >
                        {t('users.ui.resetPassword')}
                      </button>
                    </td>
                    <td className="muted small">{why ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {reset ? (
            <form
              className="form-grid"
              aria-label={t('users.ui.resetPassword')}
              onSubmit={(e) => {
                e.preventDefault();
                callStore(client, 'users.update', { id: reset.id, password: reset.password })
                  .then(() => {
                    setMsg({ kind: 'ok', text: t('users.ui.passwordReset', { name: reset.name }) });
                    setReset(undefined);
                  })
                  .catch(fail);
              }}
            >
              <TextField
                label={t('users.ui.newPasswordFor', { name: reset.name })}
                hint={t('users.ui.passwordHint', { min: MIN_PASSWORD_LENGTH })}
                type="password"
                autoComplete="new-password"
                required
                autoFocus
                value={reset.password}
                onChange={(password) => setReset({ ...reset, password })}
              />
              <div className="form-grid__actions">
                <button type="submit" className="primary">
                  {t('users.ui.resetPassword')}
                </button>
                <button type="button" onClick={() => setReset(undefined)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          ) : null}
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              callStore(client, 'users.create', form)
                .then(
                  () => (
                    setMsg({
                      kind: 'ok',
                      text: t('settings.userCreated', { name: form.username }),
                    }),
                    load()
                  ),
                )
                .catch((err: unknown) =>
                  setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                );
            }}
          >
            <AccountFields
              value={form}
              onChange={(patch) => setForm({ ...form, ...patch })}
              displayNameRequired
            />
            <label>
              {t('settings.role')}
              <select
                value={form.role}
                onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
              >
                {roleSchema.options.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <SubmitRow label={t('settings.addUser')} />
          </form>
          <SettingsMessage msg={msg} />
        </>
      )}
    </section>
  );
}
