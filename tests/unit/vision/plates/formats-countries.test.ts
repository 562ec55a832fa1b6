import { describe, expect, it } from 'vitest';
import {
  formatsFor,
  normalizePlate,
  PLATE_FORMATS,
} from '../../../../inference/vision/plates/formats';
import { COUNTRY_CODES } from '../../../../electron/shared/domain/plate-country';

/** Real plate layouts per country: [as printed, expected display, expected format id]. */
const EXAMPLES: Record<string, [string, string, string][]> = {
  PE: [
    ['ABC-123', 'ABC-123', 'pe-standard'],
    ['A1B-234', 'A1B-234', 'pe-digit2'],
    ['PO-1234', 'PO-1234', 'pe-old'],
    ['1234-AB', '1234-AB', 'pe-moto'],
  ],
  ES: [
    ['1234 BCD', '1234 BCD', 'es-2000'],
    ['M-1234-AB', 'M-1234-AB', 'es-provincial-1'],
    ['MA-1234-AB', 'MA-1234-AB', 'es-provincial-2'],
    ['B-1234-A', 'B-1234-A', 'es-provincial-3'],
    ['R 1234 BCD', 'R 1234 BCD', 'es-special'],
    ['H 1234 BBC', 'H 1234 BBC', 'es-special'],
  ],
  BR: [
    ['BRA2E19', 'BRA2E19', 'br-mercosur'],
    ['AYO-9034', 'AYO-9034', 'br-old'],
  ],
  AR: [
    ['AA 123 BC', 'AA 123 BC', 'ar-mercosur'],
    ['ABC 123', 'ABC 123', 'ar-old'],
    ['A123 BCD', 'A123 BCD', 'ar-moto'],
  ],
  CL: [
    ['GKSB-78', 'GKSB-78', 'cl-current'],
    ['AB-1234', 'AB-1234', 'cl-old'],
  ],
  CO: [
    ['ABC-123', 'ABC-123', 'co-car'],
    ['ABC-12D', 'ABC-12D', 'co-moto'],
  ],
  MX: [
    ['ABC-123-D', 'ABC-123-D', 'mx-current'],
    ['ABC-12-34', 'ABC-12-34', 'mx-old'],
  ],
  US: [
    ['7ABC123', '7ABC123', 'us-1abc234'],
    ['ABC-1234', 'ABC1234', 'us-abc1234'],
  ],
  DE: [
    ['B AB 1234', 'BAB 1234', 'de-standard'],
    ['M X 1', 'MX 1', 'de-standard'],
    ['HH AB 123E', 'HHAB 123E', 'de-suffix'],
  ],
  FR: [
    ['AB-123-CD', 'AB-123-CD', 'fr-siv'],
    ['1234 AB 75', '1234 AB 75', 'fr-fni'],
  ],
  IT: [['AB 123 CD', 'AB 123 CD', 'it-current']],
  PT: [
    ['AA-00-AA', 'AA-00-AA', 'pt-2020'],
    ['12-AB-34', '12-AB-34', 'pt-2005'],
    ['12-34-AB', '12-34-AB', 'pt-1992'],
    ['AB-12-34', 'AB-12-34', 'pt-old'],
  ],
  PL: [
    ['WA 12345', 'WA 12345', 'pl-2-1'],
    ['KR 1234A', 'KR 1234A', 'pl-2-2'],
    ['WPI A123', 'WPI A123', 'pl-3-1'],
  ],
  NL: [
    ['12-BDF-3', '12-BDF-3', 'nl-sidecode-7'],
    ['XT-123-B', 'XT-123-B', 'nl-sidecode-9'],
    ['1-KBD-23', '1-KBD-23', 'nl-sidecode-8'],
  ],
  BE: [
    ['1-ABC-123', '1-ABC-123', 'be-current'],
    ['123-ABC', '123-ABC', 'be-2008'],
  ],
  AT: [
    ['W 12345 A', 'W 12345 A', 'at-standard'],
    ['GU 123 AB', 'GU 123 AB', 'at-standard'],
  ],
  HR: [
    ['ZG 123-AB', 'ZG 123-AB', 'hr-standard'],
    ['ST 1234-A', 'ST 1234-A', 'hr-standard'],
  ],
  UK: [
    ['AB12 CDE', 'AB12 CDE', 'uk-current'],
    ['A123 BCD', 'A123 BCD', 'uk-prefix'],
  ],
};

