import {
  LOCALES,
  format,
  type Catalog,
  type Locale,
  type Params,
  type Placeholders,
} from './catalog';
import { uiMessages } from './ui';
import { reviewMessages } from './review';
import { reportsMessages } from './reports';
import { settingsMessages } from './settings';
import { calibrationMessages } from './calibration';
import { camerasMessages } from './cameras';
import { inferenceMessages } from './inference';
import { rulesMessages } from './rules';
import { sceneTestMessages } from './scene-test';
import { storeMessages } from './store';
import { platesMessages } from './plates';
import { modelsMessages } from './models';
import { appMenuMessages } from './app-menu';
import { mqttMessages } from './mqtt';
import { signalsMessages } from './signals';
import { schedulesMessages } from './schedules';
import { notifyUiMessages } from './notify-ui';
import { notifyMessages } from './notify';
import { metricsMessages } from './metrics';
import { analyticsMessages } from './analytics';
import { analyticsExportsMessages } from './analytics-exports';
import { alarmsMessages } from './alarms';
import { alarmPanelMessages } from './alarm-panel';
import { fleetMessages } from './fleet';
import { apiKeysMessages } from './api-keys';
import { providersMessages } from './providers';
import { streamsMessages } from './streams';
import { auditActionsMessages } from './audit-actions';
import { wallLayoutMessages } from './wall-layout';
import { cameraListMessages } from './camera-list';
import { fleetViewMessages } from './fleet-view';
import { registryMessages } from './registry';
import { safetyMessages } from './safety';
import { accessMessages } from './access';
import { finesMessages } from './fines';
import { plateFormatsMessages } from './plate-formats';
import { modelCompareMessages } from './model-compare';
import { modelLabMessages } from './model-lab';
import { cameraMapMessages } from './camera-map';
import { appearanceMessages } from './appearance';
import { uiPolishMessages } from './ui-polish';
import { plateReviewMessages } from './plate-review';
import { dangerMessages } from './danger';
import { plateOcrImportMessages } from './plate-ocr-import';

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
  review: reviewMessages,
  reports: reportsMessages,
  settings: settingsMessages,
  calibration: calibrationMessages,
  cameras: camerasMessages,
  inference: inferenceMessages,
  rules: rulesMessages,
  sceneTest: sceneTestMessages,
  store: storeMessages,
  plates: platesMessages,
  models: modelsMessages,
  appMenu: appMenuMessages,
  mqtt: mqttMessages,
  signals: signalsMessages,
  schedules: schedulesMessages,
  notifyUi: notifyUiMessages,
  notify: notifyMessages,
  metrics: metricsMessages,
  alarms: alarmsMessages,
  alarmPanel: alarmPanelMessages,
  fleet: fleetMessages,
  apiKeys: apiKeysMessages,
  providers: providersMessages,
  streams: streamsMessages,
  auditActions: auditActionsMessages,
  wallLayout: wallLayoutMessages,
  cameraList: cameraListMessages,
  fleetView: fleetViewMessages,
  registry: registryMessages,
  analytics: analyticsMessages,
  safety: safetyMessages,
  access: accessMessages,
  fines: finesMessages,
  plateFormats: plateFormatsMessages,
  modelCompare: modelCompareMessages,
  modelLab: modelLabMessages,
  cameraMap: cameraMapMessages,
  appearance: appearanceMessages,
  uiPolish: uiPolishMessages,
  plateReview: plateReviewMessages,
  danger: dangerMessages,
  plateOcrImport: plateOcrImportMessages,
  analyticsExports: analyticsExportsMessages,
} as const;

export const messages = {
  ...uiMessages,
  ...reviewMessages,
  ...reportsMessages,
  ...settingsMessages,
  ...calibrationMessages,
  ...camerasMessages,
  ...inferenceMessages,
  ...rulesMessages,
  ...sceneTestMessages,
  ...storeMessages,
  ...platesMessages,
  ...modelsMessages,
  ...appMenuMessages,
  ...mqttMessages,
  ...signalsMessages,
  ...schedulesMessages,
  ...notifyUiMessages,
  ...notifyMessages,
  ...metricsMessages,
  ...alarmsMessages,
  ...alarmPanelMessages,
  ...fleetMessages,
  ...apiKeysMessages,
  ...providersMessages,
  ...streamsMessages,
  ...auditActionsMessages,
  ...wallLayoutMessages,
  ...cameraListMessages,
  ...fleetViewMessages,
  ...registryMessages,
  ...analyticsMessages,
  ...safetyMessages,
  ...accessMessages,
  ...finesMessages,
  ...plateFormatsMessages,
  ...modelCompareMessages,
  ...modelLabMessages,
  ...cameraMapMessages,
  ...appearanceMessages,
  ...uiPolishMessages,
  ...plateReviewMessages,
  ...dangerMessages,
  ...plateOcrImportMessages,
  ...analyticsExportsMessages,
};

type AllMessages = typeof messages;

/** Every message key: calling `t` with anything else does not compile. */
export type MessageKey = keyof AllMessages;

/** The placeholder names of a key, from its texts in every language (`never` when none). */
export type MessageParamNames<K extends MessageKey> = Placeholders<AllMessages[K][Locale]>;

/**
 * The params argument of `t(key, …)`: required with exactly the key's placeholders when it has
 * some, optional otherwise (a key picked from a union takes the placeholders of all its members).
 * A key typed only as `MessageKey` (already checked at run time, or a misspelt literal, whose
 * error then points at the key) takes any params.
 */
export type ParamsArg<K extends MessageKey> = MessageKey extends K
  ? [params?: Params]
  : [MessageParamNames<K>] extends [never]
    ? [params?: Params]
    : [params: Readonly<Record<MessageParamNames<K>, string | number>>];

/** Checks at run time that a string from the wire (an error or reason code) is a message key. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}

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

/** Translate a key; every key has both languages (a unit test checks it), so nothing renders blank. */
export function translate<K extends MessageKey>(
  locale: Locale,
  key: K,
  ...[params]: ParamsArg<K>
): string {
  return format((messages[key] as { readonly [L in Locale]: string })[locale], params);
}

/** `t(key, params)` in one locale, with the key and its params checked by the compiler. */
export type Translator = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;

/** A translator bound to one locale. */
export function translator(locale: Locale): Translator {
  return (key, ...params) => translate(locale, key, ...params);
}

/**
 * Translate a key that is only known at run time as a string (built from data that is not typed
 * as a union: a measurement name, an audit action, a class label): checked against the catalog;
 * when it is not a key, `fallback` is shown instead. This and `translateCode` are the only ways to
 * translate an unchecked string.
 */
export function translateOr(t: Translator, key: string, fallback: string, params?: Params): string {
  if (!isMessageKey(key)) return fallback;
  return (t as (key: MessageKey, params?: Params) => string)(key, params);
}

/** What a code that is not a message key shows: a translated generic message, never the code. */
export const UNKNOWN_CODE_KEY = 'ui.error.unexpected' satisfies MessageKey;

/**
 * Translate a code that arrives over the wire (an error or reason code from the host or a
 * worker): checked against the catalog at run time; an unknown code shows the translated generic
 * message, never the code itself.
 */
export function translateCode(t: Translator, code: string, params?: Params): string {
  return translateOr(t, code, t(UNKNOWN_CODE_KEY), params);
}
