import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../electron/shared/i18n';
import { resolvePlateRecognizer } from '../../../inference/worker/plates/plate-ocr-resolve';
import { PlateOcrRecognizer } from '../../../inference/worker/plates/plate-ocr-model';
import { sharedFixture } from '../../helpers/fixtures';
import { renderSyntheticPlate, syntheticPlateOcrModel } from '../../helpers/synthetic-plate-ocr';
import { useApiHost } from '../../helpers/api-host';

// No trained plate-OCR model is available here: the imported model is the synthetic ONNX model of
// tests/helpers/synthetic-plate-ocr.ts (a real file run by the real ONNX Runtime), whose reading
// of a rendered code is known.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_';
const shape = { positions: 9, classes: ALPHABET.length, height: 4 };
const CONFIG = `# fast-plate-ocr plate config
max_plate_slots: 9
alphabet: '${ALPHABET}'
pad_char: '_'
img_height: 4
img_width: ${9 * ALPHABET.length}
keep_aspect_ratio: false
image_color_mode: grayscale
`;
const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
if (!yolo) console.log('skipped (detector refusal): models/yolov8n-416-int8.onnx is absent');

/**
 * Importing a dedicated plate-OCR model through the UI's chunked upload on a real host, with its
 * config: stored beside the model where the worker resolves it, listed with task `plate-ocr`,
 * registered as such, chosen by a camera and reading a rendered plate; bad configs, a config
 * that does not fit the model, a detector and an operator refused with coded, translated errors.
 */
describe('models.import of a plate-OCR model', () => {
  const api = useApiHost({
    prefix: 'import-plate-ocr',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
  });
  const { call } = api;
  const upload = api.uploadModel;
  let work: string;
  let modelFile: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'watcher-plate-ocr-src-'));
    modelFile = path.join(work, 'plates-es.onnx');
    writeFileSync(modelFile, syntheticPlateOcrModel(shape));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('imports the model with its config, lists and registers it as plate-ocr', async () => {
    const r = await upload(modelFile, { task: 'plate-ocr', plateOcrConfig: CONFIG });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.result).toMatchObject({ task: 'plate-ocr', numClasses: ALPHABET.length });
    expect(r.result.model).toMatchObject({
      id: 'plates-es',
      task: 'plate-ocr',
      inputSize: { width: 9 * ALPHABET.length, height: 4 },
      labelsCount: ALPHABET.length,
    });
    const modelsDir = path.join(api.dataDir, 'models');
    expect(readFileSync(path.join(modelsDir, 'plates-es.plate-ocr.yaml'), 'utf8')).toBe(CONFIG);
    const list = await call('models.list', {});
    expect(list.result.models.find((m: { id: string }) => m.id === 'plates-es').task).toBe(
      'plate-ocr',
    );
    const reg = await call('registry.register', { modelId: 'plates-es' });
    expect(reg.ok, JSON.stringify(reg.error)).toBe(true);
    expect(reg.result.version).toMatchObject({
      task: 'plate-ocr',
      layout: 'plate-ocr',
      inputSize: { width: 9 * ALPHABET.length, height: 4 },
    });
  });

  it('keeps a JSON config as JSON, where the worker finds it', async () => {
    const json = JSON.stringify({
      max_plate_slots: 9,
      alphabet: ALPHABET,
      pad_char: '_',
      img_height: 4,
      img_width: 9 * ALPHABET.length,
    });
    const r = await upload(modelFile, {
      task: 'plate-ocr',
      plateOcrConfig: json,
      id: 'plates-json',
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const modelsDir = path.join(api.dataDir, 'models');
    expect(resolvePlateRecognizer('plates-json', modelsDir).configPath).toBe(
      path.join(modelsDir, 'plates-json.plate-ocr.json'),
    );
    const removed = await call('models.remove', { id: 'plates-json' });
    expect(removed.result).toEqual({ removed: true });
    expect(existsSync(path.join(modelsDir, 'plates-json.plate-ocr.json'))).toBe(false);
  });

  it('a camera configured with it reads a rendered plate through it', async () => {
    const saved = await call('cameras.upsert', {
      camera: {
        id: 'gate',
        name: 'Gate',
        enabled: false,
        source: { kind: 'demo' },
        plates: { recognizer: { modelId: 'plates-es' } },
      },
    });
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    const cams = (await call('cameras.list', {})).result as Array<{
      id: string;
      plates?: { recognizer?: 'ppocr' | { modelId: string } };
    }>;
    const recognizer = cams.find((c) => c.id === 'gate')!.plates!.recognizer as {
      modelId: string;
    };
    const files = resolvePlateRecognizer(recognizer.modelId, path.join(api.dataDir, 'models'));
    expect(files.configPath).toBe(path.join(api.dataDir, 'models', 'plates-es.plate-ocr.yaml'));
    const rec = await PlateOcrRecognizer.fromFiles(files.modelPath, files.configPath);
    try {
      const lit = [...'1234BCD__'].map((ch) => ({ [ALPHABET.indexOf(ch)]: 255 }));
      const [read] = await rec.recognize([renderSyntheticPlate(shape, lit)]);
      expect(read.text).toBe('1234BCD');
    } finally {
      await rec.release();
    }
    // In use by the camera's recogniser: not removable.
    const removed = await call('models.remove', { id: 'plates-es' });
    expect(removed.error?.code).toBe('models.in_use');
  });

  it('refuses a missing or bad config, one that does not fit the model, and an operator', async () => {
    const none = await upload(modelFile, { task: 'plate-ocr' });
    expect(none.error?.code).toBe('plates.ocr.import.noConfig');
    const bad = await upload(modelFile, { task: 'plate-ocr', plateOcrConfig: 'alphabet: A\n' });
    expect(bad.error?.code).toBe('plates.ocr.error.config');
    // Seven slots where the model has nine.
    const misfit = await upload(modelFile, {
      task: 'plate-ocr',
      plateOcrConfig: CONFIG.replace('max_plate_slots: 9', 'max_plate_slots: 7'),
    });
    expect(misfit.error?.code).toBe('plates.ocr.error.output');
    expect(misfit.error?.message).toContain('expected [N, 7, 37]');
    const wrongInput = await upload(modelFile, {
      task: 'plate-ocr',
      plateOcrConfig: CONFIG.replace('img_height: 4', 'img_height: 70'),
    });
    expect(wrongInput.error?.code).toBe('plates.ocr.error.output');
    const byOperator = await upload(
      modelFile,
      { task: 'plate-ocr', plateOcrConfig: CONFIG },
      api.user,
    );
    expect(byOperator.error?.code).toBe('store.error.forbidden');
    for (const code of [
      'plates.ocr.import.noConfig',
      'plates.ocr.error.config',
      'plates.ocr.error.output',
      'models.task.mismatch',
      'registry.ui.task.plate-ocr',
    ])
      expect(Object.hasOwn(messages, code), code).toBe(true);
    const ids = (await call('models.list', {})).result.models.map((m: { id: string }) => m.id);
    expect(ids).toEqual(['plates-es']);
    expect(existsSync(path.join(api.dataDir, 'models', 'plates-es-2.onnx'))).toBe(false);
  });

  it.skipIf(!yolo)('refuses a detector uploaded as a plate-OCR model', async () => {
    const r = await upload(yolo!, { task: 'plate-ocr', plateOcrConfig: CONFIG });
    expect(r.error?.code).toBe('models.task.mismatch');
    expect(r.error?.message).toContain('plate-OCR');
  });
});
