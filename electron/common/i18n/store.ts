import type { Catalog } from './catalog';

// Messages of the store area. Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const storeMessages: { es: Catalog; en: Catalog } = {
  es: {},
  en: {},
};
