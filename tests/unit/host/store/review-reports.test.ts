import { afterEach, describe, expect, it } from 'vitest';
import { BatchWriter } from '../../../../electron/host/store/batch-writer';
import { ReportService } from '../../../../electron/host/store/reports';
import { ReviewService } from '../../../../electron/host/store/review';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

const DAY0 = Date.UTC(2026, 0, 15);

function seed(n: number, spanMs = 86_400_000) {
  const rng = mulberry32(7);
  const events = Array.from({ length: n }, (_, i) =>
    syntheticInfraction(rng, { occurredAt: DAY0 + Math.floor((i * spanMs) / n), plates: 40 }),
  );
  t.store.infractions.insert(events);
  return events;
}

describe('ReviewService', () => {
  it('walks the workflow with who and when, requires a reject reason, refuses illegal moves', () => {
    t = openTestStore();
    const [e] = seed(1);
    const review = new ReviewService(t.store);
    expect(() =>
      review.decide(e.id, { action: 'reject', expectedVersion: 1 }, { name: 'op1' }),
    ).toThrow(expect.objectContaining({ code: 'store.error.reasonRequired' }));
    const rejected = review.decide(
      e.id,
      { action: 'reject', reason: 'plate unreadable', expectedVersion: 1 },
      { name: 'op1' },
    );
    expect(rejected).toMatchObject({
      status: 'rejected',
      reason: 'plate unreadable',
      decidedBy: 'op1',
      decidedAt: t.clock.t,
      version: 2,
    });
    expect(() =>
      review.decide(e.id, { action: 'close', expectedVersion: 2 }, { name: 'op1' }),
    ).toThrow(expect.objectContaining({ code: 'store.error.invalidTransition' }));
    const appealed = review.decide(e.id, { action: 'appeal', expectedVersion: 2 }, { name: 'sup' });
    const validated = review.decide(
      e.id,
      { action: 'validate', expectedVersion: appealed.version },
      { name: 'sup' },
    );
    const closed = review.decide(
      e.id,
      { action: 'close', expectedVersion: validated.version },
      { name: 'sup' },
    );
    expect(closed.status).toBe('closed');
    const { history } = review.get(e.id);
    expect(history.map((h) => h.action)).toEqual([
      'infraction.reject',
      'infraction.appeal',
      'infraction.validate',
      'infraction.close',
    ]);
  });

  it('reports "already decided by X at T" to the second operator', () => {
    t = openTestStore();
    const [e] = seed(1);
    const review = new ReviewService(t.store);
    review.decide(e.id, { action: 'validate', expectedVersion: 1 }, { name: 'ana' });
    try {
      review.decide(e.id, { action: 'reject', reason: 'no', expectedVersion: 1 }, { name: 'beto' });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'store.error.alreadyDecided',
        params: { by: 'ana', at: t.clock.t, status: 'validated' },
      });
    }
    expect(t.store.infractions.get(e.id)!.status).toBe('validated');
  });

  it('keeps the OCR reading when a plate is corrected', () => {
    t = openTestStore();
    const e = seed(5).find((x) => x.plate)!;
    const review = new ReviewService(t.store);
    const first = review.editPlate(e.id, 'abc-123', 1, { name: 'op' });
    const second = review.editPlate(e.id, 'ABD-123', first.version, { name: 'op2' });
    expect(second.plate).toMatchObject({ text: 'ABD-123', rawText: e.plate!.rawText });
    expect(second.plateOriginalText).toBe(e.plate!.text);
    expect(second.plateEditedBy).toBe('op2');
  });

  it('filters and pages the queue newest first', () => {
    t = openTestStore();
    const events = seed(300);
    const review = new ReviewService(t.store);
    const seen = new Set<string>();
    let cursor: string | undefined;
    let last = Infinity;
    do {
      const page = review.list({ status: ['pending'], limit: 70, cursor });
      for (const i of page.items) {
        expect(i.occurredAt).toBeLessThanOrEqual(last);
        last = i.occurredAt;
        seen.add(i.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(300);
    const speed = review.list({ type: ['speed'], cameraId: 'cam-1', limit: 200 }).items;
    expect(speed.length).toBe(
      events.filter((e) => e.type === 'speed' && e.cameraId === 'cam-1').length,
    );
    const plate = events.find((e) => e.plate)!.plate!.text;
    expect(review.list({ plate }).items.every((i) => i.plate?.text === plate)).toBe(true);
    expect(
      review.list({ plate: plate.slice(0, 2) + '*', limit: 200 }).items.length,
    ).toBeGreaterThanOrEqual(events.filter((e) => e.plate?.text === plate).length);
    const from = DAY0 + 3_600_000;
    const to = DAY0 + 2 * 3_600_000;
    expect(
      review
        .list({ from, to, limit: 200 })
        .items.every((i) => i.occurredAt >= from && i.occurredAt < to),
    ).toBe(true);
    expect(() => review.list({ cursor: 'nonsense' })).toThrow(
      expect.objectContaining({ code: 'store.error.invalidInput' }),
    );
  });
});

describe('ReportService.daily', () => {
  it('totals by type and hour, repeat plates, average speed excess and line counts', () => {
    t = openTestStore();
    const events = seed(240);
    const writer = new BatchWriter(t.store);
    for (let i = 0; i < 30; i++) {
      writer.event({
        ts: DAY0 + i * 60_000,
        cameraId: 'cam-1',
        kind: 'line-cross',
        trackId: i,
        lineId: 'L1',
        direction: i % 3 ? 'in' : 'out',
      });
    }
    writer.flush();
    const r = new ReportService(t.store).daily({ date: '2026-01-15', tzOffsetMinutes: 0 });
    expect(r.total).toBe(240);
    expect(r.byHour.reduce((a, b) => a + b, 0)).toBe(240);
    expect(r.byHour.every((h) => h === 10)).toBe(true);
    expect(r.byType.speed).toBe(events.filter((e) => e.type === 'speed').length);
    const speeds = events
      .filter((e) => e.type === 'speed')
      .map((e) => e.measured.speedKmh - e.measured.limitKmh);
    expect(r.avgSpeedExcessKmh).toBeCloseTo(speeds.reduce((a, b) => a + b, 0) / speeds.length, 6);
    expect(r.topPlates.length).toBeGreaterThan(0);
    expect(r.topPlates[0].count).toBeGreaterThan(1);
    expect(r.lines).toEqual([
      { lineId: 'L1', direction: 'in', count: 20 },
      { lineId: 'L1', direction: 'out', count: 10 },
    ]);
    // Lima is UTC-5: its 15 January starts at 05:00 UTC, so the first five UTC hours fall outside.
    expect(
      new ReportService(t.store).daily({ date: '2026-01-15', tzOffsetMinutes: -300 }).total,
    ).toBe(190);
    // A half-hour zone (India, +05:30) cannot use the hourly rollup and groups the rows instead.
    const india = new ReportService(t.store).daily({ date: '2026-01-15', tzOffsetMinutes: 330 });
    const indiaFrom = DAY0 - 330 * 60_000;
    expect(india.total).toBe(
      events.filter((e) => e.occurredAt >= indiaFrom && e.occurredAt < indiaFrom + 86_400_000)
        .length,
    );
    // Decisions move counts between statuses in the rollup.
    new ReviewService(t.store).decide(
      events[0].id,
      { action: 'validate', expectedVersion: 1 },
      { name: 'op' },
    );
    const after = new ReportService(t.store).daily({ date: '2026-01-15' });
    expect(after.byStatus).toMatchObject({ validated: 1, pending: 239 });
    expect(after.total).toBe(240);
    expect(() => new ReportService(t.store).daily({ date: '2026-02-30' })).toThrow(
      expect.objectContaining({ code: 'store.error.invalidInput' }),
    );
  });
});
