import { describe, expect, it } from 'vitest';
import {
  checkPlateOcrOutput,
  decodePlateOcr,
  decodeSlots,
  parseFlatYaml,
  parsePlateOcrConfig,
} from '../../../../inference/vision/plates/plate-ocr';

// fast-plate-ocr's example config for Argentinian plates (its documented YAML format).
const AR_CONFIG = `# Config example for Argentinian License Plates
max_plate_slots: 7
alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_'
pad_char: '_'
img_height: 70
img_width: 140
keep_aspect_ratio: false
interpolation: linear
image_color_mode: grayscale
padding_color: [114, 114, 114]
`;

/** Probabilities of one plate, one row per slot: `rows[s]` maps character → probability. */
function slotProbs(alphabet: string, rows: Record<string, number>[]): Float32Array {
  const k = alphabet.length;
  const out = new Float32Array(rows.length * k);
  rows.forEach((r, s) => {
    for (const [ch, p] of Object.entries(r)) out[s * k + alphabet.indexOf(ch)] = p;
  });
  return out;
}

describe('plate-OCR config', () => {
  it("reads fast-plate-ocr's YAML, its padding colour list as one grey level", () => {
    const yaml = parseFlatYaml("a: 1\nb: 'x y'\nc: true # note\n\n# only a comment\nd: [1, 2]\n");
    expect(yaml).toEqual({ a: 1, b: 'x y', c: true, d: [1, 2] });
    const r = parsePlateOcrConfig(AR_CONFIG.replace('[114, 114, 114]', '[100, 110, 120]'));
    expect(r).toEqual({
      ok: true,
      config: {
        layout: 'slots',
        alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_',
        padChar: '_',
        maxPlateSlots: 7,
        blankIndex: 0,
        imgHeight: 70,
        imgWidth: 140,
        colorMode: 'grayscale',
        keepAspectRatio: false,
        paddingColor: 110,
      },
    });
    expect(parsePlateOcrConfig(AR_CONFIG.replace('[114, 114, 114]', '[1, 2]'))).toMatchObject({
      ok: false,
      code: 'plates.ocr.error.config',
      detail: expect.stringContaining('padding_color') as string,
    });
  });

  it('takes the same keys as JSON, and a CTC layout with its blank', () => {
    const r = parsePlateOcrConfig(
      JSON.stringify({ layout: 'ctc', alphabet: '-ABC123', img_height: 32, img_width: 100 }),
    );
    expect(r.ok && r.config).toMatchObject({ layout: 'ctc', blankIndex: 0, padChar: '' });
  });

  it.each([
    ['max_plate_slots: 7\npad_char: _\nimg_height: 70\nimg_width: 140\n', 'alphabet'],
    [
      "max_plate_slots: 7\nalphabet: 'AB'\npad_char: '_'\nimg_height: 70\nimg_width: 140\n",
      'pad_char',
    ],
    ["alphabet: 'AB_'\nimg_height: 70\nimg_width: 140\n", 'max_plate_slots'],
    ["max_plate_slots: 7\nalphabet: 'AAB_'\nimg_height: 70\nimg_width: 140\n", 'repeats'],
    ['{"alphabet": ', 'JSON'],
    ['- a\n- b\n', 'key: value'],
    [
      "max_plate_slots: 7\nalphabet: 'AB_'\nimg_height: 70\nimg_width: 140\nlayout: rnn\n",
      'layout',
    ],
  ])('refuses a bad config with what is wrong (%#)', (text, detail) => {
    const r = parsePlateOcrConfig(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.detail).toContain(detail);
  });
});

describe('plate-OCR output decoding', () => {
  const config = { alphabet: 'ABO0_', padChar: '_', maxPlateSlots: 4 };

  it('per slot: argmax, pad slots dropped wherever they are, runner-up and evidence kept', () => {
    const probs = slotProbs(config.alphabet, [
      { A: 0.9, B: 0.1 },
      { _: 0.8, A: 0.2 },
      { O: 0.6, '0': 0.4 },
      { _: 1 },
    ]);
    const r = decodeSlots(probs, config);
    expect(r.text).toBe('AO');
    expect(r.chars[1]).toMatchObject({ char: 'O', alt: { char: '0' } });
    expect(r.chars[1].probs).toEqual({ O: expect.closeTo(0.6, 5), '0': expect.closeTo(0.4, 5) });
    expect(r.confidence).toBeCloseTo(0.75, 5);
    expect(r.minProb).toBeCloseTo(0.6, 5);
  });

  it('an all-pad plate reads as nothing, with zero confidence', () => {
    const probs = slotProbs(config.alphabet, [{ _: 1 }, { _: 1 }, { _: 1 }, { _: 1 }]);
    expect(decodeSlots(probs, config)).toEqual({ text: '', chars: [], confidence: 0, minProb: 0 });
  });

  it('decodes each plate of a batch, and CTC steps by their blank', () => {
    const full = {
      ...config,
      layout: 'slots' as const,
      blankIndex: 0,
      imgHeight: 1,
      imgWidth: 1,
      colorMode: 'grayscale' as const,
      keepAspectRatio: false,
      paddingColor: 0,
    };
    const two = new Float32Array([
      ...slotProbs(config.alphabet, [{ A: 1 }, { B: 1 }, { _: 1 }, { _: 1 }]),
      ...slotProbs(config.alphabet, [{ B: 1 }, { _: 1 }, { O: 1 }, { A: 1 }]),
    ]);
    expect(decodePlateOcr(two, [2, 4, 5], full, 1).text).toBe('BOA');
    const ctc = { ...full, layout: 'ctc' as const, alphabet: '-AB1', blankIndex: 0 };
    const steps = slotProbs('-AB1', [{ A: 1 }, { A: 1 }, { '-': 1 }, { A: 1 }, { 1: 1 }]);
    expect(decodePlateOcr(steps, [1, 5, 4], ctc, 0).text).toBe('AA1');
  });

  it('checks the output shape against the config', () => {
    const c = parsePlateOcrConfig(AR_CONFIG);
    if (!c.ok) throw new Error('config');
    expect(checkPlateOcrOutput(c.config, [1, 7, 37])).toBeUndefined();
    expect(checkPlateOcrOutput(c.config, [1, 259])).toBeUndefined();
    expect(checkPlateOcrOutput(c.config, [1, 9, 37])).toMatch(/expected \[N, 7, 37\]/);
  });
});
