import type Database from 'better-sqlite3';
import { CodedError } from '../../shared/coded-error';
import type { DomainHandlers } from '../api-types';
import {
  comparePeriods,
  countsPerInterval,
  dwellDistribution,
  everyCamera,
  heatmap,
  peopleInOut,
  queueLength,
  zoneOccupancy,
  zoneUtilisation,
} from '../analytics/track-analytics';

/** What `analytics.*` needs: the store's database, the cameras and their latest rule sets. */
export interface AnalyticsContext {
  db?: Database.Database;
  cameras(): Array<{ id: string; name: string }>;
  ruleSet?(cameraId: string): { data: unknown } | undefined;
}

type Shape = { id: string; name: string };

function shapes(c: AnalyticsContext, cameraId: string, kind: 'zones' | 'lines'): Shape[] {
  try {
    const data = c.ruleSet?.(cameraId)?.data as Record<string, unknown> | undefined;
    const list = data?.[kind];
    if (!Array.isArray(list)) return [];
    return list
      .filter(
        (s): s is { id: string; name?: unknown } => typeof (s as { id?: unknown })?.id === 'string',
      )
      .map((s) => ({ id: s.id, name: typeof s.name === 'string' && s.name ? s.name : s.id }));
  } catch {
    return [];
  }
}

export function createAnalyticsHandlers(c: AnalyticsContext): DomainHandlers<'analytics'> {
  const db = (): Database.Database => {
    if (!c.db)
      throw new CodedError(
        'analytics.error.noStore',
        'analytics need the local store, which this host does not have',
      );
    return c.db;
  };
  const list = (): string[] => c.cameras().map((x) => x.id);
  /** The cameras asked for; all of them through the site-wide roll-ups where they exist. */
  const cams = (p: {
    cameraIds?: string[];
    from: number;
    to: number;
    intervalMs: number;
  }): readonly string[] => p.cameraIds ?? everyCamera(p, list());
  return {
    'analytics.dimensions': () => {
      const d = db();
      const classes = (
        d
          .prepare('SELECT DISTINCT class_label AS c FROM track_rollup_class ORDER BY 1')
          .all() as Array<{ c: string }>
      ).map((r) => r.c);
      const span = d
        .prepare(
          'SELECT min(first_seen) AS lo, max(first_seen) AS hi, count(*) AS n FROM track_history',
        )
        .get() as { lo: number | null; hi: number | null; n: number };
      return {
        cameras: c.cameras().map((cam) => ({
          id: cam.id,
          name: cam.name,
          zones: shapes(c, cam.id, 'zones'),
          lines: shapes(c, cam.id, 'lines'),
        })),
        classes,
        ...(span.lo !== null ? { firstSeen: span.lo } : {}),
        ...(span.hi !== null ? { lastSeen: span.hi } : {}),
        tracks: span.n,
      };
    },
    'analytics.counts': (p) => countsPerInterval(db(), { ...p, cameraIds: cams(p) }),
    'analytics.occupancy': (p) => zoneOccupancy(db(), { ...p, cameraIds: cams(p) }),
    'analytics.dwell': (p) => dwellDistribution(db(), { ...p, cameraIds: cams(p) }),
    'analytics.queue': (p) => queueLength(db(), { ...p, cameraIds: cams(p) }),
    'analytics.utilisation': (p) =>
      zoneUtilisation(db(), { ...p, cameraIds: p.cameraIds ?? list() }),
    'analytics.inOut': (p) => peopleInOut(db(), { ...p, cameraIds: cams(p) }),
    'analytics.heatmap': (p) => heatmap(db(), p),
    'analytics.compare': (p) => {
      const a = cams({
        ...p.a,
        intervalMs: p.intervalMs,
        ...(p.cameraIds ? { cameraIds: p.cameraIds } : {}),
      });
      const b = cams({
        ...p.b,
        intervalMs: p.intervalMs,
        ...(p.cameraIds ? { cameraIds: p.cameraIds } : {}),
      });
      return comparePeriods(db(), {
        ...p,
        cameraIds: a.length === b.length && a[0] === b[0] ? a : list(),
      });
    },
  };
}
