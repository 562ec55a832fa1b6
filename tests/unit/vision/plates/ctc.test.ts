import { describe, expect, it } from 'vitest';
import { ctcClasses, ctcGreedyDecode, plateCharset } from '../../../../inference/vision/plates/ctc';

// A small stand-in dictionary with the same layout as ppocr_keys_v1.txt: one entry per line,
// non-plate characters mixed in, lowercase letters present.
const dict = ['京', 'A', 'B', 'O', '0', '1', '-', 'o', '8', '·'].join('\n') + '\n';
const classes = ctcClasses(dict);
const charset = plateCharset(classes);
const idx = (c: string) => classes.indexOf(c);

/** One probability row per step: the given class gets p, the rest shares 1 − p. */
function rows(steps: [string, number][]): Float32Array {
  const C = classes.length;
  const out = new Float32Array(steps.length * C);
  steps.forEach(([c, p], t) => {
    const k = c === '' ? 0 : idx(c);
    for (let j = 0; j < C; j++) out[t * C + j] = j === k ? p : (1 - p) / (C - 1);
  });
  return out;
}

describe('ctcClasses', () => {
  it('puts the blank first and the space last', () => {
    expect(classes[0]).toBe('');
    expect(classes[1]).toBe('京');
    expect(classes[classes.length - 1]).toBe(' ');
    expect(classes.length).toBe(10 + 2);
  });
});

describe('plateCharset', () => {
  it('keeps only plate characters, folding lowercase to uppercase', () => {
    expect(charset.chars).toEqual(['', 'A', 'B', 'O', '0', '1', 'O', '8']);
    expect(Array.from(charset.indices)).toEqual([
      0,
      idx('A'),
      idx('B'),
      idx('O'),
      idx('0'),
      idx('1'),
      idx('o'),
      idx('8'),
    ]);
  });
});

describe('ctcGreedyDecode', () => {
  it('merges repeats and drops blanks', () => {
    const p = rows([
      ['A', 0.9],
      ['A', 0.8],
      ['', 0.9],
      ['A', 0.7],
      ['B', 0.95],
      ['', 0.9],
      ['8', 0.6],
    ]);
    const d = ctcGreedyDecode(p, 7, classes.length, charset);
    expect(d.text).toBe('AAB8');
    expect(d.chars.map((c) => c.prob)).toEqual([0.9, 0.7, 0.95, 0.6].map((v) => Math.fround(v)));
    expect(d.minProb).toBeCloseTo(0.6, 5);
    expect(d.confidence).toBeCloseTo((0.9 + 0.7 + 0.95 + 0.6) / 4, 5);
  });

  it('ignores characters no plate carries, taking the best plate character instead', () => {
    const C = classes.length;
    const p = new Float32Array(2 * C);
    // Step 0: a Chinese character wins overall, "B" is the best plate character.
    p[idx('京')] = 0.7;
    p[idx('B')] = 0.2;
    p[0] = 0.1;
    // Step 1: a hyphen wins overall, blank is next: nothing is emitted.
    p[C + idx('-')] = 0.8;
    p[C + 0] = 0.15;
    p[C + idx('A')] = 0.05;
    const d = ctcGreedyDecode(p, 2, C, charset);
    expect(d.text).toBe('B');
  });

  it('folds lowercase and merges it with the same uppercase character', () => {
    const p = rows([
      ['o', 0.6],
      ['O', 0.9],
    ]);
    const d = ctcGreedyDecode(p, 2, classes.length, charset);
    expect(d.text).toBe('O');
    expect(d.chars[0].prob).toBeCloseTo(0.9, 5);
  });

  it('records the runner-up character for confusion analysis', () => {
    const C = classes.length;
    const p = new Float32Array(C);
    p[idx('0')] = 0.55;
    p[idx('O')] = 0.4;
    p[0] = 0.05;
    const d = ctcGreedyDecode(p, 1, C, charset);
    expect(d.chars[0]).toMatchObject({ char: '0', alt: { char: 'O' } });
  });

  it("keeps each character's evidence: every plate character's probability at its best frame, case folded", () => {
    const C = classes.length;
    const p = new Float32Array(2 * C);
    p[idx('0')] = 0.5;
    p[idx('O')] = 0.3;
    p[idx('o')] = 0.1;
    p[idx('8')] = 0.0005; // below MIN_EVIDENCE: left out
    p[0] = 0.0995;
    // Next frame: same character, less sure; the evidence stays that of the best frame.
    p[C + idx('0')] = 0.4;
    p[C + idx('B')] = 0.35;
    p[C + 0] = 0.25;
    const d = ctcGreedyDecode(p, 2, C, charset);
    expect(d.text).toBe('0');
    expect(d.chars[0].probs!['0']).toBeCloseTo(0.5, 5);
    expect(d.chars[0].probs!.O).toBeCloseTo(0.4, 5);
    expect(d.chars[0].probs!['8']).toBeUndefined();
    expect(d.chars[0].probs!.B).toBeUndefined();
  });

  it('decodes a batch item at an offset and gives zero confidence for an empty read', () => {
    const a = rows([['A', 0.9]]);
    const b = rows([['', 0.99]]);
    const both = new Float32Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(ctcGreedyDecode(both, 1, classes.length, charset, 0).text).toBe('A');
    const empty = ctcGreedyDecode(both, 1, classes.length, charset, classes.length);
    expect(empty).toMatchObject({ text: '', confidence: 0, minProb: 0 });
  });
});
