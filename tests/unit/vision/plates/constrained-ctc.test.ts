import { describe, expect, it } from 'vitest';
import {
  bestPathLogProb,
  decodeInSlots,
  substitutedFrames,
} from '../../../../inference/vision/plates/constrained-ctc';
import {
  FRAME_COLUMNS,
  PLATE_ALPHABET,
  type CtcFrames,
} from '../../../../inference/vision/plates/ctc';
import {
  isStrictFormat,
  normalizePlate,
  plateFormatById,
  voteEvidence,
} from '../../../../inference/vision/plates/formats';

/**
 * Frames from a list of per-frame distributions: `{ '': 0.6, A: 0.4 }` gives the blank 0.6 and
 * A 0.4; whatever is left is spread over the other columns.
 */
function frames(rows: Record<string, number>[]): CtcFrames {
  const probs = new Float32Array(rows.length * FRAME_COLUMNS);
  rows.forEach((r, t) => {
    const given = Object.values(r).reduce((a, b) => a + b, 0);
    const rest = Math.max(0, 1 - given) / (FRAME_COLUMNS - Object.keys(r).length);
    for (let k = 0; k < FRAME_COLUMNS; k++) probs[t * FRAME_COLUMNS + k] = rest;
    for (const [c, p] of Object.entries(r))
      probs[t * FRAME_COLUMNS + (c === '' ? 0 : 1 + PLATE_ALPHABET.indexOf(c))] = p;
  });
  return { steps: rows.length, probs };
}

const B = { '': 0.95 };
const sure = (c: string) => ({ [c]: 0.95 });

describe('decodeInSlots', () => {
  it('reads the greedy path when it fits the slots', () => {
    const f = frames([sure('A'), B, sure('1'), B, sure('2')]);
    const r = decodeInSlots(
      f,
      ['L', 'D', 'D'].map((s) => (s === 'L' ? 'ABC' : '0123456789')),
    );
    expect(r?.text).toBe('A12');
    expect(r?.logProb).toBeCloseTo(bestPathLogProb(f), 6);
  });

  it('recovers a faint character the greedy path lost to the blank', () => {
    // "A", then a frame where "7" is 0.35 against the blank's 0.6, then "2": greedy reads "A2".
    const f = frames([sure('A'), B, { '': 0.6, '7': 0.35 }, B, sure('2')]);
    const r = decodeInSlots(f, ['ABC', '0123456789', '0123456789']);
    expect(r?.text).toBe('A72');
    expect(r?.chars[1].prob).toBeCloseTo(0.35, 5);
    // Less likely than the greedy path by the faint frame's odds.
    expect(bestPathLogProb(f) - r!.logProb).toBeCloseTo(Math.log(0.6 / 0.35), 4);
  });

  it('drops a doubled character when the layout is one shorter', () => {
    // "1", blank, "1" again, "5": greedy reads "115".
    const f = frames([sure('1'), { '': 0.55, '1': 0.4 }, sure('1'), B, sure('5')]);
    const r = decodeInSlots(f, ['0123456789', '0123456789']);
    expect(r?.text).toBe('15');
  });

  it('keeps equal neighbours apart only through a blank', () => {
    // "AA" needs a blank between the two: two frames cannot hold it, three only through a blank.
    expect(decodeInSlots(frames([sure('A'), sure('A')]), ['A', 'A'])).toBeUndefined();
    const three = frames([sure('A'), sure('A'), sure('A')]);
    expect(decodeInSlots(three, ['A', 'A'])!.logProb).toBeLessThan(bestPathLogProb(three));
    const apart = frames([sure('A'), B, sure('A')]);
    expect(decodeInSlots(apart, ['A', 'A'])?.text).toBe('AA');
  });

  it('gives nothing when there are fewer frames than slots', () => {
    expect(decodeInSlots(frames([sure('A')]), ['A', 'B'])).toBeUndefined();
  });

  it('counts a substituted character for the one it stands for', () => {
    const f = substitutedFrames(frames([{ O: 0.9 }]), { O: '0' });
    expect(decodeInSlots(f, ['0123456789'])?.text).toBe('0');
  });
});

describe('normalizePlate with CTC frames', () => {
  it('restores a character the greedy decode dropped, when the country format needs it', () => {
    // Mercosur ABC1D23 read as "ABC1D3": the "2" was 0.3 against the blank.
    const f = frames([
      sure('A'),
      B,
      sure('B'),
      B,
      sure('C'),
      B,
      sure('1'),
      B,
      sure('D'),
      B,
      { '': 0.65, '2': 0.3 },
      B,
      sure('3'),
    ]);
    const n = normalizePlate('ABC1D3', 'BR', undefined, f);
    expect(n.compact).toBe('ABC1D23');
    expect(n.formatId).toBe('br-mercosur');
    expect(n.fixes).toHaveLength(1);
  });

  it('keeps a read that fits as it is, however the frames go', () => {
    const f = frames([
      sure('A'),
      B,
      sure('B'),
      B,
      sure('C'),
      B,
      sure('1'),
      B,
      sure('2'),
      B,
      sure('3'),
      B,
      sure('4'),
    ]);
    const n = normalizePlate('ABC1234', 'BR', undefined, f);
    expect(n.compact).toBe('ABC1234');
    expect(n.fixes).toHaveLength(0);
  });

  it('leaves an unknown read as read when no layout is near', () => {
    const f = frames([sure('A'), B, sure('B')]);
    const n = normalizePlate('AB', 'BR', undefined, f);
    expect(n.matched).toBe(false);
    expect(n.compact).toBe('AB');
  });
});