describe('plate formats as data', () => {
  it('has formats for every country code, each with its own id prefix', () => {
    for (const c of COUNTRY_CODES) {
      const fs = formatsFor(c);
      expect(fs.length, c).toBeGreaterThan(0);
      for (const f of fs) expect(f.id.startsWith(`${c.toLowerCase()}-`), f.id).toBe(true);
    }
    expect(new Set(PLATE_FORMATS.map((f) => f.id)).size).toBe(PLATE_FORMATS.length);
  });

  for (const [country, examples] of Object.entries(EXAMPLES)) {
    it.each(examples)(`${country}: %s reads as %s (%s)`, (printed, display, formatId) => {
      const n = normalizePlate(printed, country as (typeof COUNTRY_CODES)[number]);
      expect(n).toMatchObject({ text: display, formatId, country, matched: true, fixes: [] });
    });
  }
});

describe('confusion fixes per country', () => {
  const evidence = (text: string, at: Record<number, Record<string, number>>) =>
    [...text].map((c, i) => at[i] ?? { [c]: 0.99 });

  it('Spain: the recogniser doubted B against 8 in the letters', () => {
    const n = normalizePlate('12348CD', 'ES', evidence('12348CD', { 4: { '8': 0.55, B: 0.4 } }));
    expect(n).toMatchObject({ text: '1234 BCD', formatId: 'es-2000' });
    expect(n.fixes[0].cost).toBeCloseTo(Math.log10(0.55 / 0.4), 5);
  });
  it('Spain: a vowel read in the letters becomes the consonant it looks like', () => {
    expect(normalizePlate('1234 BOD', 'ES').text).toBe('1234 BDD');
  });
  it('France and Italy: the excluded letters decide between the same layout', () => {
    // Italy issues no Q: the same read is a French plate.
    expect(normalizePlate('AB-123-QZ', ['IT', 'FR'])).toMatchObject({
      formatId: 'fr-siv',
      country: 'FR',
      fixes: [],
    });
    expect(normalizePlate('AB-123-CZ', ['IT', 'FR'])).toMatchObject({ country: 'IT' });
  });
  it('Poland: a B in the serial is an 8 (the serial avoids digit look-alikes)', () => {
    expect(normalizePlate('WA 1234B', 'PL')).toMatchObject({
      text: 'WA 12348',
      formatId: 'pl-2-1',
    });
  });
  it('Germany: O/0 in the digits, the cheapest split of letters and digits', () => {
    expect(normalizePlate('B AB I2O4', 'DE').text).toBe('BABI 204');
    expect(normalizePlate('B AB 12O4', 'DE').text).toBe('BAB 1204');
  });
  it('Belgium: a current plate starts with 1 to 9', () => {
    expect(normalizePlate('I-ABC-123', 'BE').text).toBe('1-ABC-123');
  });
  it('Netherlands: no vowels in a side code', () => {
    expect(normalizePlate('12-BOF-3', 'NL')).toMatchObject({ text: '12-BDF-3' });
  });
  it('Chile: 0 in the four letters is a D (no vowels)', () => {
    expect(normalizePlate('GKS0-78', 'CL').text).toBe('GKSD-78');
  });
});

describe('several countries and auto', () => {
  it('auto picks the format the reading fits best and says which country', () => {
    expect(normalizePlate('BRA2E19', 'auto')).toMatchObject({
      country: 'BR',
      formatId: 'br-mercosur',
    });
    expect(normalizePlate('1234BCD', 'auto')).toMatchObject({ country: 'ES', formatId: 'es-2000' });
    expect(normalizePlate('AB12CDE', 'auto')).toMatchObject({
      country: 'UK',
      formatId: 'uk-current',
    });
    expect(normalizePlate('1ABC123', ['BE', 'US'])).toMatchObject({ country: 'BE' });
  });
  it('auto keeps an unknown reading as read and flags it, never forcing a format', () => {
    expect(normalizePlate('HELLO-WORLD', 'auto')).toEqual({
      text: 'HELLOWORLD',
      compact: 'HELLOWORLD',
      matched: false,
      fixes: [],
    });
  });
  it('a country list: the first listed wins a read both fit', () => {
    expect(normalizePlate('ABC123', ['CO', 'PE']).country).toBe('CO');
    expect(normalizePlate('ABC123', ['PE', 'CO']).country).toBe('PE');
    // Only the listed countries compete.
    expect(normalizePlate('BRA2E19', ['PE', 'ES']).matched).toBe(false);
  });
});
