import type { Catalog } from './catalog';

// Messages of the inference area. Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const inferenceMessages: { es: Catalog; en: Catalog } = {
  es: {},
  en: {},
};
