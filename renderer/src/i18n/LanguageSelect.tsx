import { useI18n, useT } from './i18n';
import { LOCALES, type Locale } from '../../../electron/shared/i18n';

/** The labelled interface-language picker. */
export function LanguageSelect({ className }: { className?: string }) {
  const t = useT();
  const { locale, setLocale } = useI18n();
  return (
    <label className={className}>
      {t('app.language')}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {l === 'es' ? 'Español' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );
}
