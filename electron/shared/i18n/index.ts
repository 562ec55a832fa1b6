import { LOCALES, format, type Catalog, type Locale, type Params } from './catalog';
import { uiMessages } from './ui';
import { camerasMessages } from './cameras';
import { inferenceMessages } from './inference';
import { rulesMessages } from './rules';
import { sceneTestMessages } from './scene-test';
import { storeMessages } from './store';
import { platesMessages } from './plates';
import { modelsMessages } from './models';
import { appMenuMessages } from './app-menu';

export {
  LOCALES,
  type Locale,
  type Catalog,
  type Message,
  type Messages,
  type Params,
  type Placeholders,
  format,
  placeholdersOf,
} from './catalog';

/**
 * All user-facing text, one file per area so each area owns its messages. The host and workers
 * send codes (`camera.error.unreachable`) plus params; only the UI turns them into words.
 * `areas` is kept apart so a test can check that no key is declared by two areas.
 */
export const areas = {
  ui: uiMessages,
  cameras: camerasMessages,
  inference: inferenceMessages,
  rules: rulesMessages,
  sceneTest: sceneTestMessages,
  store: storeMessages,
  plates: platesMessages,
  models: modelsMessages,
  appMenu: appMenuMessages,
} as const;

export const messages = {
  ...uiMessages,
  ...camerasMessages,
  ...inferenceMessages,
  ...rulesMessages,
  ...sceneTestMessages,
  ...storeMessages,
  ...platesMessages,
  ...modelsMessages,
  ...appMenuMessages,
};

/** The one-language view of all messages, for tests and lookups by locale. */
export const catalogs: Record<Locale, Catalog> = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    Object.fromEntries(Object.entries(messages).map(([k, m]) => [k, m[l]])) as Catalog,
  ]),
) as Record<Locale, Catalog>;

/** Spanish first: the product's users are in Peru and Spain. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'es';
}

/** Translate a key; falls back to English, then to the key itself so nothing renders blank. */
export function translate(locale: Locale, key: string, params?: Params): string {
  const text = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  return format(text, params);
}
