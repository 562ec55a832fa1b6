import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { fixtures } from '../helpers/fixtures';
import type { ServeHandle } from '../helpers/watcher-serve';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ffmpegBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';

const model = fixtures.yolov8n();
const carsVideo = fixtures.video('car-detection.mp4');

/**
 * Two seconds of the parking-lot footage in which cars are always in view, looped by a file
 * camera, so "try on a frame" has something to find whenever it grabs the camera's frame.
 */
function carsClip(dir: string): string {
  const out = path.join(dir, 'cars.mp4');
  execFileSync(ffmpegBinary().path, [
    ...['-v', 'error', '-nostdin', '-ss', '15.5', '-t', '2', '-i', carsVideo!],
    ...['-an', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', out],
  ]);
  return out;
}

/** Waits until `watcher serve` reports the camera streaming (so the host holds a frame of it). */
async function waitStreaming(serve: ServeHandle, cameraId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${serve.baseUrl}healthz?token=${serve.token}`)).json()) as {
      cameras: Array<{ id: string; state: string }>;
    };
    if (health.cameras.find((c) => c.id === cameraId)?.state === 'streaming') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`camera ${cameraId} did not start streaming`);
}

/** Records every value a determinate <progress> takes, so a fast upload still shows its steps. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Array<[number, number]> = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    const record = () => {
      for (const p of document.querySelectorAll<HTMLProgressElement>(
        '[data-testid="model-import-status"] progress[value]',
      ))
        seen.push([p.value, p.max]);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['value', 'max'],
    });
  });
}

describe('Settings → Models in headless Chromium against watcher serve', () => {
  let clipDir: string | undefined;
  const ui = useServeAndBrowser(() => {
    clipDir = carsVideo ? mkdtempSync(path.join(os.tmpdir(), 'watcher-models-e2e-')) : undefined;
    const cameras = [
      { id: 'demo', name: 'Demo', source: { kind: 'demo' as const } },
      // Real footage (when ../shared is there), so "try on a frame" has cars to find.
      ...(clipDir
        ? [
            {
              id: 'cars',
              name: 'Parking',
              source: { kind: 'file' as const, path: carsClip(clipDir) },
            },
          ]
        : []),
    ];
    return { cameras };
  });
  afterAll(async () => {
    if (clipDir) rmSync(clipDir, { recursive: true, force: true });
  });

  it('out of the box: no models, the camera form offers the motion detector, and a non-ONNX file is refused clearly', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const panel = page.getByTestId('models-panel');
    await panel.getByText('No hay modelos instalados').waitFor({ timeout: 15_000 });

    // The camera form's detector choice: the motion detector, no free-text model id.
    await page.getByRole('button', { name: 'Editar' }).first().click();
    const select = page.getByLabel('Detector y modelo');
    expect(await select.inputValue()).toBe('');
    expect(await select.locator('option').allTextContents()).toEqual([
      'Detector de movimiento (sin modelo)',
    ]);
    await page.getByRole('button', { name: 'Cancelar' }).first().click();

    await panel.getByLabel('Archivo del modelo (.onnx)').setInputFiles({
      name: 'notas.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('Esto es un archivo de texto, no un modelo.\n'.repeat(40)),
    });
    await panel.getByRole('button', { name: 'Importar' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('No se pudo importar notas.onnx.');
    expect(text).toContain('El archivo del modelo no es un modelo ONNX.');
    expect(text).toContain('notas.onnx is not an ONNX model');
    // Nothing installed, nothing left behind.
    await expect.poll(() => panel.getByTestId('models-table').count()).toBe(0);
    const modelsDir = path.join(ui.serve.dataDir, 'models');
    expect(existsSync(modelsDir) ? readdirSync(modelsDir) : []).toEqual([]);
    expect(readdirSync(path.join(ui.serve.dataDir, 'model-uploads'))).toEqual([]);
    await screenshot(page, 'ui-models-not-onnx');
    expect(errors).toEqual([]);
  });

  it.skipIf(!model)(
    'imports the real YOLOv8n with a progress bar, shows its layout and labels, finds cars on a frame, and offers it per camera',
    async () => {
      const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
      await signIn(page);
      await page.goto(`${ui.serve.baseUrl}#/settings`);
      const panel = page.getByTestId('models-panel');
      await panel.getByLabel('Archivo del modelo (.onnx)').waitFor();
      await watchProgress(page);
      await panel.getByLabel('Archivo del modelo (.onnx)').setInputFiles(model!);
      await panel.getByRole('button', { name: 'Importar' }).click();
      await panel
        .getByText(
          'Modelo «yolov8n-416-int8» importado: formato YOLOv8/11, entrada 416×416, 80 clases.',
        )
        .waitFor({ timeout: 60_000 });
      // The bar was determinate and moved through the upload (3.4 MB in 512 KiB chunks).
      const seen = await page.evaluate(
        () => (window as unknown as { progressSeen: Array<[number, number]> }).progressSeen,
      );
      expect(seen.some(([v, max]) => v > 0 && v < max)).toBe(true);
      expect(seen.every(([, max]) => max === 3395264)).toBe(true);

      const row = panel.locator('tr[data-model-id="yolov8n-416-int8"]');
      const cells = await row.locator('td').allTextContents();
      expect(cells[0]).toBe('YOLOv8/11');
      expect(cells[1]).toBe('416×416');
      expect(cells[2]).toContain('80 clases');
      expect(cells[2]).toContain('person, bicycle, car, motorcycle');

      // Try it on the parking camera's latest frame (or the synthetic scene without ../shared).
      if (carsVideo) {
        // The camera must have streamed a frame for the host to hold one.
        await waitStreaming(ui.serve, 'cars');
        await panel.getByLabel('Fotograma de prueba', { exact: true }).selectOption('cars');
      }
      await panel.getByRole('button', { name: 'Probar en un fotograma: yolov8n-416-int8' }).click();
      const trial = panel.getByTestId('model-try');
      await trial.waitFor({ timeout: 60_000 });
      await page.waitForSelector('[data-testid="model-try-canvas"][data-drawn="true"]');
      const summary = (await trial.getByTestId('model-try-summary').textContent()) ?? '';
      const m =
        /^Detecciones: (\d+) · inferencia [\d,.]+ ms · total [\d,.]+ ms · proveedor CPU$/.exec(
          summary,
        );
      expect(m, summary).not.toBeNull();
      if (carsVideo) {
        expect(await trial.textContent()).toContain('Fotograma de la cámara cars');
        expect(Number(m![1])).toBeGreaterThan(0);
        // Seen from above, YOLOv8n calls these cars "car", "cell phone" or "bus": a label and a score.
        const items = await trial.locator('li').allTextContents();
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) expect(item).toMatch(/^[a-z ]+ \d+ %$/);
        // Boxes are drawn over the frame: the canvas has box-coloured pixels.
        const ink = await page.evaluate(() => {
          const c = document.querySelector<HTMLCanvasElement>('[data-testid="model-try-canvas"]')!;
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) {
            const max = Math.max(d[i], d[i + 1], d[i + 2]);
            const min = Math.min(d[i], d[i + 1], d[i + 2]);
            if (max > 200 && max - min > 150) n++;
          }
          return n;
        });
        expect(ink).toBeGreaterThan(500);
      }
      // Focus moved to the result.
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H3');
      await trial.scrollIntoViewIfNeeded();
      await screenshot(page, 'ui-models');

      // The camera form offers the model; choosing it marks the model as in use.
      const camRow = page.locator('section[aria-labelledby="cams-title"] tr', {
        hasText: carsVideo ? 'Parking' : 'Demo',
      });
      await camRow.getByRole('button', { name: 'Editar' }).click();
      const select = page.getByLabel('Detector y modelo');
      expect(await select.locator('option').allTextContents()).toEqual([
        'Detector de movimiento (sin modelo)',
        'yolov8n-416-int8 · YOLOv8/11',
      ]);
      await select.selectOption('yolov8n-416-int8');
      await select.scrollIntoViewIfNeeded();
      await screenshot(page, 'ui-models-camera-form');
      await page.getByRole('button', { name: 'Guardar' }).first().click();
      await page
        .getByText(`Cámara «${carsVideo ? 'Parking' : 'Demo'}» guardada.`)
        .waitFor({ timeout: 15_000 });
      const camId = carsVideo ? 'cars' : 'demo';
      await row.locator('td', { hasText: camId }).waitFor({ timeout: 15_000 });
      await expect
        .poll(() => row.getByRole('button', { name: 'Eliminar: yolov8n-416-int8' }).isDisabled())
        .toBe(true);

      // A second import of the same file gets a new id and can be removed (after confirming).
      await panel.getByLabel('Archivo del modelo (.onnx)').setInputFiles(model!);
      await panel.getByRole('button', { name: 'Importar' }).click();
      const second = panel.locator('tr[data-model-id="yolov8n-416-int8-2"]');
      await second.waitFor({ timeout: 60_000 });
      page.once('dialog', (d) => void d.accept());
      await second.getByRole('button', { name: 'Eliminar: yolov8n-416-int8-2' }).click();
      await panel.getByText('Modelo «yolov8n-416-int8-2» eliminado.').waitFor();
      // The list reloads after the message: wait for the row to go rather than sample once.
      await second.waitFor({ state: 'detached', timeout: 30_000 });
      expect(readdirSync(path.join(ui.serve.dataDir, 'models')).sort()).toEqual([
        'yolov8n-416-int8.json',
        'yolov8n-416-int8.onnx',
      ]);
      expect(errors).toEqual([]);
    },
  );
});
