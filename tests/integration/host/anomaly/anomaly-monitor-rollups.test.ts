import { afterEach, describe, expect, it } from 'vitest';
import { AlarmService } from '../../../../electron/host/alarms/alarm-service';
import { cachedRuleLookup } from '../../../../electron/host/alarms/rule-lookup';
import { AnomalyMonitor } from '../../../../electron/host/anomaly/anomaly-monitor';
import { hourlyCountSeries } from '../../../../electron/host/anomaly/count-series';
import { TrackHistoryRepo } from '../../../../electron/host/store/track-history';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { mulberry32, overdispersedCount } from '../../../../inference/vision/anomaly/synthetic';
import { openTestStore, type TestStore } from '../../../unit/host/store/helpers';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
/** Monday 2026-01-05 00:00 UTC. */
const START = Date.UTC(2026, 0, 5);

let t: TestStore;
afterEach(() => t?.cleanup());

/** A finished person track that crossed line `l1` (and entered zone `dock`) at `ts`. */
function crossing(ts: number, trackId: number): FinishedTrack {
  return {
    cameraId: 'cam-1',
    trackId,
    classLabel: 'person',
    firstSeen: ts,
    lastSeen: ts + 4_000,
    frames: 40,
    path: [
      [0.2, 0.5],
      [0.8, 0.5],
    ],
    zones: [{ zoneId: 'dock', enterTs: ts, exitTs: ts + 3_000, dwellMs: 3_000 }],
    lines: [{ lineId: 'l1', ts: ts + 1_000, direction: 'left-to-right' }],
  };
}

describe('anomaly monitor over the track history roll-ups', () => {
  it('learns from the hourly roll-ups and raises a system alarm with the expected range and the observed count', () => {
    t = openTestStore();
    const repo = new TrackHistoryRepo(t.store);
    const rng = mulberry32(3);
    // Four weeks of about 20 people an hour (gamma–Poisson noise), then an hour with 120.
    const until = START + 4 * WEEK + 9 * HOUR;
    let id = 0;
    const batch: FinishedTrack[] = [];
    for (let h = START; h < until; h += HOUR) {
      const n = h === until - HOUR ? 120 : overdispersedCount(rng, 20, 2);
      for (let k = 0; k < n; k++) batch.push(crossing(h + Math.floor((k * HOUR) / (n + 1)), ++id));
    }
    repo.insert(batch);
    // The raw rows are not what the series reads: dropping them leaves the series as it was.
    const before = hourlyCountSeries(t.store.db, until - 5 * WEEK, until);
    t.store.db.prepare('DELETE FROM track_history').run();
    const after = hourlyCountSeries(t.store.db, until - 5 * WEEK, until);
    expect([...after.keys()].sort()).toEqual([
      'cam-1|*|*',
      'cam-1|line:l1|person',
      'cam-1|zone:dock|person',
    ]);
    expect(after.get('cam-1|line:l1|person')!.points).toEqual(
      before.get('cam-1|line:l1|person')!.points,
    );
    const last = after.get('cam-1|line:l1|person')!.points.at(-1)!;
    expect(last).toEqual({ t: until - HOUR, value: 120 });

    t.clock.t = until + 60_000;
    const alarms = new AlarmService({
      store: t.store,
      publish: () => {},
      ruleFor: cachedRuleLookup(t.store.config),
    });
    const monitor = new AnomalyMonitor({ db: t.store.db, alarms, now: () => t.clock.t });
    const { conditions, statuses } = monitor.evaluate(until);
    expect(statuses.every((s) => s.status === 'ready')).toBe(true);
    const line = conditions.find((c) => c.params?.target === 'line:l1');
    expect(line).toBeDefined();
    expect(line).toMatchObject({ system: 'anomaly', category: 'system', cameraId: 'cam-1' });
    const p = line!.params as Record<string, number>;
    expect(p.observed).toBe(120);
    // The mean of four weeks of this hour (σ of that mean ≈ 3).
    expect(p.expected).toBeGreaterThan(10);
    expect(p.expected).toBeLessThan(32);
    expect(p.low).toBeLessThan(p.expected);
    expect(p.high).toBeGreaterThan(p.expected);
    expect(p.high).toBeLessThan(120);
    expect(p.z).toBeGreaterThan(4);
    // Stored as an open alarm of the system category, whose params carry the same figures.
    const open = t.store.alarms.listOpen().filter((a) => a.source.kind === 'system');
    const stored = open.find(
      (a) => a.source.kind === 'system' && a.source.params?.target === 'line:l1',
    );
    expect(stored?.category).toBe('system');
    expect(stored?.source).toMatchObject({
      system: 'anomaly',
      messageKey: 'anomaly.alarm.volume.high',
      params: { observed: 120, expected: p.expected, low: p.low, high: p.high },
    });
  });
});
