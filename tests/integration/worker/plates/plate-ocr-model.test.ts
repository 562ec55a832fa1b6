import { describe, expect, it } from 'vitest';
import { PlateOcrRecognizer } from '../../../../inference/worker/plates/plate-ocr-model';
import { normalizePlate } from '../../../../inference/vision/plates/formats';
import { renderSyntheticPlate, syntheticPlateOcrModel } from '../../../helpers/synthetic-plate-ocr';

// No plate-OCR model (fast-plate-ocr or a CTC plate model) is available here: these tests build
// a tiny synthetic one (a real ONNX file, run by the real ONNX Runtime) whose output is known
// from the picture it is given, and check the loading, preprocessing and decoding end to end.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_';
const SLOTS = 9;
const HEIGHT = 4;
const slotShape = { positions: SLOTS, classes: ALPHABET.length, height: HEIGHT };
/** fast-plate-ocr's own config format (its Latin-plate example, sized to the synthetic model). */
const SLOT_CONFIG = `# Max number of plate slots supported.
max_plate_slots: ${SLOTS}
alphabet: '${ALPHABET}'
pad_char: '_'
img_height: ${HEIGHT}
img_width: ${SLOTS * ALPHABET.length}
keep_aspect_ratio: false
interpolation: linear
image_color_mode: grayscale
`;
const sure = (ch: string, alphabet = ALPHABET) => ({ [alphabet.indexOf(ch)]: 255 });

describe('dedicated plate-OCR model (synthetic ONNX model, real ONNX Runtime)', () => {
  it('per-slot classifier: argmax per slot, pads dropped, probabilities feed the format fixes', async () => {
    const rec = await PlateOcrRecognizer.create(syntheticPlateOcrModel(slotShape), SLOT_CONFIG);
    try {
      // "12O4BCD": the third character is between O (brighter) and 0 — a Spanish plate has only
      // digits there, and the model's own runner-up says 0.
      const lit = [
        sure('1'),
        sure('2'),
        { [ALPHABET.indexOf('O')]: 140, [ALPHABET.indexOf('0')]: 120 },
        sure('4'),
        sure('B'),
        sure('C'),
        sure('D'),
        sure('_'),
        sure('_'),
      ];
      const [read] = await rec.recognize([renderSyntheticPlate(slotShape, lit)]);
      expect(read.text).toBe('12O4BCD');
      expect(read.chars[2].alt?.char).toBe('0');
      expect(read.chars[2].prob).toBeGreaterThan(0.5);
      expect(read.chars[2].prob).toBeLessThan(0.9);
      expect(read.chars[0].prob).toBeGreaterThan(0.99);
      expect(read.minProb).toBe(read.chars[2].prob);
      const plate = normalizePlate(
        read.text,
        'ES',
        read.chars.map((c) => c.probs),
      );
      expect(plate).toMatchObject({ compact: '1204BCD', matched: true, country: 'ES' });
    } finally {
      await rec.release();
    }
  });

  it('reads a batch, and a crop of another size is stretched to the model input', async () => {
    const rec = await PlateOcrRecognizer.create(syntheticPlateOcrModel(slotShape), SLOT_CONFIG);
    try {
      const a = renderSyntheticPlate(
        slotShape,
        [...'ABC123___'].map((c) => sure(c)),
      );
      // Twice as tall: resized back to the input height, the columns stay where they were.
      const b = renderSyntheticPlate(
        { ...slotShape, height: HEIGHT * 2 },
        [...'XY_Z789__'].map((c) => sure(c)),
      );
      const reads = await rec.recognize([a, b]);
      // A pad between characters is dropped as well (a two-part plate read slot by slot).
      expect(reads.map((r) => r.text)).toEqual(['ABC123', 'XYZ789']);
    } finally {
      await rec.release();
    }
  });

  it('fixed-step CTC layout: repeats merged, blanks dropped', async () => {
    const alphabet = '~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const steps = 12;
    const shape = { positions: steps, classes: alphabet.length, height: HEIGHT };
    const config = JSON.stringify({
      layout: 'ctc',
      alphabet,
      blank_index: 0,
      img_height: HEIGHT,
      img_width: steps * alphabet.length,
      image_color_mode: 'grayscale',
    });
    const grey = await PlateOcrRecognizer.create(syntheticPlateOcrModel(shape), config);
    try {
      const seq = [...'AAB~C1~12~~~'].map((c) => sure(c, alphabet));
      const [read] = await grey.recognize([renderSyntheticPlate(shape, seq)]);
      expect(read.text).toBe('ABC112');
      expect(read.confidence).toBeGreaterThan(0.99);
    } finally {
      await grey.release();
    }
  });

  it('a config that does not fit the model is a coded error, not a crash', async () => {
    const wrong = SLOT_CONFIG.replace(`max_plate_slots: ${SLOTS}`, 'max_plate_slots: 7');
    const rec = await PlateOcrRecognizer.create(syntheticPlateOcrModel(slotShape), wrong);
    try {
      await expect(
        rec.recognize([renderSyntheticPlate(slotShape, [sure('A')])]),
      ).rejects.toMatchObject({ code: 'plates.ocr.error.output' });
    } finally {
      await rec.release();
    }
    await expect(
      PlateOcrRecognizer.create(syntheticPlateOcrModel(slotShape), 'alphabet: AB\npad_char: _\n'),
    ).rejects.toMatchObject({ code: 'plates.ocr.error.config' });
  });
});
