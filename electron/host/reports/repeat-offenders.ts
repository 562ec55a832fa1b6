import type Database from 'better-sqlite3';
import {
  repeatOffenderScore,
  type RepeatOffenderScore,
} from '../../../inference/vision/plates/repeat-offender';

const YEAR_MS = 365 * 86_400_000;

type Db = Pick<Database.Database, 'prepare'>;

/**
 * The repeat-offender score of a plate from its stored infraction history (last 365 days, all
 * workstations once synced), as of `now`. Rejected infractions do not count against a plate.
 * One function for review (`plates.repeatOffender`) and reports, so both show the same number.
 */
export function plateRepeatScore(db: Db, plate: string, now: number): RepeatOffenderScore {
  const rows = db
    .prepare(
      `SELECT occurred_at AS occurredAt, type FROM infractions
       WHERE plate_text = ? AND occurred_at >= ? AND status != 'rejected'`,
    )
    .all(plate, now - YEAR_MS) as Array<{ occurredAt: number; type: string }>;
  return repeatOffenderScore(rows, now);
}

/** Start of the window `plateRepeatScore` looks at. */
export const repeatWindowStart = (now: number): number => now - YEAR_MS;
