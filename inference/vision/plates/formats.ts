import type { CountryCode } from '../../../electron/shared/domain/plate-country';

/**
 * Plate formats as data. A format is a template of slots — `L` a letter, `D` a digit, `A` either —
 * with literal separators for display (`LLL-DDD` → "ABC-123"). OCR confusions (O/0, I/1, B/8, S/5…)
 * are fixed only where a slot demands the other kind of character, so a real "0" in an
 * alphanumeric slot is never turned into an "O".
 */

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
/**
 * US letter slots. O is read as 0 (one glyph), and serials mostly avoid it: a 0 in a letter slot
 * is a doubt about the layout (or a D/Q the recogniser took for a 0), not an O.
 */
const US_LETTERS = LETTERS.replace('O', '');

/**
 * Common US passenger and commercial serial layouts, most common first (L letter, D digit).
 * Several states share each; separators vary by state and are not shown.
 */
export const US_SERIAL_LAYOUTS: readonly (readonly [string, string])[] = [
  ['us-1abc234', 'DLLLDDD'], // California
  ['us-abc1234', 'LLLDDDD'], // New York, Pennsylvania, Texas (older), Georgia, Michigan, Ohio, Virginia, North Carolina, Arizona, Washington…
  ['us-abc123', 'LLLDDD'], // many states, older series
  ['us-123abc', 'DDDLLL'], // Minnesota, Kentucky, Oregon, Colorado, Indiana…
  ['us-ab1c2d', 'LLDLDL'], // Missouri
  ['us-ab1c234', 'LLDLDDD'], // Texas
  ['us-1a23456', 'DLDDDDD'], // California commercial
  ['us-1ab234', 'DLLDDD'], // Massachusetts, Tennessee (older)
  ['us-a12bcd', 'LDDLLL'], // New Jersey
  ['us-1ab2345', 'DLLDDDD'], // Maryland
  ['us-ab12345', 'LLDDDDD'], // Illinois
  ['us-1abc23', 'DLLLDD'], // Massachusetts
];

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
  // United States: the serial layouts most states issue (data, not rules: a read that fits one is
  // more likely a plate, and a confusion the recogniser itself doubted is fixed towards it), then
  // free-form 2–8 characters (vanity, older and rarer layouts). O and 0 share one glyph on most
  // states' plates: O is always read as 0.
  ...US_SERIAL_LAYOUTS.map(([id, template]): PlateFormat => ({
    id,
    country: 'US',
    template,
    letters: US_LETTERS,
    substitutions: { O: '0' },
    plate: US_PLATE,
  })),
  {
    id: 'us-free',
    country: 'US',
    template: 'A',
    length: { min: 2, max: 8 },
    typicalLength: { min: 5, max: 8 },
    // A free-form read must beat a serial layout by nearly one confusion fix to be kept as read.
    rarity: 0.9,
    substitutions: { O: '0' },
    plate: US_PLATE,
  },
];

export interface CharFix {
  index: number;
  from: string;
  to: string;
  /**
   * How much of a guess the fix is, in fixes: 1 without evidence; with the recogniser's evidence
   * log10(p(from) / p(to)), so a fix the recogniser found nearly as likely costs little and one
   * it was 100:1 against costs 2.
   */
  cost: number;
}

/**
 * What the recogniser made of each character: probability of every plate character it considered
 * at that position (see `CtcChar.probs`). Aligned with the compact text.
 */
export type CharEvidence = Readonly<Record<string, number>> | undefined;

/** Most a single fix may cost with evidence (100:1 against it). */
const MAX_FIX_COST = 2;

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
 * read as nor corrected to what its slot demands. Without evidence a character is corrected along
 * the confusion tables (0→O, 8→B…); with the recogniser's evidence for the character, to the
 * likeliest character the slot accepts (at least 1 % likely, else along the table at full doubt).
 */
