import { describe, expect, it } from 'vitest';
import {
  compactPlate,
  fitFormat,
  normalizePlate,
  plateFormatById,
} from '../../../inference/common/plates/formats';

describe('normalizePlate: Peru', () => {
  it('formats a clean read with the hyphen', () => {
    const n = normalizePlate('abc123', 'PE');
    expect(n).toMatchObject({
      text: 'ABC-123',
      compact: 'ABC123',
      formatId: 'pe-standard',
      country: 'PE',
      matched: true,
    });
    expect(n.fixes).toEqual([]);
  });
  it('fixes digits read in letter slots and letters read in digit slots', () => {
    const n = normalizePlate('8BC-1Z3', 'PE');
    expect(n.text).toBe('BBC-123');
    expect(n.fixes).toEqual([
      { index: 0, from: '8', to: 'B' },
      { index: 4, from: 'Z', to: '2' },
    ]);
  });
  it('keeps a real digit in the second position (A1B-123 format) instead of forcing a letter', () => {
    expect(normalizePlate('A1B 123', 'PE')).toMatchObject({
      text: 'A1B-123',
      formatId: 'pe-digit2',
      fixes: [],
    });
  });
  it('fixes O/0 and S/5 in the digit block', () => {
    expect(normalizePlate('XYZ-O5S', 'PE').text).toBe('XYZ-055');
  });
  it('reports no match when a character fits no slot', () => {
    const n = normalizePlate('ABC-12K', 'PE');
    expect(n.matched).toBe(false);
    expect(n.text).toBe('ABC12K');
  });
});

describe('normalizePlate: Spain', () => {
  it('formats 1234 BCD', () => {
    expect(normalizePlate('1234bcd', 'ES')).toMatchObject({
      text: '1234 BCD',
      formatId: 'es-2000',
    });
  });
  it('fixes B/8 and I/1 by slot', () => {
    const n = normalizePlate('I234 8CD', 'ES');
    expect(n.text).toBe('1234 BCD');
    expect(n.fixes.map((f) => `${f.from}>${f.to}`)).toEqual(['I>1', '8>B']);
  });
  it('never produces a vowel in the letters: 0 becomes D, not O', () => {
    expect(normalizePlate('1234 0FG', 'ES').text).toBe('1234 DFG');
  });
  it('reads the old provincial format', () => {
    expect(normalizePlate('M-1234-AB', 'ES')).toMatchObject({
      text: 'M-1234-AB',
      formatId: 'es-provincial-1',
    });
  });
});

describe('normalizePlate: Mercosur', () => {
  it('Brazil ABC1D23 keeps its letter in the fifth position', () => {
    expect(normalizePlate('ABC1D23', 'BR')).toMatchObject({
      text: 'ABC1D23',
      formatId: 'br-mercosur',
      fixes: [],
    });
  });
  it('Brazil: fixes 8 read for B in a letter slot and G for 6 in a digit slot', () => {
    const n = normalizePlate('A8C1D2G', 'BR');
    expect(n).toMatchObject({ text: 'ABC1D26', formatId: 'br-mercosur' });
    expect(n.fixes.map((f) => `${f.index}:${f.from}>${f.to}`)).toEqual(['1:8>B', '6:G>6']);
  });
  it('Brazil: the old ABC-1234 format still reads', () => {
    expect(normalizePlate('ABC 1234', 'BR')).toMatchObject({
      text: 'ABC-1234',
      formatId: 'br-old',
    });
  });
  it('Argentina AB 123 CD', () => {
    expect(normalizePlate('AB123CD', 'AR')).toMatchObject({
      text: 'AB 123 CD',
      formatId: 'ar-mercosur',
    });
    expect(normalizePlate('A8 I23 CD', 'AR').text).toBe('AB 123 CD');
  });
});

describe('normalizePlate: United States', () => {
  it('accepts free-form 2 to 8 characters without slot fixes', () => {
    expect(normalizePlate('7ABC123', 'US')).toMatchObject({
      text: '7ABC123',
      formatId: 'us-free',
      matched: true,
    });
    expect(normalizePlate('SB3X6N', 'US').fixes).toEqual([]);
    expect(normalizePlate('A', 'US').matched).toBe(false);
    expect(normalizePlate('ABCDE12345', 'US').matched).toBe(false);
  });
  it('reads O as 0 (one glyph on US plates) and says so', () => {
    const n = normalizePlate('CH0P8Y'.replace('0', 'O'), 'US');
    expect(n.text).toBe('CH0P8Y');
    expect(n.fixes).toEqual([{ index: 2, from: 'O', to: '0' }]);
  });
});

describe('normalizePlate without a country', () => {
  it('prefers a fixed template over the US free-form', () => {
    expect(normalizePlate('ABC123').formatId).toBe('pe-standard');
    expect(normalizePlate('1234BCD').formatId).toBe('es-2000');
  });
  it('falls back to free-form when no template fits', () => {
    expect(normalizePlate('HELLO1').formatId).toBe('us-free');
  });
});

describe('helpers', () => {
  it('compactPlate drops separators and case', () => {
    expect(compactPlate(' ab-c 1.2·3 ')).toBe('ABC123');
  });
  it('fitFormat rejects a length mismatch', () => {
    expect(fitFormat(plateFormatById('pe-standard')!, 'ABC12')).toBeUndefined();
  });
});
