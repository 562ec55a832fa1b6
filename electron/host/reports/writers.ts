import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { PassThrough } from 'node:stream';
import type { ReportFormat } from '../../shared/api/methods/report-schemas';
import type { ReportDocument } from './report-document';

export const REPORT_MIME: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/**
 * How a long write reports and yields. Rows are written in batches of `batch`; after each batch
 * `onRows` hears how far it got, the event loop gets a turn (the host keeps serving the wall and
 * other calls) and `signal` is checked, so a cancelled export stops within one batch.
 */
export interface WriteOptions {
  onRows?(done: number, total: number): void;
  /** Called once every row is in, before the file is compressed (XLSX) or finished (PDF). */
  onPackage?(): void;
  signal?: AbortSignal;
  batch?: number;
}

/** Rows a writer goes through: every section's rows plus its header row. */
export function documentRows(doc: ReportDocument): number {
  return doc.sections.reduce((n, s) => n + s.rows.length + 1, 0);
}

export async function writeReport(
  doc: ReportDocument,
  format: ReportFormat,
  opts: WriteOptions = {},
): Promise<Buffer> {
  if (format === 'csv') return writeCsvAsync(doc, opts);
  if (format === 'xlsx') return writeXlsx(doc, opts);
  return writePdf(doc, opts);
}

/** Counts rows and, every `batch` rows, reports, yields to the event loop and honours cancel. */
function rowCounter(doc: ReportDocument, opts: WriteOptions) {
  const total = documentRows(doc);
  const batch = Math.max(1, opts.batch ?? 250);
  let done = 0;
  opts.signal?.throwIfAborted();
  opts.onRows?.(0, total);
  return {
    async row(): Promise<void> {
      done++;
      if (done % batch !== 0 && done !== total) return;
      opts.onRows?.(done, total);
      await new Promise<void>((r) => setImmediate(r));
      opts.signal?.throwIfAborted();
    },
  };
}

function csvCell(v: string | number): string {
  const s = String(v);
  // Spreadsheet apps execute cells starting with = + - @ as formulas: prefix them (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function* csvLines(doc: ReportDocument): Generator<{ line: string; row: boolean }> {
  yield { line: csvCell(doc.title), row: false };
  yield { line: csvCell(doc.byline), row: false };
  yield { line: '', row: false };
  for (const s of doc.sections) {
    yield { line: csvCell(s.title), row: false };
    if (s.note) yield { line: csvCell(s.note), row: false };
    yield { line: s.columns.map(csvCell).join(','), row: true };
    for (const r of s.rows) yield { line: r.map(csvCell).join(','), row: true };
    yield { line: '', row: false };
  }
}

/** UTF-8 with BOM so Excel opens accents correctly; sections separated by a blank line. */
export function writeCsv(doc: ReportDocument): Buffer {
  const lines = [...csvLines(doc)].map((l) => l.line);
  return Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8');
}

async function writeCsvAsync(doc: ReportDocument, opts: WriteOptions): Promise<Buffer> {
  const count = rowCounter(doc, opts);
  const lines: string[] = [];
  for (const l of csvLines(doc)) {
    lines.push(l.line);
    if (l.row) await count.row();
  }
  opts.onPackage?.();
  return Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8');
}

/**
 * One sheet per section; numbers stay numbers so the operator can chart them in Excel. Written
 * with exceljs's streaming writer: each row is committed (and compressed) as it is written, so a
 * long list costs little memory and the rows written are the progress of the whole file.
 */
export async function writeXlsx(doc: ReportDocument, opts: WriteOptions = {}): Promise<Buffer> {
  const count = rowCounter(doc, opts);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  wb.creator = 'Watcher';
  const used = new Set<string>();
  for (const s of doc.sections) {
    // Sheet names: max 31 chars, unique, no []:*?/\ characters.
    let name = s.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.columns = s.columns.map(() => ({ width: 18 }));
    const title = ws.addRow([doc.title]);
    title.font = { bold: true, size: 14 };
    title.commit();
    ws.addRow([doc.byline]).commit();
    ws.addRow(s.note ? [s.note] : []).commit();
    const head = ws.addRow(s.columns);
    head.font = { bold: true };
    head.commit();
    await count.row();
    for (const r of s.rows) {
      ws.addRow(r).commit();
      await count.row();
    }
    ws.commit();
  }
  opts.onPackage?.();
  await wb.commit();
  await ended;
  opts.signal?.throwIfAborted();
  return Buffer.concat(chunks);
}

/** Type size of PDF table cells, and the smallest a cell is shrunk to so no word is broken. */
const CELL_PT = 8;
const MIN_CELL_PT = 5;

/**
 * The type size at which the widest word of `text` fits `width` (words are never broken inside a
 * cell; lines break between words). `measure` gives a word's width at `base` points.
 */
export function cellFontSize(
  text: string,
  width: number,
  base: number,
  measure: (word: string) => number,
  min = MIN_CELL_PT,
): number {
  const widest = Math.max(0, ...text.split(/\s+/).map((w) => (w ? measure(w) : 0)));
  if (widest <= width || widest === 0) return base;
  return Math.max(min, Math.floor(((base * width) / widest) * 10) / 10);
}

/** Sections with this many columns or more get landscape pages in the PDF. */
const LANDSCAPE_COLUMNS = 8;

