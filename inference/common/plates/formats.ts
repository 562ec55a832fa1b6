/**
 * Plate formats as data. A format is a template of slots — `L` a letter, `D` a digit, `A` either —
 * with literal separators for display (`LLL-DDD` → "ABC-123"). OCR confusions (O/0, I/1, B/8, S/5…)
 * are fixed only where a slot demands the other kind of character, so a real "0" in an
 * alphanumeric slot is never turned into an "O".
 */

export type CountryCode = 'PE' | 'ES' | 'BR' | 'AR' | 'US';
export const COUNTRY_CODES: readonly CountryCode[] = ['PE', 'ES', 'BR', 'AR', 'US'];

export interface PlateFormat {
  id: string;
  country: CountryCode;
  /** Slot template with display separators: L letter, D digit, A alphanumeric; '-' and ' ' are shown as is. */
  template: string;
  /** For free-form formats: template is one `A` slot repeated between these lengths. */
  length?: { min: number; max: number };
  /** For free-form formats: the lengths most plates have (shorter vanity plates exist but are rare). */
  typicalLength?: { min: number; max: number };
  /**
   * Extra cost, in confusion fixes, of choosing this format: rarer formats (old provincial plates)
   * must not win an ambiguous read from the current one.
   */
  rarity?: number;
  /** Letters a letter slot may hold when the country excludes some (Spain: no vowels, Ñ or Q). */
  letters?: string;
  /**
   * Format-wide substitutions applied before slot fixes, for characters the country prints
   * identically (US plates use one glyph for O and 0).
   */
  substitutions?: Record<string, string>;
  /**
   * Physical plate outline: its width relative to the main text line's and its width/height
   * aspect. Used to turn a text line into a plate box (the height follows from the aspect, which
   * is steadier than the text height across fonts and two-line layouts).
   */
  plate: { widthPerText: number; aspect: number };
}

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';

/** What a digit may really be when a letter is required, most likely first (and vice versa). */
export const DIGIT_TO_LETTER: Record<string, string> = {
  '0': 'ODQ',
  '1': 'IL',
  '2': 'Z',
  '4': 'A',
  '5': 'S',
  '6': 'G',
  '7': 'T',
  '8': 'B',
};
export const LETTER_TO_DIGIT: Record<string, string> = {
  O: '0',
  Q: '0',
  D: '0',
  U: '0',
  I: '1',
  L: '1',
  J: '1',
  Z: '2',
  A: '4',
  S: '5',
  G: '6',
  T: '7',
  B: '8',
};

// EU 520×110 mm with the blue band, Peru 520×135 mm, Mercosur 400×130 mm, US 12×6 in.
const EU_PLATE = { widthPerText: 1.15, aspect: 4.7 };
const PE_PLATE = { widthPerText: 1.15, aspect: 3.85 };
const MERCOSUR_PLATE = { widthPerText: 1.15, aspect: 3.08 };
const US_PLATE = { widthPerText: 1.12, aspect: 2.0 };

export const PLATE_FORMATS: readonly PlateFormat[] = [
  // Peru: ABC-123; since 2010 the second character may be a digit (A1B-123).
  { id: 'pe-standard', country: 'PE', template: 'LLL-DDD', plate: PE_PLATE },
  { id: 'pe-digit2', country: 'PE', template: 'LDL-DDD', rarity: 0.5, plate: PE_PLATE },
  // Spain: 1234 BCD since 2000 (consonants only), provincial M-1234-AB before it.
  {
    id: 'es-2000',
    country: 'ES',
    template: 'DDDD LLL',
    letters: 'BCDFGHJKLMNPRSTVWXYZ',
    plate: EU_PLATE,
  },
  { id: 'es-provincial-1', country: 'ES', template: 'L-DDDD-LL', rarity: 2.5, plate: EU_PLATE },
  { id: 'es-provincial-2', country: 'ES', template: 'LL-DDDD-LL', rarity: 2.5, plate: EU_PLATE },
  // Mercosur: Brazil ABC1D23 (and the older ABC-1234), Argentina AB 123 CD (and the older ABC 123).
  { id: 'br-mercosur', country: 'BR', template: 'LLLDLDD', plate: MERCOSUR_PLATE },
  { id: 'br-old', country: 'BR', template: 'LLL-DDDD', rarity: 0.5, plate: MERCOSUR_PLATE },
  { id: 'ar-mercosur', country: 'AR', template: 'LL DDD LL', plate: MERCOSUR_PLATE },
  { id: 'ar-old', country: 'AR', template: 'LLL DDD', rarity: 0.5, plate: MERCOSUR_PLATE },
  // United States: free-form 2–8 characters, state-dependent; O and 0 share a glyph on most states' plates.
  {
    id: 'us-free',
    country: 'US',
    template: 'A',
    length: { min: 2, max: 8 },
    typicalLength: { min: 5, max: 8 },
    substitutions: { O: '0' },
    plate: US_PLATE,
  },
];

