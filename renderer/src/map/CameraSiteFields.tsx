import { MAINTENANCE_STATES } from '../../../electron/shared/config/camera-site';
import { useT } from '../i18n/i18n';
import type { CameraSiteFormValues } from './camera-site-form';

/** The camera form's site section: site, GPS position, heading, mounting notes, maintenance. */
export function CameraSiteFields<F extends CameraSiteFormValues>({
  form,
  setForm,
}: {
  form: F;
  setForm(f: F): void;
}) {
  const t = useT();
  const field = (k: keyof CameraSiteFormValues) => ({
    value: String(form[k] ?? ''),
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  return (
    <fieldset className="form-grid__wide" data-testid="camera-site">
      <legend>{t('site.section')}</legend>
      <label>
        {t('site.name')}
        <input {...field('siteName')} maxLength={120} data-testid="camera-site-name" />
      </label>
      <label>
        {t('site.lat')}
        <input
          inputMode="decimal"
          {...field('lat')}
          placeholder="-12.0464"
          data-testid="camera-lat"
        />
      </label>
      <label>
        {t('site.lon')}
        <input
          inputMode="decimal"
          {...field('lon')}
          placeholder="-77.0428"
          data-testid="camera-lon"
        />
      </label>
      <label>
        {t('site.heading')}
        <input
          inputMode="decimal"
          {...field('heading')}
          placeholder="0–360"
          data-testid="camera-heading"
        />
      </label>
      <label>
        {t('site.maintenance')}
        <select {...field('maintenance')} data-testid="camera-maintenance">
          {MAINTENANCE_STATES.map((m) => (
            <option key={m} value={m}>
              {t(`site.maintenance.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="form-grid__wide">
        {t('site.mountingNotes')}
        <textarea {...field('mountingNotes')} rows={2} maxLength={2000} />
      </label>
    </fieldset>
  );
}
