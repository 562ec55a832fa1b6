import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import { formatDateTime, translateError, useI18n, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import {
  apiKeyScopeSchema,
  DEFAULT_RATE_PER_MINUTE,
  type ApiKeyInfo,
  type ApiKeyScope,
} from '../../../electron/shared/api/methods/api-keys';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { SubmitRow } from './SubmitRow';
import { TextField } from './TextField';

const SCOPE_LABEL = {
  'infractions:read': 'apikeys.scope.infractions-read',
  'infractions:decide': 'apikeys.scope.infractions-decide',
  'evidence:read': 'apikeys.scope.evidence-read',
  'cameras:read': 'apikeys.scope.cameras-read',
  'signals:write': 'apikeys.scope.signals-write',
  'frames:write': 'apikeys.scope.frames-write',
  'alarms:read': 'apikeys.scope.alarms-read',
} as const satisfies Record<ApiKeyScope, string>;

/**
 * Settings → API keys (administrators): the keys with their scopes, expiry, last use and state;
 * a form that creates one and shows the key once, with a copy button; revoke with confirmation.
 */
export function ApiKeysSettings() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const { auth, user } = useSession();
  const isAdmin = auth === 'none' || user?.role === 'admin';
  const [keys, setKeys] = useState<ApiKeyInfo[] | null>();
  const [form, setForm] = useState({
    name: '',
    scopes: [] as ApiKeyScope[],
    expiresDays: '',
    rate: String(DEFAULT_RATE_PER_MINUTE),
  });
  const [created, setCreated] = useState<{ key: string; copied: boolean }>();
  const [msg, setMsg] = useState<Msg>();
  /** When the list was loaded: what "expired" is judged against. */
  const [loadedAt, setLoadedAt] = useState(0);
  const load = useCallback(
    () =>
      callStore(client, 'apikeys.list', {})
        .then((r) => {
          setKeys(r.keys);
          setLoadedAt(Date.now());
        })
        .catch(() => setKeys(null)),
    [client],
  );
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);
  if (!isAdmin) return null;

  const fail = (err: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(err)) });
  const when = (ms: number | undefined) =>
    ms === undefined ? t('apikeys.ui.never') : formatDateTime(locale, ms);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.scopes.length === 0) return setMsg({ kind: 'error', text: t('apikeys.ui.needScope') });
    const name = form.name.trim();
    callStore(client, 'apikeys.create', {
      name,
      scopes: form.scopes,
      ratePerMinute: Number(form.rate) || DEFAULT_RATE_PER_MINUTE,
      ...(form.expiresDays.trim() ? { expiresInDays: Number(form.expiresDays) } : {}),
    })
      .then((r) => {
        setCreated({ key: r.key, copied: false });
        setMsg({ kind: 'ok', text: t('apikeys.ui.created', { name }) });
        setForm({ ...form, name: '', scopes: [] });
        return load();
      })
      .catch(fail);
  };

  const revoke = (k: ApiKeyInfo) => {
    if (!window.confirm(t('apikeys.ui.revoke.confirm', { name: k.name }))) return;
    callStore(client, 'apikeys.revoke', { id: k.id })
      .then(() => {
        setMsg({ kind: 'ok', text: t('apikeys.ui.revoked', { name: k.name }) });
        return load();
      })
      .catch(fail);
  };

  const stateOf = (k: ApiKeyInfo) =>
    k.revokedAt !== undefined
      ? t('apikeys.ui.state.revoked', { by: k.revokedBy ?? '' })
      : k.expiresAt !== undefined && k.expiresAt <= loadedAt
        ? t('apikeys.ui.state.expired')
        : t('apikeys.ui.state.active');

  return (
    <section className="card" aria-labelledby="apikeys-title">
      <h2 id="apikeys-title">{t('apikeys.ui.title')}</h2>
      <p className="muted">{t('apikeys.ui.intro')}</p>
      {keys === null ? (
        <p className="muted">{t('apikeys.ui.unavailable')}</p>
      ) : (
        <>
          {keys && keys.length === 0 ? (
            <p className="muted">{t('apikeys.ui.none')}</p>
          ) : (
            <table className="simple wide">
              <caption className="sr-only">{t('apikeys.ui.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('apikeys.ui.col.name')}</th>
                  <th scope="col">{t('apikeys.ui.col.id')}</th>
                  <th scope="col">{t('apikeys.ui.col.scopes')}</th>
                  <th scope="col">{t('apikeys.ui.col.rate')}</th>
                  <th scope="col">{t('apikeys.ui.col.expires')}</th>
                  <th scope="col">{t('apikeys.ui.col.lastUsed')}</th>
                  <th scope="col">{t('apikeys.ui.col.state')}</th>
                  <th scope="col">{t('apikeys.ui.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {(keys ?? []).map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.id}</code>
                    </td>
                    <td>{k.scopes.map((s) => t(SCOPE_LABEL[s])).join(', ')}</td>
                    <td>{t('apikeys.ui.ratePerMinute', { n: k.ratePerMinute })}</td>
                    <td>{when(k.expiresAt)}</td>
                    <td>{when(k.lastUsedAt)}</td>
                    <td>{stateOf(k)}</td>
                    <td>
                      {k.revokedAt === undefined && (
                        <button type="button" onClick={() => revoke(k)}>
                          {t('apikeys.ui.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {created && (
            <div role="status" className="apikeys__created">
              <label>
                {t('apikeys.ui.newKeyLabel')}
                <input readOnly value={created.key} onFocus={(e) => e.target.select()} />
              </label>
              <button
                type="button"
                onClick={() =>
                  void navigator.clipboard
                    ?.writeText(created.key)
                    .then(() => setCreated({ ...created, copied: true }))
                }
              >
                {created.copied ? t('apikeys.ui.copied') : t('apikeys.ui.copy')}
              </button>
              <button type="button" onClick={() => setCreated(undefined)}>
                {t('apikeys.ui.dismiss')}
              </button>
            </div>
          )}
          <form className="form-grid" onSubmit={submit}>
            <label>
              {t('apikeys.ui.name')}
              <input
                required
                maxLength={80}
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
            </label>
            <fieldset className="apikeys__scopes">
              <legend>{t('apikeys.ui.scopes')}</legend>
              {apiKeyScopeSchema.options.map((s) => (
                <label key={s} className="check">
                  <input
                    type="checkbox"
                    checked={form.scopes.includes(s)}
                    onChange={(e) =>
                      setForm({
                        ...form,
                        scopes: e.target.checked
                          ? [...form.scopes, s]
                          : form.scopes.filter((x) => x !== s),
                      })
                    }
                  />
                  {t(SCOPE_LABEL[s])} <code>{s}</code>
                </label>
              ))}
            </fieldset>
            <TextField
              label={t('apikeys.ui.expiresDays')}
              type="number"
              min={1}
              max={3650}
              value={form.expiresDays}
              onChange={(expiresDays) => setForm({ ...form, expiresDays })}
            />
            <TextField
              label={t('apikeys.ui.rate')}
              type="number"
              min={1}
              required
              value={form.rate}
              onChange={(rate) => setForm({ ...form, rate })}
            />
            <SubmitRow label={t('apikeys.ui.create')} />
          </form>
          <SettingsMessage msg={msg} />
        </>
      )}
    </section>
  );
}
