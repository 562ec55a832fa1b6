import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { mulberry32, syntheticInfraction } from '../../tools/synth/synthetic-infractions';

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testId).click(),
  ]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(file) };
}

const DAY = 86_400_000;
/** Infractions of today: enough that a list export takes seconds and shows its progress. */
const TODAY_N = 20_000;

/**
 * Today's infractions (local time of this machine, which the ui.browser shares) on three cameras,
 * drawn from few plates so repeat offenders exist, plus an older history for their scores and
 * line crossings for the per-line counts. Through the store's own API, before the server starts.
 */
function seed(dataDir: string): void {
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot: path.join(dataDir, 'evidence'),
  });
  try {
    const rng = mulberry32(17);
    const now = Date.now();
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    const span = Math.max(60_000, now - midnight.getTime() - 1000);
    const at = (i: number) => midnight.getTime() + Math.floor((i * span) / TODAY_N);
    const today = Array.from({ length: TODAY_N }, (_, i) =>
      syntheticInfraction(rng, { occurredAt: at(i), cameras: 3, plates: 4000 }),
    );
    const history = Array.from({ length: 3000 }, (_, i) =>
      syntheticInfraction(rng, {
        occurredAt: now - (2 + (i % 300)) * DAY,
        cameras: 3,
        plates: 4000,
      }),
    );
    store.infractions.insert([...today, ...history]);
    const line = store.db.prepare(
      'INSERT INTO events (ts, camera_id, kind, line_id, direction) VALUES (?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < 120; i++)
      line.run(at(i * 100), 'cam-0', 'line-crossing', 'entrada', i % 3 ? 'forward' : 'backward');
  } finally {
    store.close();
  }
}

