import { CodedError } from '../../shared/coded-error';
import type { ControlRoomStore } from './store';

const HOUR = 3_600_000;

/** One day's aggregates (benchmarks and scripts; the reports view uses the period report). */
export interface DailyReport {
  date: string;
  total: number;
  byType: Record<string, number>;
  byStatus: Record<string, number>;
  byHour: number[];
  topPlates: Array<{ plate: string; count: number }>;
  avgSpeedExcessKmh?: number;
  lines: Array<{ lineId: string; direction: string; count: number }>;
}

/** Start and end (epoch ms) of a calendar day in a zone `tzOffsetMinutes` east of UTC. */
export function dayBounds(date: string, tzOffsetMinutes: number): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const utc = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(utc) || new Date(utc).toISOString().slice(0, 10) !== date) {
    throw new CodedError('store.error.invalidInput', `invalid date ${date} (expected YYYY-MM-DD)`, {
      field: 'date',
    });
  }
  const from = utc - tzOffsetMinutes * 60_000;
  return { from, to: from + 24 * HOUR };
}

/** Aggregates for reports; each query walks one day of the time indexes only. */
export class ReportService {
  constructor(private readonly store: ControlRoomStore) {}

  daily(q: { date: string; tzOffsetMinutes?: number; cameraId?: string }): DailyReport {
    const { from, to } = dayBounds(q.date, q.tzOffsetMinutes ?? 0);
    const db = this.store.db;
    const cam = q.cameraId ? ' AND camera_id = ?' : '';
    const args = q.cameraId ? [from, to, q.cameraId] : [from, to];
    const range = `FROM infractions WHERE occurred_at >= ? AND occurred_at < ?${cam}`;

    const byType: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    const byHour = new Array<number>(24).fill(0);
    let total = 0;
    let excessSum = 0;
    let excessN = 0;
    type Group = {
      type: string;
      status: string;
      hour: number;
      n: number;
      excess: number | null;
      excess_n: number;
    };
    // Days starting on a whole UTC hour (every zone but a few half-hour ones) read the hourly
    // rollup; the others group the day's rows.
    const groups = (
      (q.tzOffsetMinutes ?? 0) % 60 === 0
        ? db
            .prepare(
              `SELECT type, status, hour - ? AS hour, SUM(n) AS n, SUM(excess_sum) AS excess, SUM(excess_n) AS excess_n
               FROM infraction_hourly WHERE hour >= ? AND hour < ?${cam} AND n > 0 GROUP BY type, status, hour`,
            )
            .all(from / HOUR, from / HOUR, to / HOUR, ...(q.cameraId ? [q.cameraId] : []))
        : db
            .prepare(
              `SELECT type, status, (occurred_at - ?) / ${HOUR} AS hour, COUNT(*) AS n,
                      SUM(speed_excess) AS excess, COUNT(speed_excess) AS excess_n
               ${range} GROUP BY type, status, hour`,
            )
            .all(from, ...args)
    ) as Group[];
    for (const g of groups) {
      total += g.n;
      byType[g.type] = (byType[g.type] ?? 0) + g.n;
      byStatus[g.status] = (byStatus[g.status] ?? 0) + g.n;
      byHour[Math.min(23, Math.max(0, Math.floor(g.hour)))] += g.n;
      if (g.excess !== null && g.excess_n > 0) {
        excessSum += g.excess;
        excessN += g.excess_n;
      }
    }
    const topPlates = db
      .prepare(
        `SELECT plate_text AS plate, COUNT(*) AS count ${range} AND plate_text IS NOT NULL
         GROUP BY plate_text HAVING COUNT(*) > 1 ORDER BY count DESC, plate LIMIT 10`,
      )
      .all(...args) as Array<{ plate: string; count: number }>;
    const lines = db
      .prepare(
        `SELECT line_id AS lineId, COALESCE(direction, '') AS direction, COUNT(*) AS count FROM events
         WHERE ts >= ? AND ts < ? AND line_id IS NOT NULL${cam} GROUP BY line_id, direction ORDER BY line_id, direction`,
      )
      .all(...args) as Array<{ lineId: string; direction: string; count: number }>;
    return {
      date: q.date,
      total,
      byType,
      byStatus,
      byHour,
      topPlates,
      avgSpeedExcessKmh: excessN ? excessSum / excessN : undefined,
      lines,
    };
  }
}
