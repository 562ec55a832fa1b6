import { afterEach, describe, expect, it } from 'vitest';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
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
} from '../../../../electron/host/analytics/track-analytics';
import {
  localDayStart,
  TrackHistoryRepo,
  unpackPath,
} from '../../../../electron/host/store/track-history';
import { TrackHistoryService } from '../../../../electron/host/analytics/track-history-service';
import { openTestStore, type TestStore } from '../store/helpers';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// A local midnight, so daily roll-ups line up whatever the machine's time zone.
const T0 = localDayStart(Date.UTC(2026, 0, 12, 12));

function track(p: Partial<FinishedTrack> & { firstSeen: number }): FinishedTrack {
  return {
    cameraId: 'cam-1',
    trackId: 1,
    classLabel: 'car',
    lastSeen: p.firstSeen + 10_000,
    frames: 100,
    path: [
      [0.1, 0.1],
      [0.9, 0.9],
    ],
    zones: [],
    lines: [],
    ...p,
  };
}

let ts: TestStore | undefined;
afterEach(() => ts?.cleanup());

describe('track history and its analytics', () => {
  it('stores tracks with their details and queues each batch for the shared server', () => {
    ts = openTestStore();
    const repo = new TrackHistoryRepo(ts.store);
    const t = track({
      firstSeen: T0 + HOUR,
      labels: ['helmet'],
      speed: { min: 10, mean: 20, max: 30 },
      bestCrop: { frameId: 5, ts: T0 + HOUR, box: [0.1, 0.2, 0.3, 0.4], score: 0.9 },
      zones: [{ zoneId: 'z', enterTs: T0 + HOUR, exitTs: T0 + HOUR + 5000, dwellMs: 5000 }],
      lines: [{ lineId: 'l', ts: T0 + HOUR + 1000, direction: 'left-to-right' }],
    });
    expect(repo.insert([t, track({ firstSeen: T0 + 2 * HOUR, classLabel: 'person' })])).toBe(2);
    const [stored] = repo.list({ cameraId: 'cam-1', from: T0, to: T0 + DAY, classLabel: 'car' });
    expect(stored).toMatchObject({ ...t, id: 1 });
    expect(unpackPath(Buffer.from(new Uint16Array([0, 65535]).buffer))).toEqual([[0, 1]]);
    const outbox = ts.store.db
      .prepare("SELECT key FROM sync_outbox WHERE entity = 'track_batch'")
      .all();
    expect(outbox).toEqual([{ key: '1-2' }]);
    expect(repo.range(1, 2)).toHaveLength(2);
  });

  it('answers every analytics query from the roll-ups, the same at every resolution', () => {
    ts = openTestStore();
    const repo = new TrackHistoryRepo(ts.store);
    const tracks: FinishedTrack[] = [];
    // Day 1: 10 cars and 4 people crossing the gate, one person leaving; queue visits of 1 min.
    for (let i = 0; i < 10; i++)
      tracks.push(
        track({
          trackId: i,
          firstSeen: T0 + 8 * HOUR + i * 7 * MIN,
          lines: [
            { lineId: 'gate', ts: T0 + 8 * HOUR + i * 7 * MIN + 1000, direction: 'left-to-right' },
          ],
          zones: [
            {
              zoneId: 'queue',
              enterTs: T0 + 8 * HOUR + i * 7 * MIN,
              exitTs: T0 + 8 * HOUR + i * 7 * MIN + MIN,
              dwellMs: MIN,
            },
          ],
        }),
      );
    for (let i = 0; i < 5; i++)
      tracks.push(
        track({
          trackId: 100 + i,
          classLabel: 'person',
          firstSeen: T0 + 9 * HOUR + i * MIN,
          lines: [
            {
              lineId: 'gate',
              ts: T0 + 9 * HOUR + i * MIN,
              direction: i < 4 ? 'left-to-right' : 'right-to-left',
            },
          ],
        }),
      );
    // Day 2: 3 cars.
    for (let i = 0; i < 3; i++)
      tracks.push(track({ trackId: 200 + i, firstSeen: T0 + DAY + 8 * HOUR + i * MIN }));
    // Another camera, never counted for cam-1.
    tracks.push(track({ cameraId: 'cam-2', firstSeen: T0 + 8 * HOUR }));
    // Two batches: the roll-ups add up across transactions.
    repo.insert(tracks.slice(0, 7));
    repo.insert(tracks.slice(7));
    const db = ts.store.db;
    const cam = ['cam-1'];

    const lineTotals = (
      intervalMs: number,
      from = T0,
      to = T0 + 2 * DAY,
    ): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of countsPerInterval(db, {
        source: 'line',
        from,
        to,
        cameraIds: cam,
        intervalMs,
      }))
        out[`${r.classLabel} ${r.direction}`] =
          (out[`${r.classLabel} ${r.direction}`] ?? 0) + r.count;
      return out;
    };
    const expected = {
      'car left-to-right': 10,
      'person left-to-right': 4,
      'person right-to-left': 1,
    };
    expect(lineTotals(5 * MIN)).toEqual(expected);
    expect(lineTotals(HOUR)).toEqual(expected);
    expect(lineTotals(DAY)).toEqual(expected);
    // Interval starts follow `from`.
    const hourly = countsPerInterval(db, {
      source: 'line',
      from: T0,
      to: T0 + DAY,
      cameraIds: cam,
      intervalMs: HOUR,
      classLabels: ['car'],
    });
    expect(hourly.map((r) => [(r.bucket - T0) / HOUR, r.count])).toEqual([
      [8, 9],
      [9, 1],
    ]);

    // 5-minute roll-ups grouped into 15-minute intervals from `from`.
    const quarter = countsPerInterval(db, {
      source: 'line',
      from: T0,
      to: T0 + DAY,
      cameraIds: cam,
      intervalMs: 15 * MIN,
      classLabels: ['car'],
    });
    expect(quarter.map((r) => [(r.bucket - T0) / MIN - 480, r.count])).toEqual([
      [0, 3],
      [15, 2],
      [30, 2],
      [45, 2],
      [60, 1],
    ]);
    const perClassDaily = countsPerInterval(db, {
      source: 'class',
      from: T0,
      to: T0 + 2 * DAY,
      cameraIds: cam,
      intervalMs: DAY,
    });
    expect(perClassDaily.map((r) => [(r.bucket - T0) / DAY, r.classLabel, r.count])).toEqual([
      [0, 'car', 10],
      [0, 'person', 5],
      [1, 'car', 3],
    ]);
    // 5-minute per-class counts come from the raw rows and agree.
    const fine = countsPerInterval(db, {
      source: 'class',
      from: T0,
      to: T0 + 2 * DAY,
      cameraIds: cam,
      intervalMs: 5 * MIN,
    });
    expect(fine.reduce((s, r) => s + r.count, 0)).toBe(18);
    expect(
      countsPerInterval(db, {
        source: 'class',
        from: T0,
        to: T0 + 2 * DAY,
        cameraIds: ['cam-1', 'cam-2'],
        intervalMs: DAY,
      }).reduce((s, r) => s + r.count, 0),
    ).toBe(19);

    // Every camera together: the site-wide roll-ups on the daily tier, the camera list on 5 min.
    const both = ['cam-1', 'cam-2'];
    const dayQ = { from: T0, to: T0 + 2 * DAY, intervalMs: DAY };
    expect(everyCamera(dayQ, both)).toEqual(['*']);
    expect(everyCamera({ ...dayQ, intervalMs: 5 * MIN }, both)).toEqual(both);
    const site = countsPerInterval(db, {
      ...dayQ,
      source: 'class',
      cameraIds: everyCamera(dayQ, both),
    });
    expect(site.reduce((s, r) => s + r.count, 0)).toBe(19);
    expect(new Set(site.map((r) => r.cameraId))).toEqual(new Set(['*']));
    const zoneCounts = countsPerInterval(db, {
      source: 'zone',
      from: T0,
      to: T0 + DAY,
      cameraIds: cam,
      intervalMs: DAY,
    });
    expect(zoneCounts).toEqual([
      {
        bucket: T0,
        cameraId: 'cam-1',
        key: 'queue',
        classLabel: 'car',
        direction: null,
        count: 10,
      },
    ]);

    // 10 one-minute visits between 8:00 and 9:10: object-time 10 min.
    const occ = zoneOccupancy(db, {
      from: T0,
      to: T0 + DAY,
      cameraIds: cam,
      zoneIds: ['queue'],
      intervalMs: HOUR,
    });
    const occTotal = occ.reduce((s, p) => s + p.mean * HOUR, 0);
    expect(occTotal).toBeCloseTo(10 * MIN, 0);

    const dwell = dwellDistribution(db, {
      from: T0,
      to: T0 + DAY,
      cameraIds: cam,
      intervalMs: HOUR,
    });
    expect(dwell.byClass).toHaveLength(1);
    expect(dwell.byClass[0]).toMatchObject({
      classLabel: 'car',
      visits: 10,
      meanMs: MIN,
      maxMs: MIN,
    });
    expect(dwell.byClass[0].bins[4]).toBe(10); // 1 min falls in [60 s, 120 s)

    const queue = queueLength(db, {
      from: T0,
      to: T0 + DAY,
      cameraIds: cam,
      zoneIds: ['queue'],
      intervalMs: HOUR,
    });
    expect(queue.reduce((s, p) => s + p.arrivals, 0)).toBe(10);
    expect(queue[0].meanWaitMs).toBe(MIN);

    // One object at a time: utilisation is exact, 10 of the 1440 minutes of the day.
    const util = zoneUtilisation(db, { from: T0, to: T0 + DAY, cameraIds: cam, intervalMs: DAY });
    expect(util).toHaveLength(1);
    expect(util[0].share).toBeCloseTo(10 / 1440, 6);

    const inOut = peopleInOut(db, {
      from: T0,
      to: T0 + DAY,
      cameraIds: cam,
      lineIds: ['gate'],
      intervalMs: HOUR,
    });
    expect(inOut).toEqual([{ bucket: T0 + 9 * HOUR, in: 4, out: 1, inside: 3 }]);

    const heat = heatmap(db, { cameraId: 'cam-1', from: T0, to: T0 + 2 * DAY });
    expect(heat.max).toBe(18);
    expect(heat.cells[0]).toBe(0);
    expect(heat.cells.filter((c) => c === 18).length).toBeGreaterThan(10);

    const cmp = comparePeriods(db, {
      source: 'class',
      cameraIds: cam,
      intervalMs: HOUR,
      a: { from: T0, to: T0 + DAY },
      b: { from: T0 + DAY, to: T0 + 2 * DAY },
    });
    expect(cmp.totals).toEqual([
      { classLabel: 'car', a: 10, b: 3 },
      { classLabel: 'person', a: 5, b: 0 },
    ]);
    expect(cmp.series.find((s) => s.offsetMs === 8 * HOUR)).toEqual({
      offsetMs: 8 * HOUR,
      a: 9,
      b: 3,
    });
  });

  it('writes in batches and prunes raw rows before roll-ups', () => {
    ts = openTestStore();
    const svc = new TrackHistoryService(ts.store, { rawDays: 1, rollupDays: 10 });
    ts.clock.t = T0 + 5 * DAY;
    svc.push(track({ firstSeen: T0 }));
    svc.push(track({ firstSeen: T0 + 5 * DAY - HOUR }));
    expect(svc.writer.queued).toBe(2);
    expect(svc.writer.flush()).toBe(2);
    expect(svc.repo.count).toBe(2);
    expect(svc.prune()).toMatchObject({ raw: 1, rollups: 0 });
    expect(svc.repo.count).toBe(1);
    // The old day still counts from its roll-ups.
    const daily = countsPerInterval(ts.store.db, {
      source: 'class',
      from: T0,
      to: T0 + DAY,
      cameraIds: ['cam-1'],
      intervalMs: DAY,
    });
    expect(daily).toEqual([
      { bucket: T0, cameraId: 'cam-1', key: '', classLabel: 'car', direction: null, count: 1 },
    ]);
    ts.clock.t = T0 + 20 * DAY;
    expect(svc.prune().rollups).toBeGreaterThan(0);
    svc.stop();
  });
});
