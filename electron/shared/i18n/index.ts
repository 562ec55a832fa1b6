import { format, type Catalog, type Locale } from './catalog';
import { uiMessages } from './ui';
import { camerasMessages } from './cameras';
import { inferenceMessages } from './inference';
import { rulesMessages } from './rules';
import { sceneTestMessages } from './scene-test';
import { storeMessages } from './store';
import { platesMessages } from './plates';
import { modelsMessages } from './models';
import { appMenuMessages } from './app-menu';

export { LOCALES, type Locale, type Catalog, format } from './catalog';

/**
 * All user-facing text, one file per area so each area owns its messages. The host and workers
 * send codes (`camera.error.unreachable`) plus params; only the UI turns them into words.
 */
const areas = [
  uiMessages,
  camerasMessages,
  inferenceMessages,
  rulesMessages,
  sceneTestMessages,
  storeMessages,
  platesMessages,
  modelsMessages,
  appMenuMessages,
];

export const catalogs: Record<Locale, Catalog> = {
  es: Object.assign({}, ...areas.map((a) => a.es)) as Catalog,
  en: Object.assign({}, ...areas.map((a) => a.en)) as Catalog,
};

/** Spanish first: the product's users are in Peru and Spain. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'es';
}

/** Translate a key; falls back to English, then to the key itself so nothing renders blank. */
export function translate(
  locale: Locale,
  key: string,
  params?: Record<string, string | number>,
): string {
  const text = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  return format(text, params);
}
