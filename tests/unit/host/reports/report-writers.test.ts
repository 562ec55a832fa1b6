import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  periodReportDocument,
  systemReportDocument,
} from '../../../../electron/host/reports/report-document';
import {
  cellFontSize,
  documentRows,
  writeCsv,
  writePdf,
  writeReport,
  writeXlsx,
} from '../../../../electron/host/reports/writers';
import type { PeriodReport } from '../../../../electron/shared/api/methods/report-schemas';
import { repeatOffenderScore } from '../../../../inference/vision/plates/repeat-offender';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 21, 20, 0);
const score = (days: number[], type = 'speed') => {
  const { score, level, factors, explanation } = repeatOffenderScore(
    days.map((d) => ({ occurredAt: now - d * DAY, type })),
    now,
  );
  return { score, level, factors, explanation };
};

const report: PeriodReport = {
  from: '2026-11-21',
  to: '2026-11-21',
  tzOffsetMinutes: -300,
  startMs: Date.UTC(2026, 10, 21, 5),
  endMs: Date.UTC(2026, 10, 22, 5),
  days: 1,
  total: 7,
  byType: { speed: 5, 'red-light': 2 },
  byStatus: { pending: 4, validated: 3 },
  byHour: Array.from({ length: 24 }, (_, h) => (h === 8 ? 4 : h === 17 ? 3 : 0)),
  byDay: [{ date: '2026-11-21', count: 7 }],
  avgSpeedExcessKmh: 12.345,
  speedInfractions: 5,
  byCamera: [
    { cameraId: 'cam-1', name: 'Av. Arequipa', total: 7, byType: { speed: 5, 'red-light': 2 } },
  ],
  byZone: [
    { cameraId: 'cam-1', zoneId: 'z1', name: 'Cruce', total: 2, byType: { 'red-light': 2 } },
  ],
  lines: [{ cameraId: 'cam-1', lineId: 'line-1', direction: 'forward', count: 40 }],
  repeatPlates: [
    { plate: 'ABC-123', count: 3, lastAt: now - 3_600_000, repeat: score([0, 0, 0, 40]) },
    { plate: '=HYPERLINK("x")', count: 2, lastAt: now, repeat: score([0, 200], 'lane-invasion') },
  ],
  scoredAt: now,
};
const meta = {
  locale: 'es' as const,
  operator: 'Ana Pérez',
  generatedAt: Date.UTC(2026, 10, 21, 15, 0),
};

