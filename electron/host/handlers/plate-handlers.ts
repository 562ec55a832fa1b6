import { CodedError } from '../../shared/coded-error';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import type { PlateReread } from '../../shared/api/methods/plates';
import {
  COUNTRY_CODES,
  type CountryCode,
  type PlateCountries,
} from '../../shared/domain/plate-country';
import { MAX_PLATE_IMAGE_BYTES } from '../../shared/protocol/worker-protocol';
import { plateRepeatScore } from '../reports/repeat-offenders';
import type { PlateReadClient } from '../plate-read-client';
import type { ControlRoomStore } from '../store/store';
import type { DomainHandlers } from '../api-types';

/** What `plates.read` needs from the host beyond the store. */
export interface PlateReadDeps {
  reads: Pick<PlateReadClient, 'read'>;
  /** The camera's configured plate countries (one, several or `auto`), when it has any. */
  plateCountry(cameraId: string): PlateCountries | undefined;
}

/** What `plates.*` needs: the store, the vehicle registry's name, evidence, and the readers. */
export interface PlateContext {
  store: Pick<ControlRoomStore, 'db' | 'infractions' | 'audit' | 'tx'>;
  /** `none` when no vehicle registry is configured. */
  registryName: string;
  evidenceRoot: string;
  /** Absent: `plates.read` is not available (no inference workers). */
  reads?: PlateReadDeps;
}

export interface PlateImage {
  source: 'crop' | 'snapshot';
  bytes: Buffer;
  /** The vehicle in the image's pixels (snapshot only: the crop is the vehicle). */
  vehicleBox?: InfractionRecord['box'];
}

/**
 * The stored image to read a plate on again: the vehicle crop (what the automatic read used), else
 * the annotated snapshot with the infraction's box. Bytes are checked against the sha256 sealed
 * with the evidence; a modified file is refused rather than read. Files are only read, never written.
 */
export async function plateImageOf(
  rec: InfractionRecord,
  evidenceRoot: string,
): Promise<PlateImage> {
  const root = path.resolve(evidenceRoot);
  let unreadable: string | undefined;
  for (const kind of ['crop', 'snapshot'] as const) {
    const file = rec.evidence.find((e) => e.kind === kind);
    if (!file || file.prunedAt !== undefined || !file.present) continue;
    const full = path.resolve(root, file.path);
    if (!full.startsWith(root + path.sep) || !existsSync(full)) {
      unreadable = file.path;
      continue;
    }
    if (file.bytes > MAX_PLATE_IMAGE_BYTES) continue;
    const bytes = readFileSync(full);
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256)
      throw new CodedError(
        'plates.read.evidenceModified',
        `${file.path} does not match the sha256 sealed with the infraction; it is not read`,
        { kind },
      );
    if (kind === 'crop') return { source: kind, bytes };
    return { source: kind, bytes, ...(await boxInside(bytes, rec.box)) };
  }
  if (unreadable)
    throw new CodedError('plates.read.evidenceMissing', `${unreadable} is missing on disk`, {
      path: unreadable,
    });
  throw new CodedError(
    'plates.read.noImage',
    'the infraction has no vehicle crop or snapshot to read (never stored, pruned or still downloading)',
  );
}

/**
 * The infraction's box is in source pixels; a snapshot cut from a scaled preview has other
 * pixels. The box is passed only when it lies inside the image, else the whole image is read.
 */
async function boxInside(
  jpeg: Buffer,
  box: InfractionRecord['box'],
): Promise<{ vehicleBox?: InfractionRecord['box'] }> {
  const meta = await sharp(jpeg)
    .metadata()
    .catch(() => undefined);
  if (!meta?.width || !meta.height) return {};
  const ok =
    box.x1 >= 0 &&
    box.y1 >= 0 &&
    box.x2 <= meta.width + 1 &&
    box.y2 <= meta.height + 1 &&
    box.x2 - box.x1 >= 8 &&
    box.y2 - box.y1 >= 8;
  return ok ? { vehicleBox: box } : {};
}

const isCountry = (c: string | undefined): c is CountryCode =>
  !!c && (COUNTRY_CODES as readonly string[]).includes(c);

/**
 * Plate-area methods: the repeat-offender score of a plate from its stored history, the vehicle
 * registry's answer, and review's "read the plate again".
 */
export function createPlateHandlers(c: PlateContext): DomainHandlers<'plates'> {
  const { store, reads: deps } = c;
  return {
    'plates.enrichment': ({ infractionId }) => {
      const row = store.db
        .prepare('SELECT * FROM infraction_enrichment WHERE infraction_id = ?')
        .get(infractionId) as
        | {
            status: string;
            provider: string;
            vehicle_json: string | null;
            reason: string | null;
            message: string | null;
            updated_at: number;
          }
        | undefined;
      if (!row) return { status: c.registryName === 'none' ? 'disabled' : 'pending' };
      return {
        status: row.status as 'found',
        provider: row.provider,
        ...(row.vehicle_json
          ? { vehicle: JSON.parse(row.vehicle_json) as Record<string, string> }
          : {}),
        ...(row.reason ? { reason: row.reason } : {}),
        ...(row.message ? { message: row.message } : {}),
        updatedAt: row.updated_at,
      };
    },
    'plates.repeatOffender': ({ plate }) => ({
      plate,
      ...plateRepeatScore(store.db, plate, Date.now()),
    }),
    'plates.read': async ({ infractionId }, ctx) => {
      if (!deps) throw new CodedError('api.not_available', 'plates.read needs inference workers');
      const rec = store.infractions.get(infractionId);
      if (!rec)
        throw new CodedError('plates.read.notFound', `no infraction ${infractionId}`, {
          id: infractionId,
        });
      const image = await plateImageOf(rec, c.evidenceRoot);
      const country =
        deps.plateCountry(rec.cameraId) ??
        (isCountry(rec.plate?.country) ? rec.plate.country : undefined);
      // The reader rejects with a CodedError (busy, no worker, timeout, worker gone).
      const answer = await deps.reads.read(
        {
          image: new Uint8Array(image.bytes),
          ...(image.vehicleBox ? { vehicleBox: image.vehicleBox } : {}),
          ...(country ? { country } : {}),
        },
        rec.cameraId,
      );
      const r = answer.result;
      // The reader itself failing is an error; "no plate" is an answer the operator sees.
      if (!r.ok && !r.code.startsWith('plates.reason.')) throw new CodedError(r.code, r.message);
      // Who read which infraction again, and what came out: in its history beside the edits.
      store.tx(() =>
        store.audit.append(
          ctx.session?.username ?? 'local',
          'infraction.plateRead',
          `infraction:${rec.id}`,
          r.ok
            ? {
                source: image.source,
                text: r.plate.text,
                confidence: r.plate.confidence,
                current: rec.plate?.text,
              }
            : { source: image.source, reason: r.code, current: rec.plate?.text },
        ),
      );
      const common = {
        source: image.source,
        candidates: r.candidates,
        elapsedMs: r.elapsedMs,
      };
      const result: PlateReread = r.ok
        ? {
            ok: true,
            plate: r.plate,
            ...(r.cropJpeg
              ? { plateCropJpegBase64: Buffer.from(r.cropJpeg).toString('base64') }
              : {}),
            ...common,
          }
        : { ok: false, code: r.code, message: r.message, ...common };
      return result;
    },
  };
}
