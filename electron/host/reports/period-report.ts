import { CodedError } from '../../shared/coded-error';
import type Database from 'better-sqlite3';
import {
  MAX_REPORT_DAYS,
  type PeriodReport,
  type RepeatPlate,
  type ReportPeriod,
} from '../../shared/api/methods/report-schemas';
import { dayBounds } from '../store/reports';
import { plateRepeatScore, repeatWindowStart } from './repeat-offenders';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Db = Pick<Database.Database, 'prepare'>;

/** Plates of the period considered for the repeat table (most infractions in 365 days first). */
const REPEAT_CANDIDATES = 100;
/** Rows of the repeat table. */
export const REPEAT_PLATES_SHOWN = 20;

export interface PeriodBounds {
  startMs: number;
  endMs: number;
  days: number;
}

/**
 * [start, end) of whole local days `from`..`to` (both included) in a zone `tzOffsetMinutes` east
 * of UTC. The offset is the one of `from` for the whole period (a period across a daylight-saving
 * change is off by that hour on one side of it).
 */
export function periodBounds(from: string, to: string, tzOffsetMinutes: number): PeriodBounds {
  const a = dayBounds(from, tzOffsetMinutes);
  const b = dayBounds(to, tzOffsetMinutes);
  if (b.to <= a.from)
    throw new CodedError('ui.reports.badRange', `${to} is before ${from}`, { from, to });
  const days = Math.round((b.to - a.from) / DAY);
  if (days > MAX_REPORT_DAYS)
    throw new CodedError(
      'ui.reports.rangeTooLong',
      `${days} days is more than ${MAX_REPORT_DAYS}`,
      {
        days,
        max: MAX_REPORT_DAYS,
      },
    );
  return { startMs: a.from, endMs: b.to, days };
}

