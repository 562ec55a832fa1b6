import { afterEach, describe, expect, it } from 'vitest';
import { ReportService } from '../../../../electron/host/store/reports';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import {
  buildPeriodReport,
  hourSlot,
  periodBounds,
  periodDate,
} from '../../../../electron/host/reports/period-report';
import { plateRepeatScore } from '../../../../electron/host/reports/repeat-offenders';
import { periodReportSchema } from '../../../../electron/shared/api/methods/report-schemas';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIMA = -300;
/** Local midnight of 2026-01-15 in Lima. */
const DAY0 = Date.UTC(2026, 0, 15) + 5 * HOUR;

function seed(n: number, spanMs: number, from = DAY0, plates = 30) {
  const rng = mulberry32(11);
  const events = Array.from({ length: n }, (_, i) =>
    syntheticInfraction(rng, {
      occurredAt: from + Math.floor((i * spanMs) / n),
      plates,
      cameras: 3,
    }),
  );
  t.store.infractions.insert(events);
  return events;
}

describe('period bounds', () => {
  it('covers whole local days, both ends included, and refuses inverted or too long periods', () => {
    expect(periodBounds('2026-01-15', '2026-01-15', LIMA)).toEqual({
      startMs: DAY0,
      endMs: DAY0 + DAY,
      days: 1,
    });
    expect(periodBounds('2026-01-01', '2026-01-31', 60).days).toBe(31);
    expect(() => periodBounds('2026-01-15', '2026-01-14', 0)).toThrow(
      expect.objectContaining({ code: 'ui.reports.badRange' }),
    );
    expect(() => periodBounds('2025-01-01', '2026-02-01', 0)).toThrow(
      expect.objectContaining({ code: 'ui.reports.rangeTooLong' }),
    );
    expect(() => periodBounds('2026-02-30', '2026-03-01', 0)).toThrow(
      expect.objectContaining({ code: 'store.error.invalidInput' }),
    );
  });

  it('maps hours since the start to the local hour and day', () => {
    expect(hourSlot(0)).toEqual({ hour: 0, day: 0 });
    expect(hourSlot(25.5)).toEqual({ hour: 1, day: 1 });
    expect(hourSlot(-1)).toEqual({ hour: 0, day: 0 });
    expect(periodDate(DAY0, LIMA, 0)).toBe('2026-01-15');
    expect(periodDate(DAY0, LIMA, 17)).toBe('2026-02-01');
  });
});

