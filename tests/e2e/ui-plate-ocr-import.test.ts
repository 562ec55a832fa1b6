import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { syntheticPlateOcrModel } from '../helpers/synthetic-plate-ocr';
import { messages } from '../../electron/shared/i18n';

// No trained plate-OCR model is available here: the uploaded model is the synthetic ONNX model of
// tests/helpers/synthetic-plate-ocr.ts, with a fast-plate-ocr config sized to it.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_';
const CONFIG = `max_plate_slots: 9
alphabet: '${ALPHABET}'
pad_char: '_'
img_height: 4
img_width: ${9 * ALPHABET.length}
image_color_mode: grayscale
`;

/**
 * Settings → Models in headless Chromium against `watcher serve`: a plate-OCR model imported with
 * its config (a config that does not fit refused with its translated message), then offered by
 * the camera form as the plate recogniser, and only there.
 */
describe('Settings → Models: importing a plate-OCR model', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });

  it('imports the model with its config and the camera form offers it (es)', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const panel = page.getByTestId('models-panel');
    await panel.waitFor({ timeout: 20_000 });
    const model = Buffer.from(syntheticPlateOcrModel({ positions: 9, classes: 37, height: 4 }));
    const choose = async (config: string) => {
      await panel.getByTestId('model-file').setInputFiles({
        name: 'placas-es.onnx',
        mimeType: 'application/octet-stream',
        buffer: model,
      });
      await panel.getByTestId('model-task').selectOption('plate-ocr');
      await panel.getByTestId('plate-ocr-config-file').setInputFiles({
        name: 'placas-es.yaml',
        mimeType: 'text/plain',
        buffer: Buffer.from(config),
      });
      await panel.getByRole('button', { name: 'Importar' }).click();
    };

    await choose(CONFIG.replace('max_plate_slots: 9', 'max_plate_slots: 7'));
    await expect
      .poll(() => page.locator('[role="alert"]').allTextContents(), { timeout: 60_000 })
      .toContainEqual(
        expect.stringContaining(
          'La salida del modelo OCR de placas no coincide con su configuración',
        ),
      );

    await choose(CONFIG);
    const done = panel.locator('p[role="status"].ok');
    await expect
      .poll(() => done.textContent(), { timeout: 60_000 })
      .toContain('Modelo OCR de placas «placas-es» importado: entrada 333×4, 37 caracteres.');
    expect(
      readFileSync(path.join(ui.serve.dataDir, 'models', 'placas-es.plate-ocr.yaml'), 'utf8'),
    ).toBe(CONFIG);
    const row = panel.locator('tr[data-model-id="placas-es"]');
    await expect.poll(() => row.textContent()).toContain('OCR de placas');
    expect(await row.getByRole('button', { name: /Probar/ }).count()).toBe(0);

    await page.reload();
    const cams = page.locator('section[aria-labelledby="cams-title"]');
    await cams.getByTestId('camera-list').waitFor({ timeout: 30_000 });
    await cams.getByRole('button', { name: messages['settings.addCamera'].es }).click();
    const form = cams.locator('form');
    const recogniser = form.getByTestId('camera-plate-recognizer');
    await expect
      .poll(() => recogniser.locator('option').allTextContents(), { timeout: 20_000 })
      .toEqual([messages['plates.recognizer.ppocr'].es, 'placas-es']);
    expect(
      await form.getByTestId('camera-plate-detector').locator('option').allTextContents(),
    ).not.toContain('placas-es');
    await recogniser.selectOption('placas-es');
    await screenshot(page, 'ui-plate-ocr-import-es');
    expect(errors).toEqual([]);
  }, 180_000);
});
