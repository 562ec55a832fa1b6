import type { Catalog } from './catalog';

// Messages of the rules area. Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const rulesMessages: { es: Catalog; en: Catalog } = {
  es: {},
  en: {},
};
