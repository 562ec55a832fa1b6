import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signIn } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/serve-process';

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByTestId(testId).click(),
  ]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(file) };
}

describe('report export', () => {
  let serve: ServeProcess;
  let browser: Browser;
  beforeAll(async () => {
    serve = await startServe({
      cameras: [{ id: 'demo', name: 'Demo · tráfico', source: { kind: 'demo' as const } }],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('exports the system report as CSV, XLSX and PDF from the System view', async () => {
    const { page, errors } = await openPage(browser, `${serve.url}`, 'es');
    await signIn(page);
    await page.goto(`${serve.baseUrl}#/system`);
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
    await page.goto(`${serve.baseUrl}#/reports`);
    await page.getByRole('heading', { name: 'Reporte diario' }).waitFor();
    await page.locator('.kpis').waitFor({ timeout: 15_000 });
    const daily = await download(page, 'export-daily-pdf');
    expect(daily.name).toMatch(/^watcher-daily-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(daily.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dailyCsv = (await download(page, 'export-daily-csv')).bytes.toString('utf8');
    expect(dailyCsv).toContain('Reporte diario de infracciones');
    expect(dailyCsv).toContain('Generado por admin');
    await screenshot(page, 'ui-reports');
    expect(errors).toEqual([]);
  });
});
