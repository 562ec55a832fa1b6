import { renameSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { CodedError, isCodedError } from '../../shared/coded-error';
import { readOnnxModelInfo } from '../../../inference/worker/onnx/onnx-model-info';
import { resolveLayout } from '../../../inference/vision/detect/layout';
import {
  checkPlateOcrOutput,
  parsePlateOcrConfig,
  type PlateOcrConfig,
} from '../../../inference/vision/plates/plate-ocr';
import { installNonDetectorFile } from './install-other';
import type { InstallMeta } from './install';

/** What an accepted plate-OCR model is: its parsed config and the config text as given. */
export interface CheckedPlateOcr {
  config: PlateOcrConfig;
  configText: string;
}

const numeric = (dims: ReadonlyArray<number | string>): number[] =>
  dims.map((d) => (typeof d === 'number' ? d : -1));

/**
 * A plate-OCR model the worker can run with its config: the config parses, the model's input is
 * [N, img_height, img_width, 1|3] where its dims are fixed, its first output has the config's
 * shape (slots × alphabet, or T × alphabet for CTC), and ONNX Runtime loads it. A detector's
 * outputs are named as such so the user knows they picked the wrong task.
 */
export async function checkPlateOcrModel(
  file: string,
  displayName: string,
  configText: string | undefined,
): Promise<CheckedPlateOcr> {
  if (configText === undefined || !configText.trim())
    throw new CodedError(
      'plates.ocr.import.noConfig',
      `${displayName}: a plate-OCR model needs its config file (YAML or JSON)`,
    );
  const parsed = parsePlateOcrConfig(configText);
  if (!parsed.ok)
    throw new CodedError(parsed.code, `${displayName}: plate-OCR config: ${parsed.detail}`, {
      detail: parsed.detail,
    });
  const config = parsed.config;
  let info;
  try {
    info = readOnnxModelInfo(file);
  } catch (err) {
    if (isCodedError(err))
      throw new CodedError(err.code, err.message.split(file).join(displayName));
    throw err;
  }
  const output = info.outputs[0];
  const input = info.inputs[0];
  const problem = output
    ? checkPlateOcrOutput(config, numeric(output.dims))
    : 'the model has no output';
  if (problem) {
    if (resolveLayout(info).ok)
      throw new CodedError(
        'models.task.mismatch',
        `${displayName}: its outputs are a detector's, not a plate-OCR model's`,
        { task: 'plate-ocr' },
      );
    throw new CodedError(
      'plates.ocr.error.output',
      `${displayName}: plate-OCR output: ${problem}`,
      {
        detail: problem,
      },
    );
  }
  const channels = config.colorMode === 'rgb' ? 3 : 1;
  const want = [config.imgHeight, config.imgWidth, channels];
  const dims = input ? numeric(input.dims) : [];
  const inputFits =
    dims.length === 4 && want.every((w, i) => dims[i + 1] === -1 || dims[i + 1] === w);
  if (!inputFits) {
    const detail = `input expected [N, ${want.join(', ')}], got [${dims.join(', ')}]`;
    throw new CodedError('plates.ocr.error.output', `${displayName}: plate-OCR ${detail}`, {
      detail,
    });
  }
  try {
    const session = await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      logSeverityLevel: 4,
    });
    await session.release();
  } catch (err) {
    throw new CodedError(
      'inference.session.failed',
      `${displayName} is ONNX but ONNX Runtime cannot load it: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  return { config, configText };
}

/** Where the worker looks for an installed model's plate-OCR config (see plate-ocr-resolve.ts). */
export function plateOcrConfigPath(modelsDir: string, id: string, configText: string): string {
  const ext = configText.trim().startsWith('{') ? 'json' : 'yaml';
  return path.join(modelsDir, `${id}.plate-ocr.${ext}`);
}

/**
 * Installs a checked plate-OCR model as `<id>.onnx` with its sidecar (task `plate-ocr`) and its
 * config beside it as `<id>.plate-ocr.yaml|json`, the name the worker resolves. The config lands
 * before the model, so a camera never finds the model without it.
 */
export async function installPlateOcrFile(
  file: string,
  modelsDir: string,
  id: string,
  checked: CheckedPlateOcr,
  meta: InstallMeta,
  opts: { move?: boolean; sha256?: string } = {},
): Promise<{ id: string; path: string; configPath: string }> {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(id))
    throw new CodedError(
      'models.bad_id',
      `model id "${id}": letters, digits, ".", "-" and "_" only`,
    );
  await mkdir(modelsDir, { recursive: true });
  const configPath = plateOcrConfigPath(modelsDir, id, checked.configText);
  // A config of the other extension left by an earlier model of this id would be read first.
  for (const ext of ['yaml', 'yml', 'json'])
    await rm(path.join(modelsDir, `${id}.plate-ocr.${ext}`), { force: true });
  writeFileSync(`${configPath}.tmp`, checked.configText);
  renameSync(`${configPath}.tmp`, configPath);
  const { config } = checked;
  const r = await installNonDetectorFile(
    file,
    modelsDir,
    id,
    {
      task: 'plate-ocr',
      inputWidth: config.imgWidth,
      inputHeight: config.imgHeight,
      outputs: [...config.alphabet].length,
      normalisation: {
        channelOrder: 'rgb',
        scale: 'raw',
        tensorLayout: 'nhwc',
        letterbox: config.keepAspectRatio ? 'centre' : 'stretch',
        padValue: config.paddingColor,
      },
    },
    { ...meta, labels: [...config.alphabet] },
    opts,
  );
  return { ...r, configPath };
}