/** Local date (YYYY-MM-DD) of day `index` of a period starting at local midnight `startMs`. */
export function periodDate(startMs: number, tzOffsetMinutes: number, index: number): string {
  return new Date(startMs + index * DAY + tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * Hours since the period's start → local hour of day and day index. The period starts at a local
 * midnight, so the offset is all that is needed (fixed offset for the period, see periodBounds).
 */
export function hourSlot(hoursSinceStart: number): { hour: number; day: number } {
  const h = Math.max(0, Math.floor(hoursSinceStart));
  return { hour: h % 24, day: Math.floor(h / 24) };
}

export interface PeriodReportOptions {
  now: number;
  /** Display names, when the host knows them (camera registry, rule sets). */
  cameraName?(cameraId: string): string | undefined;
  zoneName?(cameraId: string, zoneId: string): string | undefined;
  lineName?(cameraId: string, lineId: string): string | undefined;
  /** Called as the repeat plates are scored (the slow part of a long period). */
  onPlates?(done: number, total: number): void | Promise<void>;
  /** Called between queries; cancellation throws from here. */
  checkpoint?(): void | Promise<void>;
}

interface Group {
  camera: string;
  type: string;
  status: string;
  /** Hours since the period's start. */
  h: number;
  n: number;
  excess: number | null;
  excess_n: number;
}

/**
 * Every aggregate of a period for the reports view and exports: totals by type, status, local hour
 * and day, per camera and zone, mean speed excess, counts per line and direction, and the plates
 * of the period that are repeat offenders with their transparent score (the one review shows).
 */
export async function buildPeriodReport(
  db: Db,
  q: ReportPeriod,
  o: PeriodReportOptions,
): Promise<PeriodReport> {
  const tz = q.tzOffsetMinutes ?? 0;
  const { startMs, endMs, days } = periodBounds(q.from, q.to, tz);
  if (q.zoneId && !q.cameraId)
    throw new CodedError('reports.error.zoneNeedsCamera', 'a zone filter needs its camera', {
      zone: q.zoneId,
    });
  // The one filter of every query: the camera and, within it, the zone (line events too: a
  // crossing counts for a zone only when its event carries that zone).
  const cam = (q.cameraId ? ' AND camera_id = ?' : '') + (q.zoneId ? ' AND zone_id = ?' : '');
  const camArg = [...(q.cameraId ? [q.cameraId] : []), ...(q.zoneId ? [q.zoneId] : [])];
  const range = `FROM infractions WHERE occurred_at >= ? AND occurred_at < ?${cam}`;
  const args = [startMs, endMs, ...camArg];

  // Periods starting on a whole UTC hour read the hourly rollup (at most hours × cameras × types ×
  // statuses rows whatever the number of infractions); half-hour zones group the rows, and so does
  // a zone filter (the rollup has no zone).
  const groups = (
    startMs % HOUR === 0 && !q.zoneId
      ? db
          .prepare(
            `SELECT camera_id AS camera, type, status, hour - ? AS h, SUM(n) AS n,
                    SUM(excess_sum) AS excess, SUM(excess_n) AS excess_n
             FROM infraction_hourly WHERE hour >= ? AND hour < ?${cam} AND n > 0
             GROUP BY camera_id, type, status, hour`,
          )
          .all(startMs / HOUR, startMs / HOUR, endMs / HOUR, ...camArg)
      : db
          .prepare(
            `SELECT camera_id AS camera, type, status, (occurred_at - ?) / ${HOUR} AS h, COUNT(*) AS n,
                    SUM(speed_excess) AS excess, COUNT(speed_excess) AS excess_n
             ${range} GROUP BY camera_id, type, status, h`,
          )
          .all(startMs, ...args)
  ) as Group[];
  await o.checkpoint?.();

  const byType: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const byHour = new Array<number>(24).fill(0);
  const perDay = new Array<number>(days).fill(0);
  const cameras = new Map<
    string,
    { total: number; byType: Record<string, number>; excess: number; excessN: number }
  >();
  let total = 0;
  let excessSum = 0;
  let excessN = 0;
  for (const g of groups) {
    total += g.n;
    byType[g.type] = (byType[g.type] ?? 0) + g.n;
    byStatus[g.status] = (byStatus[g.status] ?? 0) + g.n;
    const slot = hourSlot(g.h);
    byHour[slot.hour] += g.n;
    perDay[Math.min(days - 1, slot.day)] += g.n;
    let c = cameras.get(g.camera);
    if (!c) cameras.set(g.camera, (c = { total: 0, byType: {}, excess: 0, excessN: 0 }));
    c.total += g.n;
    c.byType[g.type] = (c.byType[g.type] ?? 0) + g.n;
    if (g.excess !== null && g.excess_n > 0) {
      excessSum += g.excess;
      excessN += g.excess_n;
      c.excess += g.excess;
      c.excessN += g.excess_n;
    }
  }

  const zoneRows = db
    .prepare(
      `SELECT camera_id AS cameraId, zone_id AS zoneId, type, COUNT(*) AS n
       ${range} AND zone_id IS NOT NULL GROUP BY camera_id, zone_id, type`,
    )
    .all(...args) as Array<{ cameraId: string; zoneId: string; type: string; n: number }>;
  const zones = new Map<string, PeriodReport['byZone'][number]>();
  for (const r of zoneRows) {
    const key = `${r.cameraId}\u0000${r.zoneId}`;
    let z = zones.get(key);
    if (!z) {
      const name = o.zoneName?.(r.cameraId, r.zoneId);
      z = {
        cameraId: r.cameraId,
        zoneId: r.zoneId,
        ...(name ? { name } : {}),
        total: 0,
        byType: {},
      };
      zones.set(key, z);
    }
    z.total += r.n;
    z.byType[r.type] = (z.byType[r.type] ?? 0) + r.n;
  }
  await o.checkpoint?.();

  const lines = (
    db
      .prepare(
        `SELECT camera_id AS cameraId, line_id AS lineId, COALESCE(direction, '') AS direction,
                COUNT(*) AS count FROM events
         WHERE ts >= ? AND ts < ? AND line_id IS NOT NULL${cam}
         GROUP BY camera_id, line_id, direction ORDER BY camera_id, line_id, direction`,
      )
      .all(...args) as Array<{ cameraId: string; lineId: string; direction: string; count: number }>
  ).map((l) => {
    const name = o.lineName?.(l.cameraId, l.lineId);
    return { ...l, ...(name ? { name } : {}) };
  });
  await o.checkpoint?.();

  const repeatPlates = await repeatPlatesOf(db, range, args, o);
  const zoneName = q.cameraId && q.zoneId ? o.zoneName?.(q.cameraId, q.zoneId) : undefined;

  return {
    from: q.from,
    to: q.to,
    tzOffsetMinutes: tz,
    ...(q.cameraId ? { cameraId: q.cameraId } : {}),
    ...(q.zoneId ? { zoneId: q.zoneId } : {}),
    ...(zoneName ? { zoneName } : {}),
    startMs,
    endMs,
    days,
    total,
    byType,
    byStatus,
    byHour,
    byDay: perDay.map((count, i) => ({ date: periodDate(startMs, tz, i), count })),
    ...(excessN ? { avgSpeedExcessKmh: excessSum / excessN } : {}),
    speedInfractions: excessN,
    byCamera: [...cameras]
      .map(([cameraId, c]) => {
        const name = o.cameraName?.(cameraId);
        return {
          cameraId,
          ...(name ? { name } : {}),
          total: c.total,
          byType: c.byType,
          ...(c.excessN ? { avgSpeedExcessKmh: c.excess / c.excessN } : {}),
        };
      })
      .sort((a, b) => b.total - a.total || a.cameraId.localeCompare(b.cameraId)),
    byZone: [...zones.values()].sort(
      (a, b) => b.total - a.total || a.cameraId.localeCompare(b.cameraId),
    ),
    lines,
    repeatPlates,
    scoredAt: o.now,
  };
}

/**
 * Plates of the period with more than one infraction in the last 365 days; the most frequent are
 * scored with the review's formula and the highest scores kept.
 */
async function repeatPlatesOf(
  db: Db,
  range: string,
  args: unknown[],
  o: PeriodReportOptions,
): Promise<RepeatPlate[]> {
  const since = repeatWindowStart(o.now);
  const candidates = db
    .prepare(
      `WITH p AS (
         SELECT plate_text AS plate, COUNT(*) AS n, MAX(occurred_at) AS lastAt
         ${range} AND plate_text IS NOT NULL AND status != 'rejected' GROUP BY plate_text)
       SELECT plate, n, lastAt, (SELECT COUNT(*) FROM infractions i
         WHERE i.plate_text = p.plate AND i.occurred_at >= ? AND i.status != 'rejected') AS n365
       FROM p WHERE n365 > 1 ORDER BY n365 DESC, n DESC, plate LIMIT ${REPEAT_CANDIDATES}`,
    )
    .all(...args, since) as Array<{ plate: string; n: number; lastAt: number; n365: number }>;
  const scored: RepeatPlate[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    const { score, level, factors, explanation } = plateRepeatScore(db, c.plate, o.now);
    scored.push({
      plate: c.plate,
      count: c.n,
      lastAt: c.lastAt,
      repeat: { score, level, factors, explanation },
    });
    if (i % 10 === 9 || i === candidates.length - 1) await o.onPlates?.(i + 1, candidates.length);
  }
  return scored
    .sort(
      (a, b) =>
        b.repeat.score - a.repeat.score || b.count - a.count || a.plate.localeCompare(b.plate),
    )
    .slice(0, REPEAT_PLATES_SHOWN);
}
