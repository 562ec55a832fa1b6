import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import { translateError, useI18n, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import type { LegalCode } from '../../../electron/shared/domain/fine-lifecycle';
import { infractionTypeSchema } from '../../../electron/shared/domain/infraction';
import { formatAmount } from '../review/FinePanel';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { TextField } from './TextField';

type Codes = ApiResult<'fines.codes'>;

const BLANK: LegalCode = {
  id: '',
  country: 'PE',
  infractionType: 'speed',
  code: '',
  descriptionEs: '',
  descriptionEn: '',
  amount: 0,
  currency: 'PEN',
  points: 0,
};

/**
 * Settings → Fines (administrators): the legal-code catalogue per infraction type, with amounts
 * and points, edited one code at a time or replaced by a country preset.
 */
export function FinesSettings() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [data, setData] = useState<Codes>();
  const [form, setForm] = useState<LegalCode>(BLANK);
  const [msg, setMsg] = useState<Msg>();
  const fail = (e: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(e)) });
  const load = useCallback(
    () =>
      callStore(client, 'fines.codes', {})
        .then(setData)
        .catch(() => setData(undefined)),
    [client],
  );
  useEffect(() => void load(), [load]);
  if (!data) return null;
  const typeLabel = (ty: string) => {
    const parsed = infractionTypeSchema.safeParse(ty);
    return parsed.success ? t(`infraction.type.${parsed.data}`) : ty;
  };

  return (
    <section className="card" aria-labelledby="fines-title">
      <h2 id="fines-title">{t('fines.ui.title')}</h2>
      <p className="muted">{t('fines.ui.intro')}</p>
      <div className="form-grid__actions">
        {data.presets.map((p) => (
          <button
            key={p.country}
            type="button"
            title={t('fines.ui.presetConfirm')}
            onClick={() =>
              callStore(client, 'fines.applyPreset', { country: p.country })
                .then((r) => {
                  setMsg({ kind: 'ok', text: t('fines.ui.presetLoaded', { n: r.codes.length }) });
                  return load();
                })
                .catch(fail)
            }
          >
            {t('fines.ui.preset')}: {p.label}
          </button>
        ))}
      </div>
      {data.codes.length === 0 ? (
        <p className="muted">{t('fines.ui.empty')}</p>
      ) : (
        <table className="simple wide" data-testid="legal-codes">
          <thead>
            <tr>
              <th scope="col">{t('fines.ui.type')}</th>
              <th scope="col">{t('fines.ui.code')}</th>
              <th scope="col">{t('fines.ui.descriptionEs')}</th>
              <th scope="col">{t('fines.ui.minExcess')}</th>
              <th scope="col">{t('fines.ui.amount')}</th>
              <th scope="col">{t('fines.ui.points')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.codes.map((c) => (
              <tr key={c.id}>
                <td>{typeLabel(c.infractionType)}</td>
                <td>
                  {c.country} {c.code}
                </td>
                <td>{locale === 'es' ? c.descriptionEs : c.descriptionEn}</td>
                <td>{c.minExcessKmh ?? ''}</td>
                <td>{formatAmount(locale, c.amount, c.currency)}</td>
                <td>{c.points}</td>
                <td>
                  <button type="button" onClick={() => setForm(c)}>
                    {t('fines.ui.edit')}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() =>
                      callStore(client, 'fines.deleteCode', { id: c.id }).then(load).catch(fail)
                    }
                  >
                    {t('fines.ui.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="form-grid"
        aria-label={t('fines.ui.new')}
        onSubmit={(e) => {
          e.preventDefault();
          const id =
            form.id ||
            `${form.country}-${form.infractionType}-${form.code}-${form.minExcessKmh ?? ''}`
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .slice(0, 64);
          callStore(client, 'fines.saveCode', { ...form, id })
            .then((r) => {
              setMsg({ kind: 'ok', text: t('fines.ui.saved', { code: r.code.code }) });
              setForm(BLANK);
              return load();
            })
            .catch(fail);
        }}
      >
        <label>
          {t('fines.ui.type')}
          <select
            value={form.infractionType}
            onChange={(e) => setForm({ ...form, infractionType: e.target.value })}
          >
            {infractionTypeSchema.options.map((ty) => (
              <option key={ty} value={ty}>
                {t(`infraction.type.${ty}`)}
              </option>
            ))}
          </select>
        </label>
        <TextField
          label={t('fines.ui.country')}
          required
          value={form.country}
          onChange={(v) => setForm({ ...form, country: v.toUpperCase() })}
        />
        <TextField
          label={t('fines.ui.code')}
          required
          value={form.code}
          onChange={(v) => setForm({ ...form, code: v })}
        />
        <TextField
          label={t('fines.ui.descriptionEs')}
          required
          value={form.descriptionEs}
          onChange={(v) => setForm({ ...form, descriptionEs: v })}
        />
        <TextField
          label={t('fines.ui.descriptionEn')}
          required
          value={form.descriptionEn}
          onChange={(v) => setForm({ ...form, descriptionEn: v })}
        />
        <TextField
          label={t('fines.ui.amount')}
          type="number"
          min={0}
          step="0.01"
          required
          value={String(form.amount)}
          onChange={(v) => setForm({ ...form, amount: Number(v) })}
        />
        <TextField
          label={t('fines.ui.currency')}
          required
          pattern="[A-Z]{3}"
          value={form.currency}
          onChange={(v) => setForm({ ...form, currency: v.toUpperCase() })}
        />
        <TextField
          label={t('fines.ui.points')}
          type="number"
          min={0}
          step="1"
          value={String(form.points)}
          onChange={(v) => setForm({ ...form, points: Math.round(Number(v)) })}
        />
        <TextField
          label={t('fines.ui.minExcess')}
          type="number"
          min={0}
          value={form.minExcessKmh === undefined ? '' : String(form.minExcessKmh)}
          onChange={(v) => setForm({ ...form, minExcessKmh: v === '' ? undefined : Number(v) })}
        />
        <div className="form-grid__actions">
          <button type="submit" className="primary">
            {t('fines.ui.save')}
          </button>
        </div>
      </form>
      <SettingsMessage msg={msg} />
    </section>
  );
}