export interface CharFix {
  index: number;
  from: string;
  to: string;
}

export interface NormalizedPlate {
  /** Display text with the format's separators ("ABC-123"), or the compact text when nothing matched. */
  text: string;
  /** Characters only, no separators. */
  compact: string;
  formatId?: string;
  country?: CountryCode;
  /** Whether the text fits a known format (after fixes). */
  matched: boolean;
  fixes: CharFix[];
}

/** Uppercase plate characters only: separators, spaces and anything else dropped. */
export function compactPlate(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function slotsOf(format: PlateFormat, length: number): string | undefined {
  if (format.length) {
    return length >= format.length.min && length <= format.length.max
      ? 'A'.repeat(length)
      : undefined;
  }
  const slots = format.template.replace(/[^LDA]/g, '');
  return slots.length === length ? slots : undefined;
}

function applyTemplate(format: PlateFormat, compact: string): string {
  if (format.length) return compact;
  let i = 0;
  let out = '';
  for (const ch of format.template) out += 'LDA'.includes(ch) ? compact[i++] : ch;
  return out;
}

/**
 * Fits `compact` to one format: the fixes needed, or undefined when some character can be neither
 * read as nor corrected to what its slot demands.
 */
export function fitFormat(
  format: PlateFormat,
  compact: string,
): { compact: string; fixes: CharFix[] } | undefined {
  const slots = slotsOf(format, compact.length);
  if (!slots) return undefined;
  const letters = format.letters ?? LETTERS;
  const fixes: CharFix[] = [];
  let out = '';
  for (let i = 0; i < compact.length; i++) {
    let ch = compact[i];
    const sub = format.substitutions?.[ch];
    if (sub) {
      fixes.push({ index: i, from: ch, to: sub });
      ch = sub;
    }
    const slot = slots[i];
    if (slot === 'L' && !letters.includes(ch)) {
      const to = [...(DIGIT_TO_LETTER[ch] ?? '')].find((c) => letters.includes(c));
      if (!to) return undefined;
      fixes.push({ index: i, from: ch, to });
      ch = to;
    } else if (slot === 'D' && !DIGITS.includes(ch)) {
      const to = LETTER_TO_DIGIT[ch];
      if (!to) return undefined;
      fixes.push({ index: i, from: ch, to });
      ch = to;
    }
    out += ch;
  }
  return { compact: out, fixes };
}

export function formatsFor(country?: CountryCode): readonly PlateFormat[] {
  return country ? PLATE_FORMATS.filter((f) => f.country === country) : PLATE_FORMATS;
}

/**
 * Normalises an OCR read to the country's formats: the format needing the fewest confusion fixes
 * (plus its rarity) wins; on a tie a fixed template beats a free-form one (US), then the earlier, more common format.
 * Unmatched text comes back compacted with `matched: false`.
 */
export function normalizePlate(raw: string, country?: CountryCode): NormalizedPlate {
  const compact = compactPlate(raw);
  let best: { format: PlateFormat; compact: string; fixes: CharFix[]; cost: number } | undefined;
  for (const format of formatsFor(country)) {
    const fit = fitFormat(format, compact);
    if (!fit) continue;
    const cost = fit.fixes.length + (format.rarity ?? 0);
    const better =
      !best ||
      cost < best.cost ||
      // On a tie a fixed template is more specific evidence than a free-form one.
      (cost === best.cost && !!best.format.length && !format.length);
    if (better) best = { format, ...fit, cost };
  }
  if (!best) return { text: compact, compact, matched: false, fixes: [] };
  return {
    text: applyTemplate(best.format, best.compact),
    compact: best.compact,
    formatId: best.format.id,
    country: best.format.country,
    matched: true,
    fixes: best.fixes,
  };
}

export function plateFormatById(id: string): PlateFormat | undefined {
  return PLATE_FORMATS.find((f) => f.id === id);
}
