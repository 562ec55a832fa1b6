import type { PlateRead } from '../../../electron/shared/domain/infraction';
import { COUNTRY_CODES, type CountryCode } from '../../../electron/shared/domain/plate-country';
import { compactPlate, normalizePlate } from './formats';
import { voteReads } from './vote';

/** One frame's plate read of a track, with whatever the caller keeps beside it (its crop). */
export interface TrackPlateRead<T> {
  plate: PlateRead;
  extra: T;
}

export interface CombinedPlateRead<T> {
  plate: PlateRead;
  /** The extra of the frame that stands for the result: the most confident frame that read the winning text. */
  extra: T;
  /** Frames read and frames that agreed with the winning length (they voted per character). */
  frames: number;
  support: number;
}

/**
 * Best-of-N across the frames of one track: the per-character vote of `voteReads` decides the text,
 * and the most confident frame that read exactly that text gives the crop and raw OCR string. When
 * no single frame read the winning text (it was assembled from several), the most confident frame
 * of the winning length stands for it and the text is normalised again for the country.
 */
export function combineTrackReads<T>(
  reads: readonly TrackPlateRead<T>[],
  country?: CountryCode,
): CombinedPlateRead<T> | undefined {
  if (reads.length === 0) return undefined;
  const byConfidence = [...reads].sort((a, b) => b.plate.confidence - a.plate.confidence);
  if (reads.length === 1) return { ...byConfidence[0], frames: 1, support: 1 };
  const vote = voteReads(
    reads.map((r) => ({ text: r.plate.text, confidence: r.plate.confidence })),
  );
  if (!vote) return { ...byConfidence[0], frames: reads.length, support: 1 };
  const exact = byConfidence.find((r) => compactPlate(r.plate.text) === vote.text);
  const stand =
    exact ?? byConfidence.find((r) => compactPlate(r.plate.text).length === vote.text.length)!;
  const text = exact
    ? exact.plate.text
    : normalizePlate(vote.text, asCountry(stand.plate.country) ?? country).text;
  return {
    plate: {
      ...stand.plate,
      text,
      confidence: Math.round(Math.min(1, Math.max(0, vote.confidence)) * 1000) / 1000,
    },
    extra: stand.extra,
    frames: vote.frames,
    support: vote.support,
  };
}

function asCountry(c: string | undefined): CountryCode | undefined {
  return COUNTRY_CODES.find((k) => k === c);
}
