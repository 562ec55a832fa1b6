import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { buildPeriodReport } from '../../../../electron/host/reports/period-report';
import { periodReportDocument } from '../../../../electron/host/reports/report-document';
import { checkExportParams } from '../../../../electron/host/reports/report-exports';
import {
  periodReportSchema,
  reportExportParamsSchema,
} from '../../../../electron/shared/api/methods/report-schemas';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIMA = -300;
/** Local midnight of 2026-01-15 in Lima (a whole UTC hour: without a zone the rollup is read). */
const DAY0 = Date.UTC(2026, 0, 15) + 5 * HOUR;
const Q = { from: '2026-01-15', to: '2026-01-16', tzOffsetMinutes: LIMA };

/** Infractions over two days on 3 cameras, plus some with cam-0's zone id on cam-1. */
function seed() {
  const rng = mulberry32(21);
  const events = Array.from({ length: 600 }, (_, i) =>
    syntheticInfraction(rng, { occurredAt: DAY0 + Math.floor((i * 2 * DAY) / 600), cameras: 3 }),
  );
  // Zone ids are per camera: the same id on another camera is another zone.
  for (let i = 0; i < 7; i++)
    events.push({
      ...syntheticInfraction(rng, { occurredAt: DAY0 + i * HOUR, cameras: 1 }),
      cameraId: 'cam-1',
      zoneId: 'zone-0-0',
      type: 'zone-intrusion',
    });
  t.store.infractions.insert(events);
  return events;
}

describe('period report of one zone', () => {
  it('every aggregate counts only the zone’s infractions on its camera', async () => {
    t = openTestStore();
    const events = seed();
    const mine = events.filter((e) => e.cameraId === 'cam-0' && e.zoneId === 'zone-0-0');
    expect(mine.length).toBeGreaterThan(5);
    // Line events: one carrying the zone counts, the zone-less crossings of the camera do not.
    const ins = t.store.db.prepare(
      'INSERT INTO events (ts, camera_id, kind, line_id, zone_id, direction) VALUES (?, ?, ?, ?, ?, ?)',
    );
    ins.run(DAY0 + HOUR, 'cam-0', 'line-crossing', 'l1', null, 'forward');
    ins.run(DAY0 + 2 * HOUR, 'cam-0', 'line-crossing', 'l1', 'zone-0-0', 'forward');
    ins.run(DAY0 + 3 * HOUR, 'cam-1', 'line-crossing', 'l1', 'zone-0-0', 'forward');

    const now = DAY0 + 2 * DAY;
    const r = await buildPeriodReport(
      t.store.db,
      { ...Q, cameraId: 'cam-0', zoneId: 'zone-0-0' },
      {
        now,
        zoneName: (cam, id) =>
          cam === 'cam-0' && id === 'zone-0-0' ? 'Cruce peatonal' : undefined,
      },
    );
    expect(periodReportSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({ cameraId: 'cam-0', zoneId: 'zone-0-0', zoneName: 'Cruce peatonal' });
    expect(r.total).toBe(mine.length);
    const byType: Record<string, number> = {};
    for (const e of mine) byType[e.type] = (byType[e.type] ?? 0) + 1;
    expect(r.byType).toEqual(byType);
    expect(Object.values(r.byStatus).reduce((a, b) => a + b, 0)).toBe(mine.length);
    expect(r.byHour.reduce((a, b) => a + b, 0)).toBe(mine.length);
    expect(r.byDay.reduce((a, d) => a + d.count, 0)).toBe(mine.length);
    expect(r.byDay.map((d) => d.count)).toEqual([
      mine.filter((e) => e.occurredAt < DAY0 + DAY).length,
      mine.filter((e) => e.occurredAt >= DAY0 + DAY).length,
    ]);
    expect(r.byCamera).toEqual([
      expect.objectContaining({ cameraId: 'cam-0', total: mine.length }),
    ]);
    expect(r.byZone).toEqual([
      { cameraId: 'cam-0', zoneId: 'zone-0-0', name: 'Cruce peatonal', total: mine.length, byType },
    ]);
    expect(r.lines).toEqual([{ cameraId: 'cam-0', lineId: 'l1', direction: 'forward', count: 1 }]);
    // Repeat plates are plates seen in the zone (their score still looks at all their infractions).
    const plates = new Set(mine.map((e) => e.plate?.text).filter(Boolean));
    for (const p of r.repeatPlates) expect(plates.has(p.plate)).toBe(true);

    // The same camera without the zone has more; the zone on the other camera is another zone.
    const whole = await buildPeriodReport(t.store.db, { ...Q, cameraId: 'cam-0' }, { now });
    expect(whole.total).toBeGreaterThan(r.total);
    expect(whole.byZone.find((z) => z.zoneId === 'zone-0-0')?.total).toBe(r.total);
    const other = await buildPeriodReport(
      t.store.db,
      { ...Q, cameraId: 'cam-1', zoneId: 'zone-0-0' },
      { now },
    );
    expect(other.total).toBe(7);
    expect(other.byType).toEqual({ 'zone-intrusion': 7 });
  });

  it('the document says the figures are for the zone; a zone needs its camera', async () => {
    t = openTestStore();
    seed();
    const r = await buildPeriodReport(
      t.store.db,
      { ...Q, cameraId: 'cam-0', zoneId: 'zone-0-0' },
      { now: DAY0 + 2 * DAY, cameraName: () => 'Av. Arequipa', zoneName: () => 'Cruce' },
    );
    const doc = periodReportDocument(r, { locale: 'es', operator: 'Ana', generatedAt: DAY0 });
    expect(doc.byline).toContain(
      'Cifras solo de la zona Cruce (zone-0-0) de la cámara Av. Arequipa',
    );
    const summary = doc.sections[0].rows;
    expect(summary).toContainEqual(['Zona', 'Cruce (zone-0-0)']);
    expect(doc.sections.find((s) => s.title === 'Conteo por línea y sentido')?.note).toMatch(
      /no suelen llevar zona/,
    );
    const en = periodReportDocument(r, { locale: 'en', generatedAt: DAY0 });
    expect(en.byline).toContain('Figures for zone Cruce (zone-0-0) of camera Av. Arequipa only');
    // Without a zone nothing changes.
    const plain = await buildPeriodReport(t.store.db, Q, { now: DAY0 + 2 * DAY });
    const plainDoc = periodReportDocument(plain, { locale: 'es', generatedAt: DAY0 });
    expect(plainDoc.byline).not.toContain('zona');

    await expect(
      buildPeriodReport(t.store.db, { ...Q, zoneId: 'zone-0-0' }, { now: DAY0 }),
    ).rejects.toMatchObject({ code: 'reports.error.zoneNeedsCamera' });
    expect(() =>
      checkExportParams(
        reportExportParamsSchema.parse({
          kind: 'daily',
          format: 'csv',
          date: '2026-01-15',
          zoneId: 'z',
        }),
      ),
    ).toThrow(expect.objectContaining({ code: 'reports.error.zoneNeedsCamera' }));
  });
});
