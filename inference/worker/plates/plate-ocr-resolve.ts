import { existsSync } from 'node:fs';
import { CodedError } from '../../../electron/shared/coded-error';
import { resolveModel } from '../detector/model-resolver';

/** A dedicated plate-OCR model's files, as the worker loads them. */
export interface PlateRecognizerModel {
  modelPath: string;
  configPath: string;
}

/** Config files looked for beside a plate-OCR model, in this order. */
const CONFIG_SUFFIXES = ['.plate-ocr.yaml', '.plate-ocr.yml', '.plate-ocr.json', '.yaml', '.yml'];

/**
 * A camera's `plates.recognizer.modelId` → its model file (as detectors resolve: installed id
 * or path) and its plate config beside it (`<model>.plate-ocr.yaml`, `.yml`, `.json`, or the
 * `.yaml` fast-plate-ocr ships with the model). A missing config is a coded error.
 */
export function resolvePlateRecognizer(modelId: string, modelsDir: string): PlateRecognizerModel {
  const { path: modelPath } = resolveModel(modelId, modelsDir);
  const stem = modelPath.replace(/\.onnx$/i, '');
  const configPath = CONFIG_SUFFIXES.map((s) => stem + s).find((f) => existsSync(f));
  if (!configPath)
    throw new CodedError(
      'plates.ocr.error.config',
      `plate-OCR model ${modelPath} has no config beside it (${CONFIG_SUFFIXES.map((s) => `${stem}${s}`).join(', ')})`,
      { detail: 'no config file beside the model' },
    );
  return { modelPath, configPath };
}