/**
 * A4 PDF: title, byline (operator and time), the bar charts, then each section as a table whose
 * cells wrap (up to three lines) so long values such as the repeat-offender formula stay readable.
 * Wide tables (the repeat plates, the infraction list) go on landscape pages.
 */
export async function writePdf(doc: ReportDocument, opts: WriteOptions = {}): Promise<Buffer> {
  const count = rowCounter(doc, opts);
  const page = (layout: 'portrait' | 'landscape') => ({ size: 'A4', margin: 48, layout }) as const;
  const pdf = new PDFDocument({
    ...page('portrait'),
    info: { Title: doc.title, Author: 'Watcher' },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  // A cancelled write ends the document early; nobody waits for that partial file.
  finished.catch(() => undefined);
  try {
    let layout: 'portrait' | 'landscape' = 'portrait';
    const left = () => pdf.page.margins.left;
    const width = () => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
    const bottom = () => pdf.page.height - pdf.page.margins.bottom;

    pdf.font('Helvetica-Bold').fontSize(18).text(doc.title);
    pdf.font('Helvetica').fontSize(10).fillColor('#444').text(doc.byline).moveDown();
    for (const chart of doc.charts) {
      if (!chart.values.length) continue;
      if (pdf.y > bottom() - 190) pdf.addPage(page(layout));
      drawBarChart(pdf, chart, left(), width());
    }
    for (const s of doc.sections) {
      const want = s.columns.length >= LANDSCAPE_COLUMNS ? 'landscape' : 'portrait';
      if (want !== layout) {
        layout = want;
        pdf.addPage(page(layout));
      } else if (pdf.y > bottom() - 80) pdf.addPage(page(layout));
      pdf
        .font('Helvetica-Bold')
        .fontSize(12)
        .fillColor('#000')
        .text(s.title, left(), pdf.y)
        .moveDown(0.2);
      if (s.note)
        pdf
          .font('Helvetica')
          .fontSize(8)
          .fillColor('#444')
          .text(s.note, left(), pdf.y, { width: width() })
          .fillColor('#000')
          .moveDown(0.2);
      const weights = s.widths ?? s.columns.map(() => 1);
      const sum = weights.reduce((a, b) => a + b, 0) || 1;
      const colW = weights.map((w) => (w / sum) * width());
      const xs = colW.map((_, i) => left() + colW.slice(0, i).reduce((a, b) => a + b, 0));
      const row = (cells: Array<string | number>, bold: boolean): void => {
        pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(CELL_PT);
        const lineH = pdf.currentLineHeight(true);
        // A word wider than its column is set smaller rather than broken ("Confidenc e").
        const sizes = cells.map((c, i) =>
          cellFontSize(String(c), colW[i] - 4, CELL_PT, (w) =>
            pdf.fontSize(CELL_PT).widthOfString(w),
          ),
        );
        const h = Math.min(
          3 * lineH,
          Math.max(
            lineH,
            ...cells.map((c, i) =>
              pdf.fontSize(sizes[i]).heightOfString(String(c), { width: colW[i] - 4 }),
            ),
          ),
        );
        if (pdf.y + h > bottom() - 4) pdf.addPage(page(layout));
        const y = pdf.y;
        cells.forEach((c, i) =>
          pdf
            .fontSize(sizes[i])
            .text(String(c), xs[i], y, { width: colW[i] - 4, height: h, ellipsis: true }),
        );
        pdf.fontSize(CELL_PT);
        pdf
          .lineWidth(0.3)
          .strokeColor('#ccc')
          .moveTo(left(), y + h + 1.5)
          .lineTo(left() + width(), y + h + 1.5)
          .stroke();
        pdf.x = left();
        pdf.y = y + h + 3;
      };
      row(s.columns, true);
      await count.row();
      if (!s.rows.length) row(['—'], false);
      for (const r of s.rows) {
        row(r, false);
        await count.row();
      }
      pdf.moveDown();
    }
    opts.onPackage?.();
  } finally {
    pdf.end();
  }
  return finished;
}

function drawBarChart(
  pdf: PDFKit.PDFDocument,
  chart: ReportDocument['charts'][number],
  left: number,
  width: number,
): void {
  const height = 140;
  pdf.font('Helvetica-Bold').fontSize(12).fillColor('#000').text(chart.title, left, pdf.y);
  const top = pdf.y + 6;
  const max = Math.max(1, ...chart.values);
  const slot = width / chart.values.length;
  // Many bars (a long period): only some labels fit under the axis.
  const every = Math.max(1, Math.ceil(chart.values.length / 40));
  pdf
    .lineWidth(0.5)
    .strokeColor('#888')
    .moveTo(left, top + height)
    .lineTo(left + width, top + height)
    .stroke();
  chart.values.forEach((v, i) => {
    const h = (v / max) * (height - 14);
    pdf.rect(left + i * slot + slot * 0.15, top + height - h, slot * 0.7, h).fill('#2f6fb5');
    pdf.fillColor('#000').font('Helvetica').fontSize(6);
    if (i % every === 0)
      pdf.text(chart.labels[i], left + i * slot - slot * (every - 1) * 0.5, top + height + 2, {
        width: slot * every,
        align: 'center',
        lineBreak: false,
      });
    if (v > 0 && every === 1)
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
