import type { PlateRead } from '../../../electron/common/domain/infraction';
import { PlateReader } from '../plates';
import type { CountryCode } from '../../common/plates/formats';

type Log = (
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

let shared: Promise<PlateReader | undefined> | undefined;

/**
 * One plate reader per worker, loaded on the first infraction (three ONNX models: only workers
 * that produce infractions pay for them). If it cannot load, infractions go on without plates.
 */
export function plateReaderForInfractions(
  log: Log,
  country?: CountryCode,
): (crop: Buffer) => Promise<{ plate: PlateRead; plateCropJpeg?: Uint8Array } | undefined> {
  return async (crop) => {
    shared ??= PlateReader.create().catch((err: unknown) => {
      log('error', 'plate reader unavailable; infractions are stored without plates', {
        error: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    });
    const reader = await shared;
    if (!reader) return undefined;
    const result = await reader.read(crop, country ? { country } : {});
    if (!result.ok) {
      log('info', 'no plate read on the vehicle crop', { reason: result.reason });
      return undefined;
    }
    return { plate: result.plate, plateCropJpeg: result.cropJpeg };
  };
}
