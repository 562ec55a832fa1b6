import type { PlateRead } from '../../../electron/shared/domain/infraction';
import { PlateReader } from '../plates';
import { unreadablePlateCrop } from '../plates/unreadable-crop';
import { PlateOcrRecognizer } from '../plates/plate-ocr-model';
import type { PlateRecognizerModel } from '../plates/plate-ocr-resolve';
import type { PlateCountries } from '../../../electron/shared/domain/plate-country';
import type { LayoutOverride } from '../../vision/detect/layout';
import type {
  PlateReadRequest,
  PlateReadResult,
} from '../../../electron/shared/protocol/worker-protocol';

type Log = (
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** One reader per plate detector (none: the OCR text detector localises), shared by the worker. */
const readers = new Map<string, Promise<PlateReader | undefined>>();

type WithoutId<T> = T extends unknown ? Omit<T, 'requestId'> : never;

/** Where a camera's dedicated plate-detector model is, resolved in the worker's models folder. */
export interface PlateDetectorModel {
  path: string;
  override?: LayoutOverride;
}

/**
 * A plate reader per worker and plate detector, loaded on first use (three or four ONNX models:
 * only workers that read plates pay for them). Undefined when it cannot load (the reason is
 * logged once); infractions then go on without plates.
 */
function sharedReader(
  log: Log,
  detector?: PlateDetectorModel,
  recognizer?: PlateRecognizerModel,
): Promise<PlateReader | undefined> {
  const key = `${detector?.path ?? ''}|${recognizer?.modelPath ?? ''}`;
  let reader = readers.get(key);
  if (!reader) {
    reader = (async () => {
      // A dedicated plate-OCR model that cannot load is logged; PP-OCR reads instead.
      const rec = recognizer
        ? await PlateOcrRecognizer.fromFiles(recognizer.modelPath, recognizer.configPath).catch(
            (err: unknown) => {
              log('error', 'plate-OCR model unavailable; PP-OCR reads the plates', {
                plateRecognizer: recognizer.modelPath,
                error: err instanceof Error ? err.message : String(err),
              });
              return undefined;
            },
          )
        : undefined;
      return PlateReader.create({
        ...(detector
          ? { plateDetector: { modelPath: detector.path, override: detector.override } }
          : {}),
        ...(rec ? { recognizer: rec } : {}),
      });
    })().catch((err: unknown) => {
      log('error', 'plate reader unavailable; infractions are stored without plates', {
        ...(detector ? { plateDetector: detector.path } : {}),
        error: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    });
    readers.set(key, reader);
  }
  return reader;
}

/**
 * What the reader made of one vehicle crop: a read (`doubtful` when the fast read wants the
 * thorough second look; `score` its line's score), a plate it found but could not read (with how
 * close it came and the plate's picture), or nothing (no plate-like text: undefined).
 */
export type VehiclePlateRead =
  | { plate: PlateRead; plateCropJpeg?: Uint8Array; doubtful?: boolean; score?: number }
  | { unreadable: { score: number; reason: string }; plateCropJpeg?: Uint8Array };

/**
 * The per-frame plate read of a vehicle crop, and `thorough`: the bounded second look, which the
 * evidence writer gives one crop of a track whose fast reads all stayed doubtful.
 */
export type VehiclePlateReader = ((crop: Buffer) => Promise<VehiclePlateRead | undefined>) & {
  thorough?: (crop: Buffer) => Promise<VehiclePlateRead | undefined>;
};

/**
 * The reader on the vehicle crops of each infraction, in vehicle mode: each crop gets the fast
 * read (the frame budget, about 100 ms on one thread; see `bench plates`), and `thorough` the
 * second look for a doubtful track's best crop. If it cannot load, infractions go on without plates.
 */
export function plateReaderForInfractions(
  log: Log,
  country?: PlateCountries,
  detector?: PlateDetectorModel,
  recognizer?: PlateRecognizerModel,
): VehiclePlateReader {
  const readWith =
    (vehicleRead: 'fast' | 'thorough') =>
    async (crop: Buffer): Promise<VehiclePlateRead | undefined> => {
      const reader = await sharedReader(log, detector, recognizer);
      if (!reader) return undefined;
      const result = await reader.read(crop, {
        mode: 'vehicle',
        vehicleRead,
        ...(country ? { country } : {}),
      });
      if (!result.ok) {
        log('info', 'no plate read on the vehicle crop', { reason: result.reason, vehicleRead });
        // Plate-like lines were read but none passed: a plate is there, unreadable.
        const best = result.candidates?.[0];
        if (!best) return undefined;
        const jpeg = await unreadablePlateCrop(crop, best);
        return {
          unreadable: { score: best.score, reason: result.reason },
          ...(jpeg ? { plateCropJpeg: new Uint8Array(jpeg) } : {}),
        };
      }
      return {
        plate: result.plate,
        plateCropJpeg: result.cropJpeg,
        doubtful: !!result.doubtful,
        score: result.candidates[0]?.score ?? result.plate.confidence,
      };
    };
  return Object.assign(readWith('fast'), { thorough: readWith('thorough') });
}

/**
 * Review's "read the plate again": the same shared reader on a stored image, with every candidate
 * so the operator sees why the winner won. Always answers (never throws).
 */
export async function readPlateOnDemand(
  req: Omit<PlateReadRequest, 'requestId'>,
  log: Log,
): Promise<WithoutId<PlateReadResult>> {
  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  const reader = await sharedReader(log);
  if (!reader)
    return {
      ok: false,
      code: 'plates.read.unavailable',
      message: 'the plate reader could not be loaded in this worker',
      candidates: [],
      elapsedMs: elapsedMs(),
    };
  const r = await reader.read(Buffer.from(req.image), {
    ...(req.country ? { country: req.country } : {}),
    ...(req.vehicleBox ? { vehicleBox: req.vehicleBox } : {}),
  });
  const candidates = (r.candidates ?? []).map((c) => ({
    text: c.text,
    rawText: c.rawText,
    score: Math.round(c.score * 1000) / 1000,
  }));
  if (!r.ok)
    return { ok: false, code: r.reason, message: r.message, candidates, elapsedMs: elapsedMs() };
  return {
    ok: true,
    plate: r.plate,
    box: r.box,
    cropJpeg: new Uint8Array(r.cropJpeg),
    candidates,
    elapsedMs: elapsedMs(),
  };
}
