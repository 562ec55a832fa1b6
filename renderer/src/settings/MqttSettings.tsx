import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode, isUnavailable } from '../api/optional';
import { translateCode, translateError, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import {
  brokerUrlProblem,
  type MqttSettings as Settings,
  type MqttStatus,
} from '../../../electron/shared/api/methods/mqtt';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { SubmitRow } from './SubmitRow';
import { TextField } from './TextField';
import { CheckField } from './CheckField';

interface Form {
  enabled: boolean;
  url: string;
  username: string;
  password: string;
  removePassword: boolean;
  caPem: string;
  rejectUnauthorized: boolean;
  clientId: string;
  topicPrefix: string;
  qos: 0 | 1 | 2;
}

function toForm(s: Settings): Form {
  return {
    enabled: s.enabled,
    url: s.url,
    username: s.username ?? '',
    password: '',
    removePassword: false,
    caPem: s.tls.caPem ?? '',
    rejectUnauthorized: s.tls.rejectUnauthorized,
    clientId: s.clientId,
    topicPrefix: s.topicPrefix,
    qos: s.qos,
  };
}

/** Settings → MQTT (administrators): the broker, its credentials and TLS, and the live status. */
export function MqttSettings() {
  const client = useClient();
  const t = useT();
  const { auth, user } = useSession();
  const isAdmin = auth === 'none' || user?.role === 'admin';
  const [settings, setSettings] = useState<Settings | null>();
  const [form, setForm] = useState<Form>();
  const [status, setStatus] = useState<MqttStatus>();
  const [msg, setMsg] = useState<Msg>();

  useEffect(() => {
    if (!isAdmin) return;
    callStore(client, 'mqtt.settings', {})
      .then((r) => (setSettings(r.settings), setForm(toForm(r.settings))))
      .catch((e: unknown) => setSettings(isUnavailable(e) ? null : undefined));
  }, [client, isAdmin]);

  const poll = useCallback(
    () =>
      callStore(client, 'mqtt.status', {})
        .then(setStatus)
        .catch(() => undefined),
    [client],
  );
  useEffect(() => {
    if (!isAdmin || !settings) return;
    void poll();
    const timer = setInterval(() => void poll(), 2000);
    return () => clearInterval(timer);
  }, [isAdmin, settings, poll]);

  if (!isAdmin) return null;
  const set = (patch: Partial<Form>) => form && setForm({ ...form, ...patch });

  const save = () => {
    if (!form) return;
    const problem = form.url ? brokerUrlProblem(form.url) : undefined;
    if (problem) return setMsg({ kind: 'error', text: translateCode(t, problem) });
    if (form.enabled && !form.url)
      return setMsg({ kind: 'error', text: t('mqtt.error.urlRequired') });
    callStore(client, 'mqtt.saveSettings', {
      enabled: form.enabled,
      url: form.url,
      username: form.username || undefined,
      password: form.removePassword ? '' : form.password || undefined,
      tls: { caPem: form.caPem || undefined, rejectUnauthorized: form.rejectUnauthorized },
      clientId: form.clientId || undefined,
      topicPrefix: form.topicPrefix,
      qos: form.qos,
    })
      .then((r) => {
        setSettings(r.settings);
        setForm(toForm(r.settings));
        setMsg({ kind: 'ok', text: t('mqtt.saved') });
        void poll();
      })
      .catch((err: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }));
  };

  const state = !status?.enabled
    ? t('mqtt.state.disabled')
    : status.connected
      ? t('mqtt.state.connected')
      : t('mqtt.state.disconnected');
  return (
    <section className="card" aria-labelledby="mqtt-title">
      <h2 id="mqtt-title">{t('mqtt.title')}</h2>
      {settings === null ? (
        <p className="muted">{t('mqtt.unavailable')}</p>
      ) : !form ? null : (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <p className="muted">{t('mqtt.intro')}</p>
          {settings?.source === 'env' && <p className="muted">{t('mqtt.envOverride')}</p>}
          <CheckField
            className="check"
            label={t('mqtt.enabled')}
            checked={form.enabled}
            onChange={(on) => set({ enabled: on })}
          />
          <TextField
            label={t('mqtt.url')}
            placeholder="mqtt://broker.local:1883"
            autoComplete="off"
            value={form.url}
            onChange={(url) => set({ url })}
          />
          <TextField
            label={t('mqtt.username')}
            autoComplete="off"
            value={form.username}
            onChange={(username) => set({ username })}
          />
          <TextField
            label={t('mqtt.password')}
            type="password"
            autoComplete="new-password"
            placeholder={settings?.hasPassword ? t('mqtt.passwordStored') : ''}
            value={form.password}
            onChange={(password) => set({ password })}
          />
          {settings?.hasPassword && (
            <CheckField
              className="check"
              label={t('mqtt.removePassword')}
              checked={form.removePassword}
              onChange={(on) => set({ removePassword: on })}
            />
          )}
          <label>
            {t('mqtt.caPem')}
            <textarea
              rows={3}
              value={form.caPem}
              placeholder="-----BEGIN CERTIFICATE-----"
              onChange={(e) => set({ caPem: e.target.value })}
            />
          </label>
          <CheckField
            className="check"
            label={t('mqtt.rejectUnauthorized')}
            checked={form.rejectUnauthorized}
            onChange={(on) => set({ rejectUnauthorized: on })}
          />
          {!form.rejectUnauthorized && (
            <p role="note" className="error" data-testid="mqtt-insecure">
              {t('mqtt.insecure')}
            </p>
          )}
          <TextField
            label={t('mqtt.clientId')}
            autoComplete="off"
            value={form.clientId}
            onChange={(clientId) => set({ clientId })}
          />
          <TextField
            label={t('mqtt.topicPrefix')}
            autoComplete="off"
            value={form.topicPrefix}
            onChange={(topicPrefix) => set({ topicPrefix })}
          />
          <label>
            {t('mqtt.qos')}
            <select
              value={form.qos}
              onChange={(e) => set({ qos: Number(e.target.value) as 0 | 1 | 2 })}
            >
              <option value={0}>0</option>
              <option value={1}>1</option>
              <option value={2}>2</option>
            </select>
          </label>
          <SubmitRow label={t('mqtt.save')} />
          <SettingsMessage msg={msg} />
          {status && (
            <div aria-live="polite">
              <p>
                <strong>{state}</strong> ·{' '}
                {t('mqtt.counters', {
                  published: status.published,
                  queued: status.queued,
                  dropped: status.dropped,
                })}
              </p>
              {status.enabled && status.lastError && (
                <p role="alert" className="error">
                  {t('mqtt.lastError', {
                    error: `${status.lastErrorCode ? translateCode(t, status.lastErrorCode) : ''} (${status.lastError})`,
                  })}
                </p>
              )}
            </div>
          )}
        </form>
      )}
    </section>
  );
}
