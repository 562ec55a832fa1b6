import { useState, type FormEvent } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import { useSession } from '../state/session-store';
import { translateError, useT } from '../i18n/i18n';
import { LanguageSelect } from '../i18n/LanguageSelect';
import { AccountFields } from './AccountFields';
import { TextField } from './TextField';

/** First start of a host with a user store: choose the language and create the administrator. */
export function FirstRun() {
  const client = useClient();
  const t = useT();
  const setUser = useSession((s) => s.setUser);
  const [form, setForm] = useState({
    username: 'admin',
    displayName: '',
    password: '',
    confirm: '',
  });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.password !== form.confirm) return setError(t('firstRun.mismatch'));
    if (form.password.length < 8) return setError(t('firstRun.short'));
    setBusy(true);
    callStore(client, 'auth.createFirstAdmin', {
      username: form.username,
      password: form.password,
      displayName: form.displayName || form.username,
    })
      .then((r) => setUser(r.user))
      .catch((err: unknown) => setError(translateError(t, errorCode(err))))
      .finally(() => setBusy(false));
  };

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t('firstRun.title')}</h2>
      <p className="muted">{t('firstRun.intro')}</p>
      <LanguageSelect />
      <AccountFields
        value={form}
        onChange={(patch) => setForm({ ...form, ...patch })}
        usernameAutoComplete="username"
      />
      <TextField
        label={t('firstRun.confirm')}
        required
        type="password"
        autoComplete="new-password"
        value={form.confirm}
        onChange={(v) => setForm({ ...form, confirm: v })}
      />
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('firstRun.create')}
      </button>
    </form>
  );
}

export function Login() {
  const client = useClient();
  const t = useT();
  const setUser = useSession((s) => s.setUser);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    callStore(client, 'auth.login', { username, password })
      .then((r) => setUser(r.user))
      .catch((err: unknown) => setError(translateError(t, errorCode(err))));
  };

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="login-title">
      <h2 id="login-title">{t('auth.title')}</h2>
      <TextField
        label={t('auth.username')}
        required
        autoFocus
        autoComplete="username"
        value={username}
        onChange={setUsername}
      />
      <TextField
        label={t('auth.password')}
        required
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary">
        {t('auth.login')}
      </button>
    </form>
  );
}