describe('period report from the store', () => {
  it('one day matches the store’s daily report, and adds cameras, zones and repeat scores', async () => {
    t = openTestStore();
    seed(400, DAY);
    const now = DAY0 + DAY + HOUR;
    const r = await buildPeriodReport(
      t.store.db,
      { from: '2026-01-15', to: '2026-01-15', tzOffsetMinutes: LIMA },
      { now, cameraName: (id) => (id === 'cam-1' ? 'Av. Arequipa' : undefined) },
    );
    expect(periodReportSchema.parse(r)).toEqual(r);
    const daily = new ReportService(t.store).daily({ date: '2026-01-15', tzOffsetMinutes: LIMA });
    expect(r.total).toBe(400);
    expect(r.total).toBe(daily.total);
    expect(r.byType).toEqual(daily.byType);
    expect(r.byStatus).toEqual(daily.byStatus);
    expect(r.byHour).toEqual(daily.byHour);
    expect(r.avgSpeedExcessKmh).toBeCloseTo(daily.avgSpeedExcessKmh!, 9);
    expect(r.byDay).toEqual([{ date: '2026-01-15', count: 400 }]);
    // Per camera and per zone add up; names come from the host when it knows them.
    expect(r.byCamera.reduce((n, c) => n + c.total, 0)).toBe(400);
    expect(r.byCamera.find((c) => c.cameraId === 'cam-1')?.name).toBe('Av. Arequipa');
    const zoned = t.store.db
      .prepare('SELECT COUNT(*) AS n FROM infractions WHERE zone_id IS NOT NULL')
      .get() as { n: number };
    expect(r.byZone.reduce((n, z) => n + z.total, 0)).toBe(zoned.n);
    // Repeat plates: the review's own score, highest first, each with its factors.
    expect(r.repeatPlates.length).toBeGreaterThan(3);
    for (const p of r.repeatPlates) {
      const { score, level, factors, explanation } = plateRepeatScore(t.store.db, p.plate, now);
      expect(p.repeat).toEqual({ score, level, factors, explanation });
      expect(p.repeat.factors.count365).toBeGreaterThan(1);
    }
    const scores = r.repeatPlates.map((p) => p.repeat.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('a range counts per local day; counts per line and direction come from line events', async () => {
    t = openTestStore();
    seed(300, 3 * DAY);
    const ins = t.store.db.prepare(
      'INSERT INTO events (ts, camera_id, kind, line_id, direction) VALUES (?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < 5; i++) ins.run(DAY0 + i * HOUR, 'cam-0', 'line-crossing', 'l1', 'forward');
    ins.run(DAY0 + 2 * DAY, 'cam-0', 'line-crossing', 'l1', 'backward');
    ins.run(DAY0 - HOUR, 'cam-0', 'line-crossing', 'l1', 'forward'); // the day before: outside
    const r = await buildPeriodReport(
      t.store.db,
      { from: '2026-01-15', to: '2026-01-17', tzOffsetMinutes: LIMA },
      { now: DAY0 + 3 * DAY, lineName: (_c, id) => (id === 'l1' ? 'Entrada' : undefined) },
    );
    expect(r.days).toBe(3);
    expect(r.byDay.map((d) => d.date)).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
    expect(r.byDay.map((d) => d.count)).toEqual([100, 100, 100]);
    expect(r.byHour.reduce((a, b) => a + b, 0)).toBe(300);
    expect(r.lines).toEqual([
      { cameraId: 'cam-0', lineId: 'l1', name: 'Entrada', direction: 'backward', count: 1 },
      { cameraId: 'cam-0', lineId: 'l1', name: 'Entrada', direction: 'forward', count: 5 },
    ]);
    // One camera only.
    const one = await buildPeriodReport(
      t.store.db,
      { from: '2026-01-15', to: '2026-01-17', tzOffsetMinutes: LIMA, cameraId: 'cam-2' },
      { now: DAY0 + 3 * DAY },
    );
    expect(one.byCamera.map((c) => c.cameraId)).toEqual(['cam-2']);
    expect(one.total).toBe(r.byCamera.find((c) => c.cameraId === 'cam-2')!.total);
    expect(one.lines).toEqual([]);
  });

  it('a half-hour time zone groups the rows instead of the hourly rollup, with the same totals', async () => {
    t = openTestStore();
    // India (+05:30): local midnight of 2026-01-15 is 18:30 UTC the day before.
    const start = Date.UTC(2026, 0, 14, 18, 30);
    seed(240, DAY, start);
    const r = await buildPeriodReport(
      t.store.db,
      { from: '2026-01-15', to: '2026-01-15', tzOffsetMinutes: 330 },
      { now: start + DAY },
    );
    expect(r.startMs).toBe(start);
    expect(r.total).toBe(240);
    // Evenly spread over the day: 10 per local hour.
    expect(r.byHour).toEqual(new Array(24).fill(10));
  });

  it('rejected infractions do not make a plate a repeat offender', async () => {
    t = openTestStore();
    const rng = mulberry32(3);
    const mk = (at: number) => ({
      ...syntheticInfraction(rng, { occurredAt: at }),
      type: 'speed' as const,
      category: 'traffic' as const,
      plate: { text: 'AAA-111', rawText: 'AAA111', confidence: 0.9 },
    });
    const [a, b] = [mk(DAY0 + HOUR), mk(DAY0 + 2 * HOUR)];
    t.store.infractions.insert([a, b]);
    const now = DAY0 + DAY;
    const q = { from: '2026-01-15', to: '2026-01-15', tzOffsetMinutes: LIMA };
    expect((await buildPeriodReport(t.store.db, q, { now })).repeatPlates).toHaveLength(1);
    t.store.db.prepare("UPDATE infractions SET status = 'rejected' WHERE id = ?").run(b.id);
    expect((await buildPeriodReport(t.store.db, q, { now })).repeatPlates).toHaveLength(0);
  });
});