describe('report export', () => {
  const ui = useServeAndBrowser({
    cameras: [{ id: 'demo', name: 'Demo · tráfico', source: { kind: 'demo' as const } }],
    prepare: seed,
  });

  it('exports the system report as CSV, XLSX and PDF from the System view', async () => {
    const { page, errors } = await openPage(ui.browser, `${ui.serve.url}`, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/system`);
    // Wait until the camera streams so the report carries live figures.
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="system-cameras"] tbody')
          ?.textContent?.includes('En vivo'),
      null,
      { timeout: 30_000 },
    );
    await screenshot(page, 'ui-system');

    const csv = await download(page, 'export-system-csv');
    expect(csv.name).toMatch(/^watcher-system-.*\.csv$/);
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Estado del sistema');
    expect(text).toMatch(/demo,Demo · tráfico,En vivo,\d/);

    const xlsx = await download(page, 'export-system-xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Cámaras')!;
    expect(sheet.getRow(4).values).toContain('fps');
    expect(sheet.getRow(5).getCell(1).value).toBe('demo');
    expect(typeof sheet.getRow(5).getCell(4).value).toBe('number');

    const pdf = await download(page, 'export-system-pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.bytes.length).toBeGreaterThan(1500);
    await page.getByText(/Descargado: watcher-system-.*\.pdf/).waitFor();

    // The daily report of today, from the host's store, as PDF (chart + operator and time) and CSV.
    await page.goto(`${ui.serve.baseUrl}#/reports`);
    await page.getByRole('heading', { name: 'Reporte diario' }).waitFor();
    await page.locator('.kpis').waitFor({ timeout: 15_000 });
    const daily = await download(page, 'export-daily-pdf');
    expect(daily.name).toMatch(/^watcher-daily-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(daily.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dailyCsv = (await download(page, 'export-daily-csv')).bytes.toString('utf8');
    expect(dailyCsv).toContain('Reporte diario de infracciones');
    expect(dailyCsv).toContain('Generado por admin');
    // Repeat plates carry their score and every factor, with the formula filled in.
    expect(dailyCsv).toContain(
      'Placa,En el periodo,Puntuación,Nivel,30 días,90 días,365 días,Gravedad media,Días desde la última,Recencia,Cálculo',
    );
    expect(dailyCsv).toMatch(
      /\n[A-Z]{3}-\d{3},\d+,\d+,(Baja|Media|Alta),\d+,\d+,\d+,[\d.]+,\d+,[\d.]+,"min\(100, 5 × /,
    );
    for (const section of ['Por cámara', 'Por zona', 'Conteo por línea y sentido'])
      expect(dailyCsv).toContain(section);
    expect(dailyCsv).toMatch(/cam-0,entrada,forward,80/);
    await screenshot(page, 'ui-reports');
    expect(errors).toEqual([]);
  });

  it('shows each repeat plate’s score, and exports with determinate progress, cancel and a range', async () => {
    const statuses: Array<{ state: string; stage: string; percent: number }> = [];
    const onPage = (page: Page) =>
      page.on('websocket', (ws) =>
        ws.on('framereceived', ({ payload }) => {
          const text = typeof payload === 'string' ? payload : payload.toString('utf8');
          if (!text.includes('"jobId"') || !text.includes('"percent"')) return;
          const msg = JSON.parse(text) as {
            result?: { state?: string; stage?: string; percent?: number };
          };
          const r = msg.result;
          if (r?.state && r.stage && typeof r.percent === 'number')
            statuses.push({ state: r.state, stage: r.stage, percent: r.percent });
        }),
      );
    const { page, errors } = await openPage(ui.browser, `${ui.serve.url}`, 'es', onPage);
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/reports`);
    await page.locator('.kpis').waitFor({ timeout: 15_000 });
    expect(await page.locator('.kpis .kpi').first().textContent()).toMatch(/^20[.,\s ]?000$/);

    // Top repeat plates: score /100, level, 30/90/365 counts, severity and recency factors.
    const rows = page.getByTestId('repeat-plate');
    await rows.first().waitFor();
    await expect.poll(() => rows.count()).toBe(20);
    const first = (await rows.first().textContent())!;
    expect(first).toMatch(/[A-Z]{3}-\d{3}/);
    expect(first).toMatch(/\d+\/100 (Baja|Media|Alta)/);
    expect(first).toMatch(/\d+ \/ \d+ \/ \d+/);
    expect(first).toContain('min(100, 5 × (3·');
    expect(await rows.first().getAttribute('title')).toMatch(/^min\(100, 5 × .*= \d+$/);
    const scores = await page
      .getByTestId('repeat-score')
      .evaluateAll((els) => els.map((e) => parseInt(e.textContent ?? '', 10)));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    await expect.poll(() => page.getByTestId('report-cameras').locator('tr').count()).toBe(3);
    await expect
      .poll(() => page.getByTestId('report-zones').locator('tr').count())
      .toBeGreaterThan(3);
    await expect
      .poll(() => page.getByTestId('report-lines').textContent())
      .toMatch(/entrada · cam-0forward80/);
    await page.getByTestId('repeat-plates').scrollIntoViewIfNeeded();
    await screenshot(page, 'ui-reports-repeat-plates');

    // What the host reported (every exportStatus reply the page received) and every value and
    // text the progress bar took on the page (a MutationObserver misses no DOM change). How many
    // polls fit into one export depends on the machine's speed, so nothing below counts them:
    // stages and percents through a whole job are asserted deterministically in
    // tests/unit/host/reports/export-jobs.test.ts, driven by a controllable run.
    await page.evaluate(() => {
      const w = window as unknown as { seen: Array<string | null>; texts: string[] };
      w.seen = [];
      w.texts = [];
      new MutationObserver(() => {
        const p = document.querySelector('[data-testid="export-progress"]');
        if (p) w.seen.push(p.getAttribute('value'));
        const job = document.querySelector('[data-testid="export-job"]');
        if (job?.textContent) w.texts.push(job.textContent);
      }).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['value'],
      });
    });
    await page.getByTestId('export-include-list').check();
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.getByTestId('export-daily-xlsx').click(),
    ]);
    // The list of all 20 000 infractions, and the repeat plates with their scores, as numbers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await dl.path()) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Listado de infracciones')!.rowCount).toBe(4 + TODAY_N);
    const plates = wb.getWorksheet('Placas reincidentes')!;
    expect(plates.getRow(4).getCell(3).value).toBe('Puntuación');
    expect(typeof plates.getRow(5).getCell(3).value).toBe('number');
    expect(plates.getRow(5).getCell(11).value).toMatch(/^min\(100, 5 × /);
    await page.getByText(/Descargado: watcher-daily-.*\.xlsx/).waitFor();
    const { seen, texts } = await page.evaluate(() => {
      const w = window as unknown as { seen: Array<string | null>; texts: string[] };
      return { seen: w.seen, texts: w.texts };
    });
    // The bar: always determinate (a value), never going back, ending full; its label names the
    // format, a stage and a percent.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((v) => v !== null)).toBe(true);
    const values = seen.map(Number);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(values.at(-1)).toBe(100);
    expect(
      texts.some((x) => /XLSX: .+ — \d+ %/.test(x)),
      texts.join(' | '),
    ).toBe(true);
    // The host: every status of the job determinate and monotonic, the last one done at 100 %.
    {
      expect(statuses.length).toBeGreaterThan(0);
      const percents = statuses.map((s) => s.percent);
      expect([...percents].sort((a, b) => a - b)).toEqual(percents);
      expect(statuses.at(-1)).toMatchObject({ state: 'done', stage: 'done', percent: 100 });
      expect(statuses.slice(0, -1).every((s) => s.state === 'running')).toBe(true);
    }

    // The PDF with the list keeps fewer rows, and says so.
    await page.getByTestId('export-job').waitFor({ state: 'detached' });
    const pdf = await download(page, 'export-daily-pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.bytes.length).toBeGreaterThan(50_000);

    // Cancel while it writes. A fast machine may finish the file before the click lands; then the
    // host answers that the job had already finished and the file is downloaded instead. Either
    // way the UI must end in a clear, final state (cancellation itself is asserted in the unit
    // test with a run that waits for the test).
    await page.getByTestId('export-job').waitFor({ state: 'detached' });
    await page.getByTestId('export-daily-xlsx').click();
    await page.getByTestId('export-cancel').click();
    await page
      .getByText(/Exportación cancelada\.|Descargado: watcher-daily-.*\.xlsx/)
      .waitFor({ timeout: 60_000 });

    // A range of days: by-day chart and the range export's name.
    await page.getByTestId('report-mode').selectOption('range');
    await page.getByRole('heading', { name: 'Reporte de un periodo' }).waitFor();
    const from = new Date(Date.now() - 6 * DAY);
    const pad = (n: number) => String(n).padStart(2, '0');
    await page
      .getByLabel('Desde')
      .fill(`${pad(from.getDate())}/${pad(from.getMonth() + 1)}/${from.getFullYear()}`);
    await page.getByRole('img', { name: 'Por día' }).waitFor();
    await page.getByTestId('export-include-list').uncheck();
    const range = await download(page, 'export-range-csv');
    expect(range.name).toMatch(/^watcher-report-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const rangeCsv = range.bytes.toString('utf8');
    expect(rangeCsv).toContain('Reporte de infracciones · ');
    expect(rangeCsv).toContain('Por día');
    await screenshot(page, 'ui-reports-range');
    await page.locator('.tables').scrollIntoViewIfNeeded();
    await screenshot(page, 'ui-reports-tables');
    expect(errors).toEqual([]);
  });
});