describe('voteEvidence', () => {
  const ch = (char: string, probs: Record<string, number>) => ({
    char,
    prob: probs[char] ?? 0,
    probs,
  });

  it('outvotes one crop that read a character crisply wrong', () => {
    const lead = [ch('D', { D: 0.93, O: 0.03 }), ch('K', { K: 0.99 })];
    const others = [
      [ch('O', { O: 0.7, D: 0.1, '0': 0.15 }), ch('K', { K: 0.99 })],
      [ch('O', { O: 0.6, D: 0.1, '0': 0.25 }), ch('K', { K: 0.98 })],
    ];
    const vote = voteEvidence(lead, [lead, ...others]);
    expect(vote?.text).toBe('OK');
    expect(vote?.evidence[0].O).toBeCloseTo((0.03 + 0.7 + 0.6) / 3, 5);
  });

  it('leaves out reads of another length and needs two that agree', () => {
    const lead = [ch('A', { A: 0.9 })];
    expect(voteEvidence(lead, [lead, [ch('A', { A: 0.9 }), ch('B', { B: 0.9 })]])).toBeUndefined();
  });
});

describe('slot look-alike evidence', () => {
  it("counts a round 0's evidence for the O a letter slot accepts", () => {
    // Brazil's old plates: D 0.4 against O 0.35 and 0 0.25 — as a letter, the glyph is an O.
    const n = normalizePlate(
      'DKM2371',
      'BR',
      [
        { D: 0.4, O: 0.35, '0': 0.25 },
        { K: 1 },
        { M: 1 },
        { '2': 1 },
        { '3': 1 },
        { '7': 1 },
        { '1': 1 },
      ],
      undefined,
      { twins: true },
    );
    expect(n.compact).toBe('OKM2371');
  });

  it('keeps the character read when its own evidence is the strongest', () => {
    const n = normalizePlate(
      'DKM2371',
      'BR',
      [
        { D: 0.6, O: 0.25, '0': 0.1 },
        { K: 1 },
        { M: 1 },
        { '2': 1 },
        { '3': 1 },
        { '7': 1 },
        { '1': 1 },
      ],
      undefined,
      { twins: true },
    );
    expect(n.compact).toBe('DKM2371');
  });

  // Brazil's old plates with a read 0 in the first (letter) slot; the rest read crisply.
  const oldPlate = (first: Record<string, number>, rest = 'KM2371') => [
    first,
    ...[...rest].map((c) => ({ [c]: 1 })),
  ];

  it('reads a 0 in a letter slot as the O its evidence folds into, not the raw runner-up D', () => {
    const n = normalizePlate('0KM2371', 'BR', oldPlate({ '0': 0.46, D: 0.32, O: 0.2 }), undefined, {
      twins: true,
    });
    expect(n.compact).toBe('OKM2371');
    // What the fix costs is still the raw doubt that the glyph is a letter at all.
    expect(n.fixes[0].cost).toBeCloseTo(Math.log10(0.46 / 0.32), 5);
  });

  it('folds a twin only where the recogniser saw it: a 0 against a Q is a Q, a 7 against Z a Z', () => {
    const q = normalizePlate(
      'MX01601',
      'BR',
      [
        { M: 1 },
        { X: 1 },
        { '0': 0.59, Q: 0.36, O: 0.04 },
        ...[...'1601'].map((c) => ({ [c]: 1 })),
      ],
      undefined,
      { twins: true },
    );
    expect(q.compact).toBe('MXQ1601');
    const z = normalizePlate(
      'N7J6581',
      'BR',
      [{ N: 1 }, { '7': 0.57, Z: 0.35 }, ...[...'J6581'].map((c) => ({ [c]: 1 }))],
      undefined,
      { twins: true },
    );
    expect(z.compact).toBe('NZJ6581');
  });

  it('does not let a crisp digit into a letter slot for free (Mercosur fifth character)', () => {
    const ev = [...'NYM7544'].map((c) => ({ [c]: 1 }) as Record<string, number>);
    ev[4] = { '5': 0.98, S: 0.015 };
    const n = normalizePlate('NYM7544', 'BR', ev, undefined, { twins: true });
    expect(n).toMatchObject({ compact: 'NYM7544', formatId: 'br-old' });
  });
});

describe('Brazil: old and Mercosur layouts are equally likely', () => {
  it('a digit read as a digit keeps the old layout, even with some doubt towards a letter', () => {
    const ev = [...'NYM7544'].map((c) => ({ [c]: 1 }) as Record<string, number>);
    ev[4] = { '5': 0.61, S: 0.38 };
    expect(normalizePlate('NYM7544', 'BR', ev)).toMatchObject({
      text: 'NYM-7544',
      formatId: 'br-old',
    });
    // A letter read as a letter is a Mercosur plate.
    ev[4] = { S: 0.61, '5': 0.38 };
    expect(normalizePlate('NYM7S44', 'BR', ev).formatId).toBe('br-mercosur');
  });
});

describe('isStrictFormat', () => {
  it('holds for fully typed layouts of countries without free-form plates', () => {
    for (const id of ['br-mercosur', 'br-old', 'es-2000', 'pe-standard', 'pe-digit2'])
      expect(isStrictFormat(plateFormatById(id)!)).toBe(true);
  });
  it('not for the US serial layouts (vanity plates exist) nor for free-form formats', () => {
    for (const id of ['us-abc1234', 'us-1abc234', 'us-free'])
      expect(isStrictFormat(plateFormatById(id)!)).toBe(false);
  });
});