export function fitFormat(
  format: PlateFormat,
  compact: string,
  evidence?: readonly CharEvidence[],
): { compact: string; fixes: CharFix[] } | undefined {
  const slots = slotsOf(format, compact.length);
  if (!slots) return undefined;
  const letters = format.letters ?? LETTERS;
  const withEvidence = evidence?.length === compact.length;
  const fixes: CharFix[] = [];
  let out = '';
  for (let i = 0; i < compact.length; i++) {
    let ch = compact[i];
    const sub = format.substitutions?.[ch];
    if (sub) {
      // Not a doubt about this read: the format reads every such character so.
      fixes.push({ index: i, from: ch, to: sub, cost: 0 });
      ch = sub;
    }
    const slot = slots[i];
    const allowed = slot === 'L' ? letters : slot === 'D' ? DIGITS : undefined;
    if (!allowed || allowed.includes(ch)) {
      out += ch;
      continue;
    }
    const byTable =
      slot === 'L'
        ? [...(DIGIT_TO_LETTER[ch] ?? '')].find((c) => letters.includes(c))
        : LETTER_TO_DIGIT[ch];
    let fix: CharFix | undefined;
    if (withEvidence && evidence[i]) {
      const p = substituted(evidence[i]!, format.substitutions);
      let to: string | undefined;
      for (const c of allowed) if ((p[c] ?? 0) >= 0.01 && (!to || p[c] > p[to])) to = c;
      if (to) {
        const ratio = Math.max(p[ch] ?? 0, p[to]) / p[to];
        fix = { index: i, from: ch, to, cost: Math.min(MAX_FIX_COST, Math.log10(ratio)) };
      } else if (byTable) {
        fix = { index: i, from: ch, to: byTable, cost: MAX_FIX_COST };
      }
    } else if (byTable) {
      fix = { index: i, from: ch, to: byTable, cost: 1 };
    }
    if (!fix) return undefined;
    fixes.push(fix);
    out += fix.to;
  }
  return { compact: out, fixes };
}

/** Evidence with the format's substitutions applied (p(O) counts for 0 where O is read as 0). */
function substituted(
  p: Readonly<Record<string, number>>,
  substitutions: Record<string, string> | undefined,
): Readonly<Record<string, number>> {
  if (!substitutions) return p;
  const out: Record<string, number> = { ...p };
  for (const [from, to] of Object.entries(substitutions)) {
    if (out[from] === undefined) continue;
    out[to] = (out[to] ?? 0) + out[from];
    delete out[from];
  }
  return out;
}

export function formatsFor(country?: CountryCode): readonly PlateFormat[] {
  return country ? PLATE_FORMATS.filter((f) => f.country === country) : PLATE_FORMATS;
}

/**
 * Normalises an OCR read to the country's formats: the format whose confusion fixes cost least
 * (plus its rarity) wins; on a tie a fixed template beats a free-form one (US), then the earlier,
 * more common format. A fix costs 1 without evidence; with the recogniser's per-character
 * evidence (`CtcChar.probs`, aligned with the compact text) it costs what the recogniser doubted
 * it, so a US read whose ambiguous G/6 or D/0 fits a common layout one way is read that way.
 * Unmatched text comes back compacted with `matched: false`.
 */
export function normalizePlate(
  raw: string,
  country?: CountryCode,
  evidence?: readonly CharEvidence[],
): NormalizedPlate {
  const compact = compactPlate(raw);
  let best: { format: PlateFormat; compact: string; fixes: CharFix[]; cost: number } | undefined;
  for (const format of formatsFor(country)) {
    const fit = fitFormat(format, compact, evidence);
    if (!fit) continue;
    const cost = fixCost(fit.fixes) + (format.rarity ?? 0);
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

/** Total doubt of a list of fixes, in fixes (substitutions cost nothing). */
export function fixCost(fixes: readonly CharFix[]): number {
  return fixes.reduce((sum, f) => sum + f.cost, 0);
}

export function plateFormatById(id: string): PlateFormat | undefined {
  return PLATE_FORMATS.find((f) => f.id === id);
}
