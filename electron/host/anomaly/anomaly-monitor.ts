import type Database from 'better-sqlite3';
import {
  detectAnomalies,
  HOUR_MS,
  learnBaseline,
  WEEK_MS,
  type AnomalyFlag,
} from '../../../inference/vision/anomaly/baseline';
import type { AnomalySeriesStatus } from '../../shared/api/methods/safety';
import type { AlarmService } from '../alarms/alarm-service';
import type { SystemCondition } from '../alarms/system-conditions';
import { hourlyCountSeries, type SeriesKey } from './count-series';

export interface AnomalyMonitorOptions {
  db: Database.Database;
  alarms: Pick<AlarmService, 'reconcileSystem'>;
  now: () => number;
  /** Site's local offset at `t` (minutes east of UTC), for the hour of the week. */
  localOffsetMin?: (t: number) => number;
  minWeeks?: number;
  maxWeeks?: number;
  threshold?: number;
  sustainedThreshold?: number;
  onError?: (e: unknown) => void;
}

/** Buckets looked at on each evaluation (the sustained test needs the last 3). */
const RECENT_HOURS = 3;

/** The alarm condition of one flag: camera, target, class and the expected range vs observed. */
export function anomalyCondition(key: SeriesKey, f: AnomalyFlag): SystemCondition {
  return {
    system: 'anomaly',
    key: `${key.cameraId}|${key.target}|${key.classLabel}|${f.metric}|${f.kind}`.slice(0, 128),
    cameraId: key.cameraId,
    category: f.metric === 'dwell' ? 'safety' : 'system',
    messageKey: `anomaly.alarm.${f.metric}.${f.kind}`,
    params: {
      cameraId: key.cameraId,
      target: key.target,
      classLabel: key.classLabel,
      observed: Math.round(f.observed * 100) / 100,
      expected: f.expected,
      low: f.low,
      high: f.high,
      z: f.z,
      hours: f.buckets,
      from: new Date(f.from).toISOString(),
    },
    priority: f.kind === 'absence' ? 2 : 3,
  };
}

/**
 * Once per completed hour: learns each count series' baseline from the stored history and turns
 * flags of the hour that just ended into `anomaly` system alarms (expected range and observed
 * value in the params). Series still learning are reported as such and flag nothing.
 */
export class AnomalyMonitor {
  private lastHour = -1;
  private statuses: AnomalySeriesStatus[] = [];
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly opts: AnomalyMonitorOptions) {}

  start(intervalMs = 60_000): this {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Evaluates when an hour has completed since the last evaluation. */
  tick(): void {
    try {
      const hour = Math.floor(this.opts.now() / HOUR_MS);
      if (hour === this.lastHour) return;
      this.lastHour = hour;
      this.evaluate(hour * HOUR_MS);
    } catch (e) {
      this.opts.onError?.(e);
    }
  }

  /** The baselines as of the last evaluation (learning / ready, weeks seen and needed). */
  baselines(cameraId?: string): AnomalySeriesStatus[] {
    if (this.lastHour < 0) this.tick();
    return cameraId ? this.statuses.filter((s) => s.cameraId === cameraId) : this.statuses;
  }

  /** Scores the hours before `until` (a whole hour) and reconciles the anomaly alarms. */
  evaluate(until: number): { conditions: SystemCondition[]; statuses: AnomalySeriesStatus[] } {
    const o = this.opts;
    const maxWeeks = o.maxWeeks ?? 8;
    const recentFrom = until - RECENT_HOURS * HOUR_MS;
    const series = hourlyCountSeries(o.db, recentFrom - maxWeeks * WEEK_MS, until);
    const conditions: SystemCondition[] = [];
    const statuses: AnomalySeriesStatus[] = [];
    for (const { key, points } of series.values()) {
      const base = learnBaseline(
        points.filter((p) => p.t < recentFrom),
        recentFrom,
        { minWeeks: o.minWeeks ?? 3, maxWeeks, localOffsetMin: o.localOffsetMin },
      );
      const flags = detectAnomalies(
        base,
        points.filter((p) => p.t >= recentFrom),
        { threshold: o.threshold, sustainedThreshold: o.sustainedThreshold },
      ).filter((f) => f.to === until - HOUR_MS);
      conditions.push(...flags.map((f) => anomalyCondition(key, f)));
      statuses.push({
        ...key,
        metric: 'volume',
        status: base.status,
        weeksSeen: base.weeksSeen,
        weeksNeeded: base.weeksNeeded,
        ...(flags[0]
          ? {
              lastFlag: {
                kind: flags[0].kind,
                at: flags[0].from,
                observed: flags[0].observed,
                expected: flags[0].expected,
                low: flags[0].low,
                high: flags[0].high,
              },
            }
          : {}),
      });
    }
    statuses.sort(
      (a, b) =>
        a.cameraId.localeCompare(b.cameraId) ||
        a.target.localeCompare(b.target) ||
        a.classLabel.localeCompare(b.classLabel),
    );
    this.statuses = statuses;
    o.alarms.reconcileSystem(conditions, new Set(['anomaly']));
    return { conditions, statuses };
  }
}
