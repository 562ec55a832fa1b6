import { create } from 'zustand';
import {
  pickLocale,
  translateOr,
  translator,
  type Locale,
  type Params,
  type Translator,
} from '../../../electron/shared/i18n';

export {
  translateCode,
  translateOr,
  isMessageKey,
  type MessageKey,
  type Translator,
} from '../../../electron/shared/i18n';

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

// `<html lang>` follows the locale from the first paint, not only after a change in the menu.
document.documentElement.lang = useI18n.getState().locale;

/** The renderer's `t`: keys and params are checked by the compiler (see electron/shared/i18n). */
export type Translate = Translator;

const translators = new Map<Locale, Translate>();

/** `t('wall.title')` in the current locale; stable per locale, so it is safe in effect deps. */
export function useT(): Translate {
  const locale = useI18n((s) => s.locale);
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = translator(locale)));
  return t;
}

export const intlTag = (locale: Locale) => (locale === 'es' ? 'es-PE' : 'en-US');

// Intl formatters are costly to build and the wall formats numbers on every frame: cache them.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatNumber(locale: Locale, n: number, digits = 1): string {
  const key = `${locale}:${digits}`;
  let f = numberFormats.get(key);
  if (!f)
    numberFormats.set(
      key,
      (f = new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: digits })),
    );
  return f.format(n);
}

export function formatDateTime(
  locale: Locale,
  epochMs: number,
  style: 'time' | 'datetime' | 'date' = 'datetime',
): string {
  const key = `${locale}:${style}`;
  let f = dateFormats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      style === 'time'
        ? { timeStyle: 'medium' }
        : style === 'date'
          ? { dateStyle: 'medium' }
          : { dateStyle: 'short', timeStyle: 'medium' };
    // A control room reads a 24-hour clock; es-PE would otherwise write 6:14 p. m.
    if (locale === 'es') opts.hourCycle = 'h23';
    dateFormats.set(key, (f = new Intl.DateTimeFormat(intlTag(locale), opts)));
  }
  return f.format(epochMs);
}

/** Speeds in the operator's units: km/h with localised decimals. */
export function formatSpeed(locale: Locale, kmh: number): string {
  return `${formatNumber(locale, kmh, 1)} km/h`;
}

/** Translates an error code from the host, falling back to its English message when unknown. */
export function translateError(
  t: Translate,
  e: { code: string; params?: Params; message: string },
): string {
  return translateOr(t, e.code, e.message, e.params);
}
