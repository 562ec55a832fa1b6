import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePlateRecognizer } from '../../../../inference/worker/plates/plate-ocr-resolve';
import { plateReaderForInfractions } from '../../../../inference/worker/scene/plate-reading';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { syntheticPlateOcrModel } from '../../../helpers/synthetic-plate-ocr';
import { fixtures } from '../../../helpers/fixtures';

// No plate-OCR model is available here: the camera's dedicated recogniser is the synthetic ONNX
// model of tests/helpers/synthetic-plate-ocr.ts, which cannot read a real plate. That is what
// shows it is the one reading: the PP-OCR text of the photo does not come back with it.

const plates = fixtures.platesUs();
if (!plates)
  console.log('skipped: the US plate photos (WATCHER_SHARED_DIR fixtures/plates/us) are absent');
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_';
const shape = { positions: 9, classes: ALPHABET.length, height: 4 };
const CONFIG = `max_plate_slots: 9
alphabet: '${ALPHABET}'
pad_char: '_'
img_height: 4
img_width: ${9 * ALPHABET.length}
image_color_mode: grayscale
`;

describe("a camera's dedicated plate-OCR model", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-plate-ocr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'plates-es.onnx'), syntheticPlateOcrModel(shape));
  writeFileSync(path.join(dir, 'plates-es.plate-ocr.yaml'), CONFIG);
  writeFileSync(path.join(dir, 'no-config.onnx'), syntheticPlateOcrModel(shape));
  writeFileSync(path.join(dir, 'bad.onnx'), syntheticPlateOcrModel(shape));
  writeFileSync(path.join(dir, 'bad.yaml'), 'alphabet: A\n');

  it('is chosen per camera beside PP-OCR in the camera config', () => {
    const base = { id: 'gate', name: 'Gate', source: { kind: 'demo' } };
    expect(cameraConfigSchema.parse({ ...base, plates: { recognizer: 'ppocr' } }).plates).toEqual({
      recognizer: 'ppocr',
    });
    expect(
      cameraConfigSchema.parse({ ...base, plates: { recognizer: { modelId: 'plates-es' } } })
        .plates,
    ).toEqual({ recognizer: { modelId: 'plates-es' } });
    expect(
      cameraConfigSchema.safeParse({ ...base, plates: { recognizer: 'tesseract' } }).success,
    ).toBe(false);
  });

  it('resolves the model with its config beside it; without one, a coded error', () => {
    expect(resolvePlateRecognizer('plates-es', dir)).toEqual({
      modelPath: path.join(dir, 'plates-es.onnx'),
      configPath: path.join(dir, 'plates-es.plate-ocr.yaml'),
    });
    expect(resolvePlateRecognizer('bad', dir).configPath).toBe(path.join(dir, 'bad.yaml'));
    expect(() => resolvePlateRecognizer('no-config', dir)).toThrow(
      expect.objectContaining({ code: 'plates.ocr.error.config' }) as Error,
    );
    expect(() => resolvePlateRecognizer('absent', dir)).toThrow(
      expect.objectContaining({ code: 'inference.model.not_found' }) as Error,
    );
  });

  it.skipIf(!plates)(
    'reads the vehicle crop with it; a model whose config is bad falls back to PP-OCR, logged',
    async () => {
      const photo = readFileSync(path.join(plates!, 'car13.jpg'));
      const truth = readFileSync(path.join(plates!, 'car13.txt'), 'utf8').trim().split('\t')[5];
      const logs: string[] = [];
      const log = (_l: string, msg: string) => void logs.push(msg);
      const withModel = await plateReaderForInfractions(
        log,
        'US',
        undefined,
        resolvePlateRecognizer('plates-es', dir),
      )(photo);
      expect(logs.filter((m) => m.includes('unavailable'))).toEqual([]);
      const text = withModel && 'plate' in withModel ? withModel.plate.rawText : '';
      expect(text).not.toBe(truth);

      const fallback = await plateReaderForInfractions(
        log,
        'US',
        undefined,
        resolvePlateRecognizer('bad', dir),
      )(photo);
      expect(logs).toContain('plate-OCR model unavailable; PP-OCR reads the plates');
      expect(fallback && 'plate' in fallback && fallback.plate.text.replace(/[^A-Z0-9]/g, '')).toBe(
        truth,
      );
    },
  );
});
