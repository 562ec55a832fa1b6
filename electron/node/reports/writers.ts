import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { ReportFormat } from '../../common/api/methods/ui';
import type { ReportDocument } from './report-document';

export const REPORT_MIME: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export async function writeReport(doc: ReportDocument, format: ReportFormat): Promise<Buffer> {
  if (format === 'csv') return writeCsv(doc);
  if (format === 'xlsx') return writeXlsx(doc);
  return writePdf(doc);
}

function csvCell(v: string | number): string {
  const s = String(v);
  // Spreadsheet apps execute cells starting with = + - @ as formulas: prefix them (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with BOM so Excel opens accents correctly; sections separated by a blank line. */
export function writeCsv(doc: ReportDocument): Buffer {
  const lines: string[] = [csvCell(doc.title), csvCell(doc.byline), ''];
  for (const s of doc.sections) {
    lines.push(csvCell(s.title), s.columns.map(csvCell).join(','));
    for (const r of s.rows) lines.push(r.map(csvCell).join(','));
    lines.push('');
  }
  return Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8');
}

/** One sheet per section; numbers stay numbers so the operator can chart them in Excel. */
export async function writeXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Watcher';
  const used = new Set<string>();
  for (const s of doc.sections) {
    // Sheet names: max 31 chars, unique, no []:*?/\ characters.
    let name = s.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow([doc.title]).font = { bold: true, size: 14 };
    ws.addRow([doc.byline]);
    ws.addRow([]);
    ws.addRow(s.columns).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    ws.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A4 PDF: title, byline (operator and time), the bar chart, then each section as a table. */
export function writePdf(doc: ReportDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margin: 48,
      info: { Title: doc.title, Author: 'Watcher' },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    const left = pdf.page.margins.left;
    const width = pdf.page.width - left - pdf.page.margins.right;

    pdf.font('Helvetica-Bold').fontSize(18).text(doc.title);
    pdf.font('Helvetica').fontSize(10).fillColor('#444').text(doc.byline).moveDown();
    if (doc.chart && doc.chart.values.length) drawBarChart(pdf, doc.chart, left, width);
    for (const s of doc.sections) {
      if (pdf.y > pdf.page.height - 120) pdf.addPage();
      pdf
        .font('Helvetica-Bold')
        .fontSize(12)
        .fillColor('#000')
        .text(s.title, left, pdf.y)
        .moveDown(0.3);
      const colW = width / Math.max(1, s.columns.length);
      const row = (cells: Array<string | number>, bold: boolean): void => {
        if (pdf.y > pdf.page.height - 60) pdf.addPage();
        const y = pdf.y;
        pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
        cells.forEach((c, i) =>
          pdf.text(String(c), left + i * colW, y, {
            width: colW - 4,
            lineBreak: false,
            ellipsis: true,
          }),
        );
        pdf.y = y + 13;
      };
      row(s.columns, true);
      if (!s.rows.length) row(['—'], false);
      for (const r of s.rows) row(r, false);
      pdf.moveDown();
    }
    pdf.end();
  });
}

function drawBarChart(
  pdf: PDFKit.PDFDocument,
  chart: NonNullable<ReportDocument['chart']>,
  left: number,
  width: number,
): void {
  const height = 140;
  pdf.font('Helvetica-Bold').fontSize(12).fillColor('#000').text(chart.title, left, pdf.y);
  const top = pdf.y + 6;
  const max = Math.max(1, ...chart.values);
  const slot = width / chart.values.length;
  pdf
    .lineWidth(0.5)
    .strokeColor('#888')
    .moveTo(left, top + height)
    .lineTo(left + width, top + height)
    .stroke();
  chart.values.forEach((v, i) => {
    const h = (v / max) * (height - 14);
    pdf.rect(left + i * slot + slot * 0.15, top + height - h, slot * 0.7, h).fill('#2f6fb5');
    pdf
      .fillColor('#000')
      .font('Helvetica')
      .fontSize(6)
      .text(chart.labels[i], left + i * slot, top + height + 2, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
    if (v > 0)
      pdf.fontSize(6).text(String(v), left + i * slot, top + height - h - 8, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
  });
  pdf.fillColor('#000');
  pdf.x = left;
  pdf.y = top + height + 20;
}
