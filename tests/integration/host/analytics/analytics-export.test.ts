import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnalyticsExportHandlers } from '../../../../electron/host/handlers/analytics-export-handlers';
import { capSections } from '../../../../electron/host/reports/analytics-report';
import { TrackHistoryRepo } from '../../../../electron/host/store/track-history';
import { analyticsExportParamsSchema } from '../../../../electron/shared/api/methods/analytics-exports';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { openTestStore, type TestStore } from '../../../unit/host/store/helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2026-01-12 00:00 UTC: the exported day; the day before is the compared one. */
const DAY_A = Date.UTC(2026, 0, 12);

let t: TestStore | undefined;
afterEach(() => t?.cleanup());

function track(ts: number, trackId: number, classLabel: string): FinishedTrack {
  return {
    cameraId: 'cam-1',
    trackId,
    classLabel,
    firstSeen: ts,
    lastSeen: ts + 30_000,
    frames: 300,
    path: [
      [0.2, 0.5],
      [0.8, 0.5],
    ],
    zones: [{ zoneId: 'dock', enterTs: ts, exitTs: ts + 20_000, dwellMs: 20_000 }],
    lines: [{ lineId: 'door', ts: ts + 1_000, direction: 'left-to-right' }],
  };
}

const ctx: ConnectionContext = { connectionId: 'test', transport: 'ipc' };

/** The text a PDF shows: pdfkit writes the standard fonts' strings as hex in deflated streams. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let text = '';
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body: string;
    try {
      body = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const h of body.matchAll(/<([0-9a-fA-F]+)>/g))
      text += Buffer.from(h[1], 'hex').toString('latin1');
    text += '\n';
  }
  return text;
}

function setup() {
  t = openTestStore();
  const repo = new TrackHistoryRepo(t.store);
  // Day A: three people and a car crossing the door at 08:00–08:40; day B: two people.
  repo.insert([
    track(DAY_A + 8 * HOUR, 1, 'person'),
    track(DAY_A + 8 * HOUR + 20 * 60_000, 2, 'person'),
    track(DAY_A + 8 * HOUR + 40 * 60_000, 3, 'person'),
    track(DAY_A + 8 * HOUR + 10 * 60_000, 4, 'car'),
    track(DAY_A - DAY + 8 * HOUR, 5, 'person'),
    track(DAY_A - DAY + 9 * HOUR, 6, 'person'),
  ]);
  return createAnalyticsExportHandlers({
    db: t.store.db,
    cameras: () => [{ id: 'cam-1', name: 'Puerta norte' }],
    ruleSet: () => ({
      data: { zones: [{ id: 'dock', name: 'Muelle' }], lines: [{ id: 'door', name: 'Puerta' }] },
    }),
  });
}

const params = (format: 'csv' | 'xlsx' | 'pdf', locale: 'es' | 'en' = 'en') =>
  analyticsExportParamsSchema.parse({
    format,
    from: DAY_A,
    to: DAY_A + DAY,
    intervalMs: HOUR,
    source: 'line',
    locale,
    operator: 'Ana',
  });

describe('analytics exports', () => {
  it('CSV: counts per class per interval, occupancy, dwell, utilisation, in/out and the comparison', async () => {
    const h = setup();
    const file = await h['analyticsExports.export'](params('csv'), ctx);
    expect(file.filename).toBe('watcher-analytics-2026-01-12.csv');
    expect(file.mime).toContain('text/csv');
    const lines = Buffer.from(file.base64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('Site analytics: 2026-01-12 00:00 – 2026-01-13 00:00');
    expect(lines[1]).toContain('Ana');
    // Counts per class per interval, with the camera, line and direction by name.
    expect(lines).toContain('2026-01-12 08:00,All cameras,Puerta,person,left to right,3');
    expect(lines).toContain('2026-01-12 08:00,All cameras,Puerta,car,left to right,1');
    for (const title of [
      'Zone occupancy (mean inside)',
      'Dwell-time distribution',
      'Zone utilisation',
      'People in and out',
      'Period comparison',
    ])
      expect(lines).toContain(title);
    // In/out: the three people through the door during 08:00 (the car is not a person).
    expect(lines).toContain('2026-01-12 08:00,3,0,3');
    // The comparison: day A against the day before, per class.
    const compareAt = lines.indexOf('Period comparison');
    const block = lines.slice(compareAt, compareAt + 6);
    expect(block).toContain('person,3,2,50');
    expect(block).toContain('car,1,0,');
    // Dwell: every visit lasted 20 s.
    const dwellAt = lines.indexOf('Dwell time per class');
    expect(lines.slice(dwellAt, dwellAt + 4)).toContain('person,3,20,20');
  });

  it('XLSX: one sheet per table, numbers as numbers', async () => {
    const h = setup();
    const file = await h['analyticsExports.export'](params('xlsx', 'es'), ctx);
    expect(file.filename).toBe('watcher-analytics-2026-01-12.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const sheets = wb.worksheets.map((w) => w.name);
    expect(sheets).toContain('Conteos por clase e intervalo');
    expect(sheets).toContain('Comparación de periodos');
    const values = (name: string) => {
      const rows: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      return rows;
    };
    expect(values('Conteos por clase e intervalo')).toContainEqual([
      '2026-01-12 08:00',
      'Todas las cámaras',
      'Puerta',
      'person',
      'de izquierda a derecha',
      3,
    ]);
    expect(values('Comparación de periodos')).toContainEqual(['person', 3, 2, 50]);
    expect(values('Personas que entran y salen')).toContainEqual(['2026-01-12 08:00', 3, 0, 3]);
  });

  it('PDF: the title, every table and the figures', async () => {
    const h = setup();
    const file = await h['analyticsExports.export'](params('pdf'), ctx);
    const pdf = Buffer.from(file.base64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.mime).toBe('application/pdf');
    const text = pdfText(pdf);
    expect(text).toContain('Site analytics');
    expect(text).toContain('Counts per class per interval');
    expect(text).toContain('Period comparison');
    expect(text).toContain('left to right');
    expect(text).toContain('person3250');
    expect(text).toContain('Dwell-time distribution');
  });

  it('a table longer than the format holds is cut, and says so', () => {
    const doc = {
      title: 'x',
      byline: 'y',
      charts: [],
      sections: [{ title: 's', columns: ['a'], rows: [[1], [2], [3]] }],
    };
    const cut = capSections(doc, 2, 'en');
    expect(cut.sections[0].rows).toEqual([[1], [2]]);
    expect(cut.sections[0].note).toBe(
      'First 2 of 3 rows: choose a longer interval or a shorter period.',
    );
    expect(capSections(doc, 3, 'en').sections[0]).toBe(doc.sections[0]);
  });

  it('a bad range is a validation error, not a crash', () => {
    expect(
      analyticsExportParamsSchema.safeParse({
        format: 'csv',
        from: DAY_A,
        to: DAY_A,
        intervalMs: HOUR,
      }).success,
    ).toBe(false);
  });
});
