/** A flat message catalog; values may hold `{name}` placeholders. */
export type Catalog = Record<string, string>;
export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Fills `{name}` placeholders; unknown placeholders are left visible so a missing param shows. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
