import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  dailyReportDocument,
  systemReportDocument,
} from '../../../electron/node/reports/report-document';
import { writeCsv, writePdf, writeXlsx } from '../../../electron/node/reports/writers';
import type { DailyReport } from '../../../electron/common/api/methods/store';

const report: DailyReport = {
  date: '2026-11-21',
  total: 7,
  byType: { speed: 5, 'red-light': 2 },
  byStatus: { pending: 4, validated: 3 },
  byHour: Array.from({ length: 24 }, (_, h) => (h === 8 ? 4 : h === 17 ? 3 : 0)),
  topPlates: [
    { plate: 'ABC-123', count: 3 },
    { plate: '=HYPERLINK("x")', count: 2 },
  ],
  avgSpeedExcessKmh: 12.345,
  lines: [{ lineId: 'line-1', direction: 'forward', count: 40 }],
};
const meta = {
  locale: 'es' as const,
  operator: 'Ana Pérez',
  generatedAt: Date.UTC(2026, 10, 21, 15, 0),
};

describe('report export writers', () => {
  it('CSV: BOM, localised headings, figures and neutralised formulas', () => {
    const text = writeCsv(dailyReportDocument(report, meta)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Reporte diario de infracciones · 2026-11-21');
    expect(text).toContain('Generado por Ana Pérez');
    expect(text).toContain('Exceso medio de velocidad (km/h),12.3');
    expect(text).toContain('08:00,4');
    expect(text).toContain(`"'=HYPERLINK(""x"")",2`);
  });

  it('XLSX: one sheet per section with numbers kept numeric (read back with exceljs)', async () => {
    const buf = await writeXlsx(dailyReportDocument(report, { ...meta, locale: 'en' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const byHour = wb.getWorksheet('By hour')!;
    expect(byHour.getRow(4).values).toEqual([undefined, 'Hour', 'Count']);
    expect(byHour.getRow(5 + 8).getCell(2).value).toBe(4);
    expect(wb.worksheets.map((w) => w.name)).toContain('Repeat plates');
  });

  it('PDF: a valid document with the chart and the system report', async () => {
    const pdf = await writePdf(dailyReportDocument(report, meta));
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
});
