import { bestPathLogProb, decodeInSlots, substitutedFrames } from './constrained-ctc';
import { PLATE_ALPHABET, type CtcChar, type CtcFrames } from './ctc';
import {
  PLATE_AUTO,
  type CountryCode,
  type PlateCountries,
} from '../../../electron/shared/domain/plate-country';

/**
 * Plate formats as data. A format is a template of slots — `L` a letter, `D` a digit, `A` either —
 * with literal separators for display (`LLL-DDD` → "ABC-123"). OCR confusions (O/0, I/1, B/8, S/5…)
 * are fixed only where a slot demands the other kind of character, so a real "0" in an
 * alphanumeric slot is never turned into an "O".
 */

export interface PlateFormat {
  id: string;
  country: CountryCode;
  /**
   * Slot template with display separators. Slots: `L` a letter (of `letters`), `D` a digit, `A`
   * either, `[XYZ]` one of the listed characters (a special series: Spain's trailer `R`, Germany's
   * electric `E`); a slot may repeat, `L{1,3}` (one to three letters) or `[EH]?` (optional).
   * Anything else ('-', ' ') is a separator, shown as is.
   */
  template: string;
  /** For free-form formats: template is one `A` slot repeated between these lengths. */
  length?: { min: number; max: number };
  /** Most characters a template with repeated slots may have in all (Germany: 8). */
  maxChars?: number;
  /** For free-form formats: the lengths most plates have (shorter vanity plates exist but are rare). */
  typicalLength?: { min: number; max: number };
  /**
   * Extra cost, in confusion fixes, of choosing this format: rarer formats (old provincial plates)
   * and permissive ones (variable-length layouts that many misreads fit) must not win an
   * ambiguous read from a current, specific one.
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
  /** Whether plates of this format are printed on two rows (motorcycles): read as one plate. */
  twoRow?: boolean;
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

/**
 * What a letter a country does not issue may really be, in a letter slot (Spain has no vowels:
 * an O read there is a D or a Q, an I a J or an L…).
 */
export const LETTER_TO_LETTER: Record<string, string> = {
  O: 'DQC',
  Q: 'OD',
  I: 'JLT',
  U: 'VJ',
  E: 'FB',
  A: 'R',
  W: 'VM',
  Y: 'VX',
  K: 'X',
  M: 'N',
  N: 'M',
};

// EU 520×110 mm with the blue band, Peru 520×135 mm, Mercosur 400×130 mm, US 12×6 in, Chile
// 360×130 mm, Colombia 330×160 mm, Mexico 300×150 mm, two-row motorcycle plates about 1.5:1.
const EU_PLATE = { widthPerText: 1.15, aspect: 4.7 };
const PE_PLATE = { widthPerText: 1.15, aspect: 3.85 };
const MERCOSUR_PLATE = { widthPerText: 1.15, aspect: 3.08 };
const US_PLATE = { widthPerText: 1.12, aspect: 2.0 };
const CL_PLATE = { widthPerText: 1.15, aspect: 2.8 };
const CO_PLATE = { widthPerText: 1.12, aspect: 2.06 };
const AR_OLD_PLATE = { widthPerText: 1.12, aspect: 2.28 };
const MOTO_PLATE = { widthPerText: 1.1, aspect: 1.5 };
/**
 * US letter slots. O is read as 0 (one glyph), and serials mostly avoid it: a 0 in a letter slot
 * is a doubt about the layout (or a D/Q the recogniser took for a 0), not an O.
 */
const US_LETTERS = LETTERS.replace('O', '');
/** Letters without the given ones. */
const lettersBut = (excluded: string) => [...LETTERS].filter((c) => !excluded.includes(c)).join('');
/** Spain since 2000, Chile, the Netherlands: consonants only (and fewer of them). */
const ES_LETTERS = 'BCDFGHJKLMNPRSTVWXYZ';
const CL_LETTERS = 'BCDFGHJKLPRSTVWXYZ';
const NL_LETTERS = 'BDFGHJKLMNPRSTVXZ';
/** Poland's serial part leaves out letters that look like digits (B 8, D 0, I 1, O 0, Z 2). */
const PL_SERIAL = '[ACEFGHJKLMNPRSTUVWXY]';

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

/** Poland: 2-letter districts take 5 serial characters, 3-letter districts 4, in these patterns. */
const PL_TWO = [
  'DDDDD',
  `DDDD${PL_SERIAL}`,
  `DDD${PL_SERIAL}${PL_SERIAL}`,
  `D${PL_SERIAL}DDD`,
  `D${PL_SERIAL}${PL_SERIAL}DD`,
];
const PL_THREE = [
  `${PL_SERIAL}DDD`,
  `DD${PL_SERIAL}${PL_SERIAL}`,
  `D${PL_SERIAL}DD`,
  `DD${PL_SERIAL}D`,
  `D${PL_SERIAL}${PL_SERIAL}D`,
  `${PL_SERIAL}DD${PL_SERIAL}`,
  `${PL_SERIAL}${PL_SERIAL}DD`,
];

/** The Netherlands' six-character side codes still on the road (1951 to today). */
const NL_SIDECODES: readonly (readonly [string, string, number])[] = [
  ['nl-sidecode-4', 'LL-DD-LL', 0.5],
  ['nl-sidecode-5', 'LL-LL-DD', 0.5],
  ['nl-sidecode-6', 'DD-LL-LL', 0.5],
  ['nl-sidecode-7', 'DD-LLL-D', 0],
  ['nl-sidecode-8', 'D-LLL-DD', 0],
  ['nl-sidecode-9', 'LL-DDD-L', 0],
  ['nl-sidecode-10', 'L-DDD-LL', 0],
  ['nl-sidecode-11', 'LLL-DD-L', 0],
  ['nl-sidecode-12', 'L-DD-LLL', 0],
  ['nl-sidecode-13', 'D-LL-DDD', 0],
  ['nl-sidecode-14', 'DDD-LL-D', 0],
  ['nl-sidecode-1', 'LL-DD-DD', 1],
  ['nl-sidecode-2', 'DD-DD-LL', 1],
  ['nl-sidecode-3', 'DD-LL-DD', 1],
];

export const PLATE_FORMATS: readonly PlateFormat[] = [
  // Peru: ABC-123; since 2010 the second character may be a digit (A1B-123). Before 2010 AB-1234;
  // motorcycles 1234-AB on two rows.
  { id: 'pe-standard', country: 'PE', template: 'LLL-DDD', plate: PE_PLATE },
  { id: 'pe-digit2', country: 'PE', template: 'LDL-DDD', rarity: 0.5, plate: PE_PLATE },
  { id: 'pe-old', country: 'PE', template: 'LL-DDDD', rarity: 0.8, plate: PE_PLATE },
  {
    id: 'pe-moto',
    country: 'PE',
    template: 'DDDD-LL',
    rarity: 0.5,
    twoRow: true,
    plate: MOTO_PLATE,
  },
  // Spain: 1234 BCD since 2000 (consonants only), provincial M-1234-AB before it (M-1234-A in
  // its first years, M-123456 before 1971); special series C (mopeds), R (trailers), H
  // (historic), E (special vehicles), P and S and V (temporary) lead the current layout.
  { id: 'es-2000', country: 'ES', template: 'DDDD LLL', letters: ES_LETTERS, plate: EU_PLATE },
  { id: 'es-provincial-1', country: 'ES', template: 'L-DDDD-LL', rarity: 2.5, plate: EU_PLATE },
  { id: 'es-provincial-2', country: 'ES', template: 'LL-DDDD-LL', rarity: 2.5, plate: EU_PLATE },
  { id: 'es-provincial-3', country: 'ES', template: 'L{1,2}-DDDD-L', rarity: 2.7, plate: EU_PLATE },
  { id: 'es-numeric', country: 'ES', template: 'L{1,2}-D{4,6}', rarity: 3, plate: EU_PLATE },
  {
    id: 'es-special',
    country: 'ES',
    template: '[CEHPRSV] DDDD LLL',
    letters: ES_LETTERS,
    rarity: 0.5,
    plate: EU_PLATE,
  },
  // Mercosur: Brazil ABC1D23 (and the older ABC-1234), Argentina AB 123 CD (and the older ABC 123;
  // motorcycles A 123 BCD, formerly 123 ABC).
  { id: 'br-mercosur', country: 'BR', template: 'LLLDLDD', plate: MERCOSUR_PLATE },
  // Both are current: a Brazilian car keeps its old plate until it is re-registered, so the old
  // layout is no rarer than the Mercosur one and only the fifth character's evidence decides.
  { id: 'br-old', country: 'BR', template: 'LLL-DDDD', plate: MERCOSUR_PLATE },
  { id: 'ar-mercosur', country: 'AR', template: 'LL DDD LL', plate: MERCOSUR_PLATE },
  { id: 'ar-old', country: 'AR', template: 'LLL DDD', rarity: 0.5, plate: AR_OLD_PLATE },
  {
    id: 'ar-moto',
    country: 'AR',
    template: 'LDDD LLL',
    rarity: 0.5,
    twoRow: true,
    plate: MOTO_PLATE,
  },
  {
    id: 'ar-moto-old',
    country: 'AR',
    template: 'DDD LLL',
    rarity: 1,
    twoRow: true,
    plate: MOTO_PLATE,
  },
  // Chile: BBBB·12 since 2007 (consonants without M, N, Ñ, Q), AB·1234 before; motorcycles BBB·12.
  { id: 'cl-current', country: 'CL', template: 'LLLL-DD', letters: CL_LETTERS, plate: CL_PLATE },
  { id: 'cl-old', country: 'CL', template: 'LL-DDDD', rarity: 0.5, plate: CL_PLATE },
  {
    id: 'cl-moto',
    country: 'CL',
    template: 'LLL-DD',
    letters: CL_LETTERS,
    rarity: 0.5,
    twoRow: true,
    plate: MOTO_PLATE,
  },
  // Colombia: ABC-123 cars, ABC-12D motorcycles (two rows; ABC-12 before 2004).
  { id: 'co-car', country: 'CO', template: 'LLL-DDD', plate: CO_PLATE },
  {
    id: 'co-moto',
    country: 'CO',
    template: 'LLL-DDL',
    rarity: 0.3,
    twoRow: true,
    plate: MOTO_PLATE,
  },
  {
    id: 'co-moto-old',
    country: 'CO',
    template: 'LLL-DD',
    rarity: 1,
    twoRow: true,
    plate: MOTO_PLATE,
  },
  // Mexico (private cars; I, O and Q are not issued): ABC-123-D since 2016, ABC-12-34 before.
  {
    id: 'mx-current',
    country: 'MX',
    template: 'LLL-DDD-L',
    letters: lettersBut('IOQ'),
    plate: US_PLATE,
  },
  {
    id: 'mx-old',
    country: 'MX',
    template: 'LLL-DD-DD',
    letters: lettersBut('IOQ'),
    rarity: 0.3,
    plate: US_PLATE,
  },
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
  // Germany: district (1–3 letters), 1–2 letters, 1–4 digits, at most 8 in all; E (electric) or
  // H (historic) may follow. The district/letters split is not printed apart in the compact text.
  // Permissive (many misreads fit): it costs a fix over the specific layouts.
  {
    id: 'de-standard',
    country: 'DE',
    template: 'L{2,5} D{1,4}',
    maxChars: 8,
    rarity: 1,
    plate: EU_PLATE,
  },
  {
    id: 'de-suffix',
    country: 'DE',
    template: 'L{2,5} D{1,4}[EH]',
    maxChars: 8,
    rarity: 1.2,
    plate: EU_PLATE,
  },
  // France: AB-123-CD since 2009 (no I, O or U; SS and WW are special series), 1234 AB 75 before.
  {
    id: 'fr-siv',
    country: 'FR',
    template: 'LL-DDD-LL',
    letters: lettersBut('IOU'),
    plate: EU_PLATE,
  },
  { id: 'fr-fni', country: 'FR', template: 'D{1,4} L{1,3} DD', rarity: 1.5, plate: EU_PLATE },
  // Italy: AB 123 CD since 1994 (no I, O, Q or U).
  {
    id: 'it-current',
    country: 'IT',
    template: 'LL DDD LL',
    letters: lettersBut('IOQU'),
    plate: EU_PLATE,
  },
  // Portugal: AB-12-CD since 2020, 12-AB-34 (2005), 12-34-AB (1992), AB-12-34 before.
  { id: 'pt-2020', country: 'PT', template: 'LL-DD-LL', plate: EU_PLATE },
  { id: 'pt-2005', country: 'PT', template: 'DD-LL-DD', plate: EU_PLATE },
  { id: 'pt-1992', country: 'PT', template: 'DD-DD-LL', rarity: 0.3, plate: EU_PLATE },
  { id: 'pt-old', country: 'PT', template: 'LL-DD-DD', rarity: 0.5, plate: EU_PLATE },
  // Poland: district code (2–3 letters) then a serial whose letters avoid digit look-alikes.
  ...PL_TWO.map((serial, i): PlateFormat => ({
    id: `pl-2-${i + 1}`,
    country: 'PL',
    template: `LL ${serial}`,
    rarity: i === 0 ? 0 : 0.2,
    plate: EU_PLATE,
  })),
  ...PL_THREE.map((serial, i): PlateFormat => ({
    id: `pl-3-${i + 1}`,
    country: 'PL',
    template: `LLL ${serial}`,
    rarity: 0.2,
    plate: EU_PLATE,
  })),
  // The Netherlands: six characters in side codes (no vowels; C, Q, W and Y not issued).
  ...NL_SIDECODES.map(([id, template, rarity]): PlateFormat => ({
    id,
    country: 'NL',
    template,
    letters: NL_LETTERS,
    rarity,
    plate: EU_PLATE,
  })),
  // Belgium: 1-ABC-123 since 2010, 123-ABC (2008–2010), ABC-123 (1973–2008).
  { id: 'be-current', country: 'BE', template: '[123456789]-LLL-DDD', plate: EU_PLATE },
  { id: 'be-2008', country: 'BE', template: 'DDD-LLL', rarity: 0.5, plate: EU_PLATE },
  { id: 'be-1973', country: 'BE', template: 'LLL-DDD', rarity: 0.5, plate: EU_PLATE },
  // Austria: district (1–2 letters), then digits followed by letters (W 12345 A, GU 123 AB).
  {
    id: 'at-standard',
    country: 'AT',
    template: 'L{1,2} D{1,5} L{1,3}',
    maxChars: 8,
    rarity: 0.8,
    plate: EU_PLATE,
  },
  // Croatia: ZG 123-AB, ZG 1234-A (the town code, 3–4 digits, 1–2 letters).
  { id: 'hr-standard', country: 'HR', template: 'LL D{3,4}-L{1,2}', rarity: 0.3, plate: EU_PLATE },
  // United Kingdom: AB12 CDE since 2001 (no I or Q; no Z in the first two), A123 BCD (1983–2001),
  // ABC 123D (1963–1983), Northern Ireland ABC 1234.
  {
    id: 'uk-current',
    country: 'UK',
    template: '[ABCDEFGHJKLMNOPRSTUVWXY][ABCDEFGHJKLMNOPRSTUVWXY]DD LLL',
    letters: lettersBut('IQ'),
    plate: EU_PLATE,
  },
  {
    id: 'uk-prefix',
    country: 'UK',
    template: 'LD{1,3} LLL',
    letters: lettersBut('IQ'),
    rarity: 0.5,
    plate: EU_PLATE,
  },
  {
    id: 'uk-suffix',
    country: 'UK',
    template: 'LLL D{1,3}L',
    letters: lettersBut('IQ'),
    rarity: 1,
    plate: EU_PLATE,
  },
  {
    id: 'uk-ni',
    country: 'UK',
    template: 'LLL D{1,4}',
    letters: lettersBut('IQ'),
    rarity: 1,
    plate: EU_PLATE,
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
  /**
   * When the text has a character more or fewer than the greedy read (see `repairLength`): the
   * characters as the constrained decode read them, for the read's confidence.
   */
  chars?: CtcChar[];
}

/** Uppercase plate characters only: separators, spaces and anything else dropped. */
export function compactPlate(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** One slot of a template: the characters it accepts (undefined: any) and how often it repeats. */
interface SlotToken {
  kind: 'slot';
  /** 'L', 'D', 'A' or the explicit set's characters. */
  set: string;
  min: number;
  max: number;
}
type TemplateToken = SlotToken | { kind: 'sep'; text: string };

/** One way a template lays out a plate of a given length: per character, its slot, and the display. */
interface Layout {
  /** Per character: 'L', 'D', 'A' or an explicit set. */
  slots: string[];
  /** Display with `#` where each character goes. */
  display: string;
}

const tokenCache = new Map<string, TemplateToken[]>();

function parseTemplate(template: string): TemplateToken[] {
  const cached = tokenCache.get(template);
  if (cached) return cached;
  const out: TemplateToken[] = [];
  for (let i = 0; i < template.length;) {
    const ch = template[i];
    let set: string | undefined;
    if (ch === 'L' || ch === 'D' || ch === 'A') {
      set = ch;
      i++;
    } else if (ch === '[') {
      const end = template.indexOf(']', i);
      set = template.slice(i + 1, end);
      i = end + 1;
    } else {
      out.push({ kind: 'sep', text: ch });
      i++;
      continue;
    }
    let min = 1;
    let max = 1;
    if (template[i] === '?') {
      min = 0;
      i++;
    } else if (template[i] === '{') {
      const end = template.indexOf('}', i);
      const [lo, hi] = template
        .slice(i + 1, end)
        .split(',')
        .map(Number);
      min = lo;
      max = hi ?? lo;
      i = end + 1;
    }
    out.push({ kind: 'slot', set, min, max });
  }
  tokenCache.set(template, out);
  return out;
}

const layoutCache = new Map<string, Layout[]>();

/** Every layout of `format` with exactly `length` characters (none: the length does not fit). */
function layoutsOf(format: PlateFormat, length: number): Layout[] {
  if (format.length) {
    return length >= format.length.min && length <= format.length.max
      ? [{ slots: new Array<string>(length).fill('A'), display: '#'.repeat(length) }]
      : [];
  }
  if (format.maxChars !== undefined && length > format.maxChars) return [];
  const key = `${format.template}|${length}`;
  const cached = layoutCache.get(key);
  if (cached) return cached;
  const tokens = parseTemplate(format.template);
  const out: Layout[] = [];
  const walk = (t: number, slots: string[], display: string) => {
    if (slots.length > length) return;
    if (t === tokens.length) {
      if (slots.length === length) out.push({ slots, display });
      return;
    }
    const tok = tokens[t];
    if (tok.kind === 'sep') return walk(t + 1, slots, display + tok.text);
    for (let n = tok.min; n <= tok.max; n++)
      walk(t + 1, [...slots, ...new Array<string>(n).fill(tok.set)], display + '#'.repeat(n));
  };
  walk(0, [], '');
  layoutCache.set(key, out);
  return out;
}

function applyLayout(layout: Layout, compact: string): string {
  let i = 0;
  // A separator next to an empty optional slot, or doubled, or at an end, is not shown.
  const text = layout.display.replace(/#/g, () => compact[i++]);
  return text.replace(/([- ])[- ]+/g, '$1').replace(/^[- ]+|[- ]+$/g, '');
}

/** The characters a slot accepts (undefined: any plate character). */
function allowedOf(slot: string, letters: string): string | undefined {
  if (slot === 'L') return letters;
  if (slot === 'D') return DIGITS;
  if (slot === 'A') return undefined;
  return slot;
}

/**
 * Fits `compact` to one format: the fixes needed, or undefined when some character can be neither
 * read as nor corrected to what its slot demands. Without evidence a character is corrected along
 * the confusion tables (0→O, 8→B…); with the recogniser's evidence for the character, to the
 * likeliest character the slot accepts (at least 1 % likely, else along the table at full doubt).
 * A template with repeated slots (Germany's 1–3 letter districts) is fitted in every layout of
 * that length, the cheapest kept.
 */
export function fitFormat(
  format: PlateFormat,
  compact: string,
  evidence?: readonly CharEvidence[],
  twins = false,
): { compact: string; fixes: CharFix[]; text: string } | undefined {
  let best: { compact: string; fixes: CharFix[]; text: string; cost: number } | undefined;
  for (const layout of layoutsOf(format, compact.length)) {
    const fit = fitLayout(format, layout, compact, evidence, twins);
    if (!fit) continue;
    const cost = fixCost(fit.fixes);
    if (!best || cost < best.cost) best = { ...fit, cost };
  }
  if (!best) return undefined;
  return { compact: best.compact, fixes: best.fixes, text: best.text };
}

function fitLayout(
  format: PlateFormat,
  layout: Layout,
  compact: string,
  evidence: readonly CharEvidence[] | undefined,
  twins: boolean,
): { compact: string; fixes: CharFix[]; text: string } | undefined {
  const { slots } = layout;
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
    const allowed = allowedOf(slots[i], letters);
    if (twins && allowed && withEvidence && evidence[i]) {
      // The slot's own reading of the evidence: what the recogniser saw as a character's twin of
      // the other kind (a round 0 in a letter slot, an O in a digit slot) counts for the twin.
      const folded = foldedForSlot(substituted(evidence[i]!, format.substitutions), allowed);
      let to: string | undefined;
      for (const c of allowed) if ((folded[c] ?? 0) > 0 && (!to || folded[c] > folded[to])) to = c;
      if (to && to !== ch && allowed.includes(ch) && folded[to] > (folded[ch] ?? 0)) {
        fixes.push({ index: i, from: ch, to, cost: 0 });
        out += to;
        continue;
      }
      // A character of the other kind (a 0 read in a letter slot) becomes the letter the slot
      // reads in its evidence: its own share counts for its twin, so a round 0 whose runner-up
      // is a D is an O, not the D the raw probabilities would pick. What the fix costs is still
      // the raw doubt (how likely the glyph is of the slot's kind at all), or a crisp digit would
      // fit a letter slot for free.
      const p = substituted(evidence[i]!, format.substitutions);
      let letter = 0;
      for (const c of allowed) letter = Math.max(letter, p[c] ?? 0);
      if (to && !allowed.includes(ch) && letter >= 0.01) {
        const ratio = Math.max(p[ch] ?? 0, letter) / letter;
        fixes.push({ index: i, from: ch, to, cost: Math.min(MAX_FIX_COST, Math.log10(ratio)) });
        out += to;
        continue;
      }
    }
    if (!allowed || allowed.includes(ch)) {
      out += ch;
      continue;
    }
    const byTable = [
      ...(DIGIT_TO_LETTER[ch] ?? ''),
      ...(LETTER_TO_DIGIT[ch] ?? ''),
      ...(LETTER_TO_LETTER[ch] ?? ''),
    ].find((c) => allowed.includes(c));
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
  return { compact: out, fixes, text: applyLayout(layout, out) };
}

/**
 * A look-alike twin takes its counterpart's evidence only when the recogniser itself saw the twin
 * as a contender: at least this share of the best accepted character's own evidence. A 0 whose
 * runner-ups are D 0.32 and O 0.2 is a round O; one whose runner-up is Q 0.36 (O 0.04) is a Q,
 * and a 7 read against Z is a Z, never the T no frame saw.
 */
export const TWIN_SUPPORT = 0.5;

/**
 * Evidence as a slot reads it: a character the slot does not accept counts for its first
 * look-alike of the accepted kind (0 → O in a letter slot, O → 0 in a digit slot), when the slot
 * accepts that one and the twin has support of its own (see {@link TWIN_SUPPORT}).
 */
function foldedForSlot(
  p: Readonly<Record<string, number>>,
  allowed: string,
): Readonly<Record<string, number>> {
  let top = 0;
  for (const c of allowed) top = Math.max(top, p[c] ?? 0);
  const out: Record<string, number> = {};
  for (const [c, v] of Object.entries(p)) {
    if (allowed.includes(c)) {
      out[c] = (out[c] ?? 0) + v;
      continue;
    }
    const twin = (DIGIT_TO_LETTER[c] ?? LETTER_TO_DIGIT[c])?.[0];
    if (twin && allowed.includes(twin) && (p[twin] ?? 0) >= TWIN_SUPPORT * top)
      out[twin] = (out[twin] ?? 0) + v;
  }
  return out;
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

/**
 * The formats a read competes in. One country: its formats. Several (a border city, tourists):
 * theirs, in the order given. `auto`: every country's fixed layouts (free-form ones would fit
 * anything, so an unknown plate is reported unknown rather than bent into one). None: every
 * format, free-form included.
 */
export function formatsFor(country?: PlateCountries): readonly PlateFormat[] {
  if (!country) return PLATE_FORMATS;
  if (country === PLATE_AUTO) return AUTO_FORMATS;
  if (typeof country === 'string') return PLATE_FORMATS.filter((f) => f.country === country);
  return country.flatMap((c) => PLATE_FORMATS.filter((f) => f.country === c));
}

const AUTO_FORMATS = PLATE_FORMATS.filter((f) => !f.length);

/**
 * Normalises an OCR read to the country's formats: the format whose confusion fixes cost least
 * (plus its rarity) wins; on a tie a fixed template beats a free-form one (US), then the earlier,
 * more common format. A fix costs 1 without evidence; with the recogniser's per-character
 * evidence (`CtcChar.probs`, aligned with the compact text) it costs what the recogniser doubted
 * it, so a US read whose ambiguous G/6 or D/0 fits a common layout one way is read that way.
 * `country` may list several countries or be `auto` (see `formatsFor`); the result says which
 * format and country won. Unmatched text comes back as read (compacted) with `matched: false`:
 * flagged, never forced into a format.
 */
export function normalizePlate(
  raw: string,
  country?: PlateCountries,
  evidence?: readonly CharEvidence[],
  frames?: CtcFrames,
  options: { twins?: boolean } = {},
): NormalizedPlate {
  const compact = compactPlate(raw);
  let best:
    | {
        format: PlateFormat;
        compact: string;
        text: string;
        fixes: CharFix[];
        cost: number;
        chars?: CtcChar[];
      }
    | undefined;
  for (const format of formatsFor(country)) {
    const fit = fitFormat(format, compact, evidence, options.twins);
    if (!fit) continue;
    const cost = fixCost(fit.fixes) + (format.rarity ?? 0);
    const better =
      !best ||
      cost < best.cost ||
      // On a tie a fixed template is more specific evidence than a free-form one.
      (cost === best.cost && !!best.format.length && !format.length);
    if (better) best = { format, ...fit, cost };
  }
  // Only a read that fits no format is repaired: one that fits (a vanity plate read as a
  // free-form one) is kept as read rather than bent to a layout one character longer or shorter.
  if (frames && !best) {
    const repaired = repairLength(compact, country, frames, MAX_REPAIR_COST);
    if (repaired) best = repaired;
  }
  if (!best) return { text: compact, compact, matched: false, fixes: [] };
  return {
    text: best.text,
    compact: best.compact,
    formatId: best.format.id,
    country: best.format.country,
    matched: true,
    fixes: best.fixes,
    ...(best.chars ? { chars: best.chars } : {}),
  };
}

/**
 * Cost, in fixes, of reading one character more or fewer than the greedy decode did, on top of
 * the probability the recogniser gave the longer or shorter path: a dropped or doubled character
 * is a likelier misread than two confusions, but less likely than none.
 */
export const LENGTH_FIX_COST = 0.5;
/** Most a length repair may cost in all: beyond it the read is kept as read, unmatched. */
const MAX_REPAIR_COST = 1.5;

/**
 * A read one character short or long of a fixed layout (a faint character lost to the blank, a
 * wide one doubled), decoded again with the CTC frames constrained to each layout one character
 * longer or shorter: the cheapest, when it beats `bestCost`. Its cost is how much less likely
 * the recogniser found that path than the greedy one (log10), plus {@link LENGTH_FIX_COST} and
 * the format's rarity. Free-form formats are not tried: they fit the greedy read already.
 */
function repairLength(
  compact: string,
  country: PlateCountries | undefined,
  frames: CtcFrames,
  bestCost: number,
):
  | {
      format: PlateFormat;
      compact: string;
      text: string;
      fixes: CharFix[];
      cost: number;
      chars: CtcChar[];
    }
  | undefined {
  const greedy = bestPathLogProb(frames);
  const framesBySubs = new Map<Record<string, string> | undefined, CtcFrames>();
  let best:
    | {
        format: PlateFormat;
        compact: string;
        text: string;
        fixes: CharFix[];
        cost: number;
        chars: CtcChar[];
      }
    | undefined;
  for (const format of formatsFor(country)) {
    if (format.length) continue;
    const rarity = format.rarity ?? 0;
    if (rarity + LENGTH_FIX_COST >= Math.min(bestCost, best?.cost ?? Infinity)) continue;
    let f = framesBySubs.get(format.substitutions);
    if (!f)
      framesBySubs.set(format.substitutions, (f = substitutedFrames(frames, format.substitutions)));
    const letters = format.letters ?? LETTERS;
    for (const length of [compact.length - 1, compact.length + 1]) {
      if (length < 2) continue;
      for (const layout of layoutsOf(format, length)) {
        const read = decodeInSlots(
          f,
          layout.slots.map((s) => allowedOf(s, letters) ?? PLATE_ALPHABET),
        );
        if (!read) continue;
        const doubt = Math.max(0, (greedy - read.logProb) / Math.LN10) + LENGTH_FIX_COST;
        const cost = doubt + rarity;
        if (cost >= Math.min(bestCost, best?.cost ?? Infinity)) continue;
        let at = 0;
        while (at < compact.length && compact[at] === read.text[at]) at++;
        best = {
          format,
          compact: read.text,
          text: applyLayout(layout, read.text),
          fixes: [{ index: at, from: compact, to: read.text, cost: doubt }],
          cost,
          chars: read.chars,
        };
      }
    }
  }
  return best;
}

/**
 * Per-character vote of several reads of one line (its margins, outlines, stretches): the mean of
 * their evidence position by position, over the reads with as many characters as `lead` (reads
 * of another length are aligned differently). One crop's crisp misreading (a Brazilian O read as
 * D) is outvoted by the others' doubt, as a single best crop cannot be. Undefined: fewer than
 * two reads agree in length.
 */
export function voteEvidence(
  lead: readonly CtcChar[],
  reads: readonly (readonly CtcChar[])[],
): { text: string; evidence: Record<string, number>[] } | undefined {
  const same = reads.filter((r) => r.length === lead.length && r.every((c) => c.probs));
  if (same.length < 2) return undefined;
  const evidence = lead.map(() => ({}) as Record<string, number>);
  for (const r of same)
    r.forEach((c, i) => {
      for (const [k, v] of Object.entries(c.probs!))
        evidence[i][k] = (evidence[i][k] ?? 0) + v / same.length;
    });
  const text = evidence
    .map((e, i) => {
      let best = lead[i].char;
      for (const [k, v] of Object.entries(e)) if (v > (e[best] ?? 0)) best = k;
      return best;
    })
    .join('');
  return { text, evidence };
}

/**
 * Whether a format is a rule rather than a habit: a fixed template whose every slot is typed (a
 * letter, a digit or a listed set, no either-kind slot), in a country whose plates all follow
 * one of its formats (no free-form vanity plates). Brazil's LLL9999 and LLL9L99, Spain's 9999LLL
 * and Peru's are; the US serial layouts are not (a US plate may be any 2–8 characters, so a
 * letter where a layout wants a digit is not a confusion).
 */
export function isStrictFormat(format: PlateFormat): boolean {
  if (format.length) return false;
  if (parseTemplate(format.template).some((t) => t.kind === 'slot' && t.set === 'A')) return false;
  return !PLATE_FORMATS.some((f) => f.country === format.country && f.length);
}

/** Total doubt of a list of fixes, in fixes (substitutions cost nothing). */
export function fixCost(fixes: readonly CharFix[]): number {
  return fixes.reduce((sum, f) => sum + f.cost, 0);
}

export function plateFormatById(id: string): PlateFormat | undefined {
  return PLATE_FORMATS.find((f) => f.id === id);
}
