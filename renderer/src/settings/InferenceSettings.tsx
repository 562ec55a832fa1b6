import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { translateError, useT } from '../i18n/i18n';
import type { InferenceSettingsView } from '../../../electron/shared/api/methods/inference';
import {
  PROVIDER_CHOICES,
  type ProviderChoice,
} from '../../../electron/shared/protocol/worker-protocol';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { TextField } from './TextField';

interface Form {
  provider: ProviderChoice;
  deviceId: number;
  intraOpThreads: number;
  interOpThreads: number;
}

function toForm(v: InferenceSettingsView): Form {
  return {
    provider: v.stored.provider,
    deviceId: v.stored.deviceId ?? 0,
    intraOpThreads: v.stored.intraOpThreads,
    interOpThreads: v.stored.interOpThreads,
  };
}

/** The numeric fields, in the order shown: each an integer 0–64. */
const NUMBER_FIELDS = ['deviceId', 'intraOpThreads', 'interOpThreads'] as const;

const intOr = (raw: string, fallback: number): number => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 64 ? n : fallback;
};

/**
 * Settings → System: the execution provider, GPU and threads of the live cameras (permission
 * `config`). What each camera actually runs on, and why, shows on its tile and in System.
 */
export function InferenceSettings() {
  const client = useClient();
  const t = useT();
  const [view, setView] = useState<InferenceSettingsView | null>();
  const [form, setForm] = useState<Form>();
  const [msg, setMsg] = useState<Msg>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    client
      .call('inference.settings', {})
      .then((v) => (setView(v), setForm(toForm(v))))
      .catch(() => setView(null));
  }, [client]);

  if (!view || !form) return null;
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const overridden = Object.entries(view.sources)
    .filter(([, s]) => s === 'flag' || s === 'env')
    .map(([field, s]) => `${field}: ${s}`);

  const save = () => {
    setSaving(true);
    client
      .call('inference.saveSettings', form)
      .then((v) => {
        setView(v);
        setForm(toForm(v));
        setMsg({ kind: 'ok', text: t('providers.settings.saved') });
      })
      .catch((err: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }))
      .finally(() => setSaving(false));
  };

  return (
    <section className="card" aria-labelledby="inference-settings-title">
      <h2 id="inference-settings-title">{t('providers.settings.title')}</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <p className="muted">{t('providers.settings.intro')}</p>
        <label>
          {t('providers.settings.provider')}
          <select
            value={form.provider}
            data-testid="inference-provider"
            onChange={(e) => set({ provider: e.target.value as ProviderChoice })}
          >
            {PROVIDER_CHOICES.map((p) => (
              <option key={p} value={p}>
                {t(`providers.settings.option.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {NUMBER_FIELDS.map((k) => (
          <TextField
            key={k}
            label={t(`providers.settings.${k}`)}
            type="number"
            min={0}
            max={64}
            value={String(form[k])}
            onChange={(v) => set({ [k]: intOr(v, form[k]) })}
          />
        ))}
        <p className="muted" data-testid="inference-effective">
          {t('providers.settings.effective', {
            provider: view.effective.provider,
            deviceId: view.effective.deviceId ?? 0,
            threads: view.effective.intraOpThreads,
          })}
        </p>
        {overridden.length ? (
          <p className="muted">
            {t('providers.settings.overridden', { fields: overridden.join(', ') })}
          </p>
        ) : null}
        <div>
          <button type="submit" disabled={saving}>
            {t('providers.settings.save')}
          </button>
        </div>
        <SettingsMessage msg={msg} />
      </form>
    </section>
  );
}
