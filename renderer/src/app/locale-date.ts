/**
 * Dates typed and shown in the operator's locale (es: 31/12/2026 18:30; en: 12/31/2026 18:30),
 * whatever the browser's own locale is: Chromium's native date inputs follow the machine's
 * language, not the one chosen in Watcher. Values travel as the native inputs' strings
 * (`2026-12-31`, `2026-12-31T18:30`, `18:30`), so the views' filters keep their shape.
 */
export type DateFieldKind = 'date' | 'datetime' | 'time';

type Part = 'day' | 'month' | 'year';

/** The order of day, month and year and the separator the locale writes dates with. */
export function dateOrder(intlLocale: string): { order: Part[]; sep: string } {
  const parts = new Intl.DateTimeFormat(intlLocale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(new Date(2026, 11, 31));
  const order = parts
    .filter((p): p is Intl.DateTimeFormatPart & { type: Part } =>
      ['day', 'month', 'year'].includes(p.type),
    )
    .map((p) => p.type);
  const sep = parts.find((p) => p.type === 'literal')?.value.trim() || '/';
  return { order, sep };
}

/** What the field's placeholder shows, with the letters the language uses (aaaa in Spanish). */
export function datePlaceholder(
  intlLocale: string,
  kind: DateFieldKind,
  letters: Record<Part | 'hour' | 'minute', string>,
): string {
  const { order, sep } = dateOrder(intlLocale);
  const date = order.map((p) => letters[p]).join(sep);
  const time = `${letters.hour}:${letters.minute}`;
  return kind === 'date' ? date : kind === 'time' ? time : `${date} ${time}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The native value (`2026-12-31T18:30`) written in the locale's order; '' for ''. */
export function formatDateField(value: string, intlLocale: string, kind: DateFieldKind): string {
  if (!value) return '';
  if (kind === 'time') return value.slice(0, 5);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
  if (!m) return value;
  const { order, sep } = dateOrder(intlLocale);
  const byPart: Record<Part, string> = { year: m[1], month: m[2], day: m[3] };
  const date = order.map((p) => byPart[p]).join(sep);
  return kind === 'date' ? date : `${date} ${m[4] ?? '00'}:${m[5] ?? '00'}`;
}

/**
 * What the operator typed as the native value; undefined when it is not a real date or time in
 * the locale's order (31/02 is refused, not rolled into March). Hours are 24 h; a date-and-time
 * field takes a date alone as its midnight.
 */
export function parseDateField(
  text: string,
  intlLocale: string,
  kind: DateFieldKind,
): string | undefined {
  const s = text.trim();
  const time = (h: string, mi: string) => {
    const hh = Number(h);
    const mm = Number(mi);
    return hh <= 23 && mm <= 59 ? `${pad(hh)}:${pad(mm)}` : undefined;
  };
  if (kind === 'time') {
    const m = /^(\d{1,2})[:.h](\d{2})$/.exec(s);
    return m ? time(m[1], m[2]) : undefined;
  }
  const m = /^(\d{1,4})\D(\d{1,2})\D(\d{1,4})(?:[\s,T]+(\d{1,2})[:.h](\d{2}))?$/.exec(s);
  if (!m || (kind === 'date' && m[4] !== undefined)) return undefined;
  const { order } = dateOrder(intlLocale);
  const got: Record<Part, number> = { day: 0, month: 0, year: 0 };
  order.forEach((p, i) => (got[p] = Number(m[i + 1])));
  // An ISO date (2026-12-31) is understood in every locale: people paste them.
  if (m[1].length === 4) Object.assign(got, { year: +m[1], month: +m[2], day: +m[3] });
  if (got.year < 1000) return undefined;
  const d = new Date(got.year, got.month - 1, got.day);
  if (d.getFullYear() !== got.year || d.getMonth() !== got.month - 1 || d.getDate() !== got.day)
    return undefined;
  const iso = `${pad(got.year, 4)}-${pad(got.month)}-${pad(got.day)}`;
  if (kind === 'date') return iso;
  const hm = m[4] !== undefined ? time(m[4], m[5]) : '00:00';
  return hm ? `${iso}T${hm}` : undefined;
}
