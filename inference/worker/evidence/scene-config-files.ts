import { readFile } from 'node:fs/promises';
import {
  calibrationConfigSchema,
  type CalibrationConfig,
} from '../../../electron/shared/config/calibration';
import { ruleSetSchema, type RuleSetConfig } from '../../../electron/shared/config/rules';
import { solveCalibration } from '../../vision/calibration/calibrate';

export interface SceneConfigError {
  /** i18n key: `calibration.error.*`, or `config.error.read` / `config.error.invalid`. */
  code: string;
  /** English, naming the file and what is wrong. */
  message: string;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: SceneConfigError };

async function readJson(file: string): Promise<Loaded<unknown>> {
  try {
    return { ok: true, value: JSON.parse(await readFile(file, 'utf8')) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'file not found'
        : err instanceof SyntaxError
          ? `not valid JSON (${err.message})`
          : err.message;
    return { ok: false, error: { code: 'config.error.read', message: `${file}: ${why}` } };
  }
}

function issues(
  file: string,
  e: { issues: Array<{ path: PropertyKey[]; message: string }> },
): SceneConfigError {
  const list = e.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return { code: 'config.error.invalid', message: `${file}: ${list.join('; ')}` };
}

/**
 * Reads and validates a calibration file (`watcher analyze --calibration`), and solves it once so
 * a degenerate calibration is refused up front with its reason, not discovered frame by frame.
 */
export async function loadCalibrationFile(file: string): Promise<Loaded<CalibrationConfig>> {
  const raw = await readJson(file);
  if (!raw.ok) return raw;
  const parsed = calibrationConfigSchema.safeParse(raw.value);
  if (!parsed.success) return { ok: false, error: issues(file, parsed.error) };
  const solved = solveCalibration(parsed.data);
  if (!solved.ok)
    return { ok: false, error: { code: solved.code, message: `${file}: ${solved.message}` } };
  return { ok: true, value: parsed.data };
}

/** Reads and validates a rule-set file (`watcher analyze --rules`). */
export async function loadRulesFile(file: string): Promise<Loaded<RuleSetConfig>> {
  const raw = await readJson(file);
  if (!raw.ok) return raw;
  const parsed = ruleSetSchema.safeParse(raw.value);
  if (!parsed.success) return { ok: false, error: issues(file, parsed.error) };
  return { ok: true, value: parsed.data };
}
