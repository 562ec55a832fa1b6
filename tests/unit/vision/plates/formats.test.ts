import { describe, expect, it } from 'vitest';
import {
  compactPlate,
  fitFormat,
  normalizePlate,
  plateFormatById,
  US_SERIAL_LAYOUTS,
} from '../../../../inference/vision/plates/formats';

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
      { index: 0, from: '8', to: 'B', cost: 1 },
      { index: 4, from: 'Z', to: '2', cost: 1 },
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
  it('recognises the common state serial layouts', () => {
    expect(normalizePlate('7ABC123', 'US')).toMatchObject({
      text: '7ABC123',
      formatId: 'us-1abc234',
      matched: true,
      fixes: [],
    });
    expect(normalizePlate('abc-1234', 'US').formatId).toBe('us-abc1234');
    expect(normalizePlate('SB3X6N', 'US')).toMatchObject({ formatId: 'us-ab1c2d', fixes: [] });
    for (const [, template] of US_SERIAL_LAYOUTS) {
      const example = [...template].map((s, i) => (s === 'L' ? 'ABCDEFGH'[i] : String(i))).join('');
      expect(normalizePlate(example, 'US').formatId).toMatch(/^us-/);
      expect(normalizePlate(example, 'US').formatId).not.toBe('us-free');
    }
  });
  it('accepts free-form 2 to 8 characters without slot fixes', () => {
    expect(normalizePlate('NEILDMND', 'US')).toMatchObject({
      text: 'NEILDMND',
      formatId: 'us-free',
      matched: true,
      fixes: [],
    });
    expect(normalizePlate('10DTM', 'US').formatId).toBe('us-free');
    expect(normalizePlate('A', 'US').matched).toBe(false);
    expect(normalizePlate('ABCDE12345', 'US').matched).toBe(false);
  });
  it('without evidence, does not bend a read to a layout (a fix costs more than free-form)', () => {
    // LLDLDL would need D→0: a guess; the read stays as it came.
    expect(normalizePlate('SHDR7X', 'US')).toMatchObject({ text: 'SHDR7X', formatId: 'us-free' });
  });
  it('reads O as 0 (one glyph on US plates) and says so', () => {
    const n = normalizePlate('CH0P8Y'.replace('0', 'O'), 'US');
    expect(n.text).toBe('CH0P8Y');
    expect(n.fixes).toEqual([{ index: 2, from: 'O', to: '0', cost: 0 }]);
    // A 0 where a layout wants a letter is a doubt about the layout: the read stays free-form.
    expect(normalizePlate('7OBC123', 'US')).toMatchObject({ text: '70BC123', formatId: 'us-free' });
    // Digits only never fit a layout through O-for-0 (a burned-in date is not a 1A23456 plate).
    expect(normalizePlate('2014051', 'US').formatId).toBe('us-free');
  });
});

describe("normalizePlate with the recogniser's evidence", () => {
  /** Evidence for a read: every character certain except the given positions. */
  const evidence = (text: string, at: Record<number, Record<string, number>>) =>
    [...text].map((c, i) => at[i] ?? { [c]: 0.99 });

  it('fixes a confusion the recogniser doubted towards a common layout', () => {
    // G at 60 %, 6 at 35 %: Missouri AB1C2D wants a digit there.
    const n = normalizePlate('MHGV4L', 'US', evidence('MHGV4L', { 2: { G: 0.6, '6': 0.35 } }));
    expect(n).toMatchObject({ text: 'MH6V4L', formatId: 'us-ab1c2d' });
    expect(n.fixes).toHaveLength(1);
    expect(n.fixes[0]).toMatchObject({ index: 2, from: 'G', to: '6' });
    expect(n.fixes[0].cost).toBeCloseTo(Math.log10(0.6 / 0.35), 5);
  });
  it('keeps a confident read as it is, even when a layout is one fix away', () => {
    const n = normalizePlate('MHGV4L', 'US', evidence('MHGV4L', { 2: { G: 0.97, '6': 0.02 } }));
    expect(n).toMatchObject({ text: 'MHGV4L', formatId: 'us-free', fixes: [] });
  });
  it('takes the likeliest character the slot accepts, not only the confusion table', () => {
    // (Here ABC1234 fits as read and wins: evidence only weighs the reads that need fixes.)
    const n = normalizePlate(
      'BDJ0529',
      'US',
      evidence('BDJ0529', { 0: { B: 0.5, '5': 0.45, '8': 0.03 } }),
    );
    expect(n).toMatchObject({ text: 'BDJ0529', formatId: 'us-abc1234' });
    // Peru ABC-123 wants a letter first: the recogniser's runner-up letter, R, not the table's B.
    const k = normalizePlate('8BC123', 'PE', evidence('8BC123', { 0: { '8': 0.6, R: 0.3 } }));
    expect(k.text).toBe('RBC-123');
    expect(k.fixes[0]).toMatchObject({ from: '8', to: 'R' });
  });
  it('counts the evidence for O as evidence for 0 on US plates', () => {
    const n = normalizePlate(
      'SHDR7X',
      'US',
      evidence('SHDR7X', { 2: { D: 0.5, O: 0.25, '0': 0.2 } }),
    );
    expect(n).toMatchObject({ text: 'SH0R7X', formatId: 'us-ab1c2d' });
  });
  it('falls back to the confusion table at full doubt when no accepted character is likely', () => {
    const n = normalizePlate('8BC123', 'PE', evidence('8BC123', {}));
    expect(n.text).toBe('BBC-123');
    expect(n.fixes[0].cost).toBe(2);
    // No table entry and no evidence for anything the slot accepts: no match.
    expect(normalizePlate('ABC12K', 'PE', evidence('ABC12K', {})).matched).toBe(false);
  });
  it('ignores evidence that does not line up with the text', () => {
    expect(normalizePlate('8BC123', 'PE', [{ R: 0.9 }]).text).toBe('BBC-123');
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
