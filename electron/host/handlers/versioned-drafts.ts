import type { z } from 'zod';
import { CodedError } from '../../shared/coded-error';
import type { VersionedRecord } from '../store/file-configs';

/**
 * A stored calibration or rule-set version as the editor's draft. Versions are stored in the
 * tracking/rules areas' shapes (what the workers load) with the editor's draft under `editor`; a
 * version written by another tool has no `editor` and is converted back from the config itself.
 */
export function draftOf<T>(
  rec: VersionedRecord | undefined,
  schema: z.ZodType<T>,
  fromConfig: (data: unknown) => T | undefined,
) {
  if (!rec) return null;
  const editor = schema.safeParse((rec.data as { editor?: unknown } | null)?.editor);
  const data = editor.success ? editor.data : fromConfig(rec.data);
  if (data === undefined)
    throw new CodedError(
      'ui.config.incompatible',
      `version ${rec.version} of camera ${rec.cameraId} has an unexpected shape`,
      { version: rec.version },
    );
  return { version: rec.version, createdAt: rec.createdAt, createdBy: rec.createdBy, data };
}

/** The version fields a save answers with. */
export const savedVersion = (rec: VersionedRecord) => ({
  version: rec.version,
  createdAt: rec.createdAt,
  createdBy: rec.createdBy,
});

export function requireCamera(cameras: { get(id: string): unknown }, id: string): void {
  if (!cameras.get(id)) throw new CodedError('camera.not_found', `no camera "${id}"`, { id });
}
