export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** One message in every language, side by side; texts may hold `{name}` placeholders. */
export type Message = { readonly [L in Locale]: string };

/**
 * One area's messages, keyed by dotted key ("area.thing.detail"). Area files declare theirs
 * `as const satisfies Messages`, so the keys and texts stay literal types: the key union and the
 * placeholders of each text are read from them.
 */
export type Messages = Readonly<Record<string, Message>>;

/** A flat one-language view of all messages (what `catalogs.es` is). */
export type Catalog = Readonly<Record<string, string>>;

/** The `{name}` placeholders of a text, as a union of names (`never` when it has none). */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/** Values for placeholders. */
export type Params = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills `{name}` placeholders; unknown placeholders are left visible so a missing param shows. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The placeholder names of a text, sorted and without repeats (for completeness checks). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}
