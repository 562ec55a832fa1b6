import type { Catalog } from './catalog';

// Messages of the plates area. Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const platesMessages: { es: Catalog; en: Catalog } = {
  es: {},
  en: {},
};