describe('report export writers', () => {
  it('CSV: BOM, localised headings, figures, repeat scores and neutralised formulas', () => {
    const text = writeCsv(periodReportDocument(report, meta)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Reporte diario de infracciones · 2026-11-21');
    expect(text).toContain('Generado por Ana Pérez');
    expect(text).toContain('Exceso medio de velocidad (km/h),12.3');
    expect(text).toContain('08:00,4');
    // Per camera and zone, with names.
    expect(text).toContain(
      'cam-1,Av. Arequipa,7,—,Exceso de velocidad: 5 · Paso con semáforo en rojo: 2',
    );
    expect(text).toContain('cam-1,z1,Cruce,2');
    expect(text).toContain('cam-1,line-1,forward,40');
    // The repeat plate with its score, level, factors and the formula filled in.
    const abc = report.repeatPlates[0].repeat;
    expect(text).toContain(
      `ABC-123,3,${abc.score},Alta,3,4,4,2,0,1,"${abc.explanation.replace(/"/g, '""')}"`,
    );
    expect(text).toContain('Puntuación = mín(100');
    expect(text).toContain(`"'=HYPERLINK(""x"")",2,`);
  });

  it('a range has a by-day section and chart; the list notes when it was capped', () => {
    const range: PeriodReport = {
      ...report,
      to: '2026-11-23',
      days: 3,
      byDay: [
        { date: '2026-11-21', count: 7 },
        { date: '2026-11-22', count: 0 },
        { date: '2026-11-23', count: 0 },
      ],
    };
    const doc = periodReportDocument(range, {
      ...meta,
      locale: 'en',
      list: [
        {
          occurredAt: report.startMs + 3 * 3_600_000,
          cameraId: 'cam-1',
          type: 'speed',
          status: 'pending',
          plate: 'ABC-123',
          speedKmh: 91.26,
          limitKmh: 60,
          excessKmh: 31.26,
          confidence: 0.912,
          reviewer: 'ana',
          reason: 'plate unreadable',
          id: 'i-1',
        },
      ],
      listTotal: 10,
      listMax: 1,
    });
    expect(doc.title).toBe('Infraction report · 2026-11-21 – 2026-11-23');
    expect(doc.charts.map((c) => c.title)).toEqual(['By hour', 'By day']);
    const list = doc.sections.find((s) => s.title === 'Infraction list')!;
    expect(list.note).toMatch(/first 1 of 10/);
    // Local time of the period's zone (-05:00): 03:00 after local midnight.
    expect(list.rows[0].slice(0, 12)).toEqual([
      '2026-11-21 03:00:00',
      'cam-1',
      '',
      'Speeding',
      'Pending',
      'ABC-123',
      91.3,
      60,
      31.3,
      0.91,
      'ana',
      'plate unreadable',
    ]);
    expect(list.columns.slice(10, 12)).toEqual(['Reviewer', 'Reason']);
  });

  it('XLSX: one sheet per section with numbers kept numeric (read back with exceljs)', async () => {
    const buf = await writeXlsx(periodReportDocument(report, { ...meta, locale: 'en' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const byHour = wb.getWorksheet('By hour')!;
    expect(byHour.getRow(4).values).toEqual([undefined, 'Hour', 'Count']);
    expect(byHour.getRow(5 + 8).getCell(2).value).toBe(4);
    const plates = wb.getWorksheet('Repeat plates')!;
    expect(plates.getRow(3).getCell(1).value).toMatch(/^Repeat-offender score .* min\(100/);
    expect(plates.getRow(5).getCell(1).value).toBe('ABC-123');
    expect(plates.getRow(5).getCell(3).value).toBe(report.repeatPlates[0].repeat.score);
    expect(plates.getRow(5).getCell(4).value).toBe('High');
  });

  it('reports rows as it writes, in batches, and stops when cancelled', async () => {
    const doc = periodReportDocument(report, meta);
    const total = documentRows(doc);
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const seen: number[] = [];
      let packaged = false;
      await writeReport(doc, format, {
        batch: 10,
        onRows: (done, t) => {
          expect(t).toBe(total);
          seen.push(done);
        },
        onPackage: () => (packaged = true),
      });
      expect(seen[0]).toBe(0);
      expect(seen.at(-1)).toBe(total);
      expect(seen.length).toBeGreaterThan(3);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      expect(packaged).toBe(true);

      const controller = new AbortController();
      await expect(
        writeReport(doc, format, {
          batch: 5,
          signal: controller.signal,
          onRows: (done) => done >= 10 && controller.abort(),
        }),
      ).rejects.toThrow(/abort/i);
    }
  });

  it('PDF: a valid document with the charts and the system report', async () => {
    const pdf = await writePdf(periodReportDocument(report, meta));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    const sys = await writePdf(
      systemReportDocument(
        [
          {
            id: 'demo',
            name: 'Demo',
            status: {
              cameraId: 'demo',
              state: 'streaming',
              frames: 10,
              fps: 9.8,
              droppedByRate: 0,
              lost: 0,
              reconnects: 1,
              inferenceMs: 14,
            },
          },
        ],
        [{ workerId: 'worker-1', state: 'running', restarts: 0, cameras: ['demo'] }],
        meta,
      ),
    );
    expect(sys.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('PDF cells shrink a word that does not fit its column instead of breaking it', () => {
    // 5 pt per character at 8 pt.
    const measure = (w: string) => w.length * 5;
    expect(cellFontSize('Confidence', 60, 8, measure)).toBe(8);
    // "Confidence" is 50 wide at 8 pt; in 40 it is set at 6.4 pt, never split.
    expect(cellFontSize('Confidence', 40, 8, measure)).toBe(6.4);
    // Lines still break between words: only the widest word counts.
    expect(cellFontSize('Mean excess km/h', 40, 8, measure)).toBe(8);
    expect(cellFontSize('Supercalifragilistic', 10, 8, measure)).toBe(5);
    expect(cellFontSize('', 10, 8, measure)).toBe(8);
  });
});
