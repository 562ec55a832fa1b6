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
    'plates.enrichment': ({ infractionId }) => {
      const row = services.store.db
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
      if (!row) return { status: services.registry.name === 'none' ? 'disabled' : 'pending' };
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
