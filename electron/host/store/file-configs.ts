import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/coded-error';

/** A calibration or rule-set version as the store's ConfigRepo returns it. */
export interface VersionedRecord {
  cameraId: string;
  version: number;
  data: unknown;
  createdAt: number;
  createdBy: string;
}

/** The slice of the store's ConfigRepo the calibration tool needs; ConfigRepo satisfies it. */
export interface VersionedConfigs {
  addCalibration(cameraId: string, data: unknown, actor: string): VersionedRecord;
  calibration(cameraId: string, version?: number): VersionedRecord | undefined;
  addRuleSet(cameraId: string, data: unknown, actor: string): VersionedRecord;
  ruleSet(cameraId: string, version?: number): VersionedRecord | undefined;
}

/**
 * Append-only versions in `<dataDir>/ui-config/<kind>-<cameraId>.json`, used while the host runs
 * without the SQLite store. Written atomically (temp file + rename).
 */
export class FileVersionedConfigs implements VersionedConfigs {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  addCalibration(cameraId: string, data: unknown, actor: string): VersionedRecord {
    return this.add('calibration', cameraId, data, actor);
  }
  calibration(cameraId: string, version?: number): VersionedRecord | undefined {
    return this.get('calibration', cameraId, version);
  }
  addRuleSet(cameraId: string, data: unknown, actor: string): VersionedRecord {
    return this.add('rules', cameraId, data, actor);
  }
  ruleSet(cameraId: string, version?: number): VersionedRecord | undefined {
    return this.get('rules', cameraId, version);
  }

  private file(kind: string, cameraId: string): string {
    // cameraId is validated to [A-Za-z0-9_-] by the API schema, so it is safe in a file name.
    return path.join(this.dir, `${kind}-${cameraId}.json`);
  }

  private read(kind: string, cameraId: string): VersionedRecord[] {
    const f = this.file(kind, cameraId);
    if (!existsSync(f)) return [];
    try {
      const parsed = JSON.parse(readFileSync(f, 'utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as VersionedRecord[]) : [];
    } catch {
      throw new CodedError('ui.config.corrupt', `${f} is not valid JSON`);
    }
  }

  private add(kind: string, cameraId: string, data: unknown, actor: string): VersionedRecord {
    const all = this.read(kind, cameraId);
    const rec: VersionedRecord = {
      cameraId,
      version: (all.at(-1)?.version ?? 0) + 1,
      data,
      createdAt: this.now(),
      createdBy: actor,
    };
    mkdirSync(this.dir, { recursive: true });
    const f = this.file(kind, cameraId);
    writeFileSync(`${f}.tmp`, JSON.stringify([...all, rec]));
    renameSync(`${f}.tmp`, f);
    return rec;
  }

  private get(kind: string, cameraId: string, version?: number): VersionedRecord | undefined {
    const all = this.read(kind, cameraId);
    return version === undefined ? all.at(-1) : all.find((r) => r.version === version);
  }
}
