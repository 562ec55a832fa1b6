import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode, isUnavailable } from '../api/optional';
import { translateCode, translateError, useT } from '../i18n/i18n';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { TextField } from './TextField';

/** The shared PostgreSQL server: connection string, test and save (absent without a store). */
export function DatabaseSettings() {
  const client = useClient();
  const t = useT();
  const [available, setAvailable] = useState<boolean>();
  const [conn, setConn] = useState('');
  const [msg, setMsg] = useState<Msg>();

  useEffect(() => {
    callStore(client, 'sync.status', {})
      .then((s) => (setAvailable(true), setConn(s.server ?? '')))
      .catch((e: unknown) => setAvailable(!isUnavailable(e)));
  }, [client]);

  const cfg = () => ({ connectionString: conn, tls: false, enabled: true });
  return (
    <section className="card" aria-labelledby="db-title">
      <h2 id="db-title">{t('settings.database')}</h2>
      {available === false ? (
        <p className="muted">{t('settings.databaseUnavailable')}</p>
      ) : (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            callStore(client, 'sync.configure', cfg())
              .then((r) => setMsg({ kind: 'ok', text: t(`system.syncState.${r.status.state}`) }))
              .catch((err: unknown) =>
                setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
              );
          }}
        >
          <TextField
            label={t('settings.connectionString')}
            placeholder="postgres://watcher:•••@db:5432/watcher"
            autoComplete="off"
            value={conn}
            onChange={setConn}
          />
          <div className="form-grid__actions">
            <button
              type="button"
              onClick={() =>
                callStore(client, 'sync.test', cfg())
                  .then((r) =>
                    setMsg(
                      r.ok
                        ? {
                            kind: 'ok',
                            text: t('settings.dbOk', { version: r.serverVersion ?? '?' }),
                          }
                        : {
                            kind: 'error',
                            text: r.errorCode ? translateCode(t, r.errorCode) : (r.error ?? ''),
                          },
                    ),
                  )
                  .catch((err: unknown) =>
                    setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                  )
              }
            >
              {t('settings.test')}
            </button>
            <button type="submit" className="primary">
              {t('settings.save')}
            </button>
          </div>
          <SettingsMessage msg={msg} />
        </form>
      )}
    </section>
  );
}
