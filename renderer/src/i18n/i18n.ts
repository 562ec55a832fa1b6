import { create } from 'zustand';
import { pickLocale, translate, type Locale } from '../../../electron/common/i18n';

interface I18nState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const stored = (): string[] => {
  try {
    const v = localStorage.getItem('watcher.locale');
    return v ? [v] : [];
  } catch {
    return [];
  }
};

export const useI18n = create<I18nState>((set) => ({
  locale: pickLocale([...stored(), ...navigator.languages]),
  setLocale: (locale) => {
    try {
      localStorage.setItem('watcher.locale', locale);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = locale;
    set({ locale });
  },
}));

/** `t('wall.title')` in the current locale; components re-render when the locale changes. */
export function useT(): (key: string, params?: Record<string, string | number>) => string {
  const locale = useI18n((s) => s.locale);
  return (key, params) => translate(locale, key, params);
}

export function formatNumber(locale: Locale, n: number, digits = 1): string {
  return new Intl.NumberFormat(locale === 'es' ? 'es-PE' : 'en-US', { maximumFractionDigits: digits }).format(n);
}
