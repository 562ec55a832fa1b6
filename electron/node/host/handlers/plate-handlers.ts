import { repeatOffenderScore } from '../../../../inference/common/plates/repeat-offender';
import type { HostServices } from '../host-services';
import type { HandlerMap } from '../api-types';

const YEAR_MS = 365 * 86_400_000;

/**
 * The repeat-offender score of a plate from its stored infraction history (last 365 days, all
 * workstations once synced). Rejected infractions do not count against a plate.
 */
export function createPlateHandlers(services: HostServices): HandlerMap {
  return {
    'plates.repeatOffender': ({ plate }) => {
      const now = Date.now();
      const rows = services.store.db
        .prepare(
          `SELECT occurred_at AS occurredAt, type FROM infractions
           WHERE plate_text = ? AND occurred_at >= ? AND status != 'rejected'`,
        )
        .all(plate, now - YEAR_MS) as Array<{ occurredAt: number; type: string }>;
      return { plate, ...repeatOffenderScore(rows, now) };
    },
  };
}
