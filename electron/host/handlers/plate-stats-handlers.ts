import { LOW_PLATE_CONFIDENCE, type CameraReadRate } from '../../shared/api/methods/plate-stats';
import type { DomainHandlers } from '../api-types';
import type { ControlRoomStore } from '../store/store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Per-camera read rates from the stored infractions since `sinceMs`, worst read rate first. */
export function cameraReadRates(store: ControlRoomStore, sinceMs: number): CameraReadRate[] {
  const rows = store.db
    .prepare(
      `SELECT camera_id AS cameraId, COUNT(*) AS infractions, COUNT(plate_text) AS read,
              AVG(plate_confidence) AS meanConfidence,
              SUM(CASE WHEN plate_text IS NOT NULL AND plate_confidence < ? THEN 1 ELSE 0 END) AS lowConfidence,
              SUM(CASE WHEN plate_state = 'unreadable' THEN 1 ELSE 0 END) AS unreadable
         FROM infractions WHERE occurred_at >= ? GROUP BY camera_id`,
    )
    .all(LOW_PLATE_CONFIDENCE, sinceMs) as {
    cameraId: string;
    infractions: number;
    read: number;
    meanConfidence: number | null;
    lowConfidence: number;
    unreadable: number;
  }[];
  return rows
    .map((r) => ({
      ...r,
      readRate: r.infractions ? r.read / r.infractions : 0,
      unreadableShare: r.infractions ? r.unreadable / r.infractions : 0,
      meanConfidence: r.meanConfidence === null ? null : Math.round(r.meanConfidence * 1000) / 1000,
    }))
    .sort((a, b) => a.readRate - b.readRate || a.cameraId.localeCompare(b.cameraId));
}

export function createPlateStatsHandlers(c: {
  store: ControlRoomStore;
  now?: () => number;
}): DomainHandlers<'plateStats'> {
  return {
    'plateStats.readRates': ({ days }) => {
      const sinceMs = (c.now ?? Date.now)() - (days ?? 7) * DAY_MS;
      return { sinceMs, cameras: cameraReadRates(c.store, sinceMs) };
    },
  };
}
