import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { sharedFixture } from '../helpers/fixtures';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const yolox = sharedFixture('models/yolox_nano_416.onnx');
const light = sharedFixture('models/light_person_detector_192.onnx');
const mobilenet = sharedFixture('models/mobilenetv2-7-wint8.onnx');
const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const video = sharedFixture('fixtures/video/one-by-one-person-detection.mp4');
const have = Boolean(yolo && yolox && light && video && mobilenet && reid);
if (!have)
  console.warn('[ui-model-lab] skipping: fixture models or video under ../shared are absent');

/**
 * Settings → Models in headless Chromium against `watcher serve`: two detectors compared on
 * frames sampled from a fixture video (per-model progress, boxes side by side, the accuracy chart
 * and the accuracy-vs-latency scatter), and a catalog model downloaded from a loopback HTTP
 * server (nothing else is reachable here) that first cuts the transfer, so the UI resumes it.
 */
describe.skipIf(!have)('Models → Compare on a video and catalog download in Chromium', () => {
  let server: Server;
  let dir: string;
  const cut = { after: 0 };
  const served: Record<string, Buffer> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-ui-lab-'));
    served['/light.onnx'] = readFileSync(light!);
    server = createServer((req, res) => {
      const body = served[req.url ?? ''];
      if (!body) {
        res.writeHead(404);
        res.end();
        return;
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      if (range)
        res.writeHead(206, {
          'content-length': String(body.length - start),
          'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        });
      else res.writeHead(200, { 'content-length': String(body.length) });
      const rest = body.subarray(start);
      if (cut.after > 0) {
        res.write(rest.subarray(0, cut.after), () => res.destroy());
        return;
      }
      // 128 KiB every 100 ms, so the progress bar has time to show.
      let at = 0;
      const tick = () => {
        if (res.destroyed) return;
        const next = rest.subarray(at, at + 128 * 1024);
        at += next.length;
        if (at >= rest.length) res.end(next);
        else res.write(next, () => setTimeout(tick, 100));
      };
      tick();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(
      path.join(dir, 'catalog.json'),
      JSON.stringify({
        version: 1,
        models: [
          {
            id: 'light-person',
            name: 'Light person detector 192',
            file: 'light_person_detector_192.onnx',
            sha256: createHash('sha256').update(served['/light.onnx']).digest('hex'),
            sizeBytes: served['/light.onnx'].length,
            layout: 'yolox',
            labels: ['person'],
            licence: 'Apache-2.0',
            source: 'loopback test server',
            url: `${base}/light.onnx`,
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const ui = useServeAndBrowser(() => ({
    cameras: [DEMO_CAMERA],
    env: {
      WATCHER_VIDEO_DIRS: path.dirname(video!),
      WATCHER_MODELS_CATALOG: path.join(dir, 'catalog.json'),
    },
  }));

  const install = () => {
    const models = path.join(ui.serve.dataDir, 'models');
    mkdirSync(models, { recursive: true });
    copyFileSync(yolo!, path.join(models, 'yolov8n.onnx'));
    copyFileSync(yolox!, path.join(models, 'yolox.onnx'));
  };

  it('compares two detectors on frames sampled from a video, with progress and the scatter (en)', async () => {
    install();
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const panel = page.getByTestId('model-compare');
    await panel.waitFor({ timeout: 20_000 });
    await panel.getByTestId('compare-model-yolov8n').check();
    await panel.getByTestId('compare-model-yolox').check();
    await panel.getByTestId('compare-source-video').check();
    const select = panel.getByTestId('compare-video');
    await expect
      .poll(() => select.locator('option').allTextContents())
      .toContain('one-by-one-person-detection.mp4');
    await select.selectOption({ label: 'one-by-one-person-detection.mp4' });
    await panel.getByTestId('compare-frames').fill('3');
    await panel.getByTestId('compare-every').fill('20');
    await panel.getByTestId('compare-run').click();
    const results = panel.getByTestId('compare-results');
    await results.waitFor({ timeout: 180_000 });
    // Each model's progress, as pushed while it ran, ends at all frames done.
    for (const id of ['yolov8n', 'yolox'])
      expect(await panel.getByTestId(`compare-progress-${id}`).textContent()).toContain(
        `${id}: 3 of 3 frames`,
      );
    expect(await results.getByTestId('compare-image').count()).toBe(3);
    expect(await results.getByTestId('compare-canvas').count()).toBe(6);
    expect(await results.textContent()).toContain('one-by-one-person-detection.mp4@20.0s');
    await results.getByTestId('compare-accuracy-chart').locator('svg').first().waitFor();
    const scatter = results.getByTestId('compare-scatter');
    await scatter.locator('.recharts-scatter-symbol').first().waitFor();
    expect(await scatter.textContent()).toContain('yolox');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      results.getByTestId('compare-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('model-comparison.csv');
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, 'ui-model-lab-video-en');
    expect(errors).toEqual([]);
  }, 300_000);

  it('downloads a catalog model with a progress bar, resuming a cut download (es)', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const catalog = page.getByTestId('model-catalog');
    await catalog.waitFor({ timeout: 20_000 });
    await catalog.getByRole('heading', { name: 'Catálogo de modelos' }).waitFor();
    const row = catalog.getByTestId('catalog-row-light-person');
    expect(await row.textContent()).toMatch(/3[.,]4 MB/);

    // The link drops after 1 MB: the failure is said, and the button offers to resume.
    cut.after = 1_000_000;
    await row.getByTestId('catalog-download-light-person').click();
    const message = catalog.getByTestId('catalog-message');
    await expect
      .poll(() => message.textContent(), { timeout: 30_000 })
      .toContain('La descarga del modelo se interrumpió');
    expect(await message.getAttribute('role')).toBe('alert');
    const resume = row.getByTestId('catalog-download-light-person');
    await expect.poll(() => resume.textContent()).toBe('Reanudar');

    cut.after = 0;
    await resume.click();
    const bar = row.getByTestId('catalog-progress-light-person');
    await bar.waitFor({ timeout: 10_000 });
    await expect.poll(() => bar.textContent(), { timeout: 10_000 }).toMatch(/light-person: \d+ %/);
    await expect
      .poll(() => message.textContent(), { timeout: 60_000 })
      .toContain('«light-person» descargado, verificado e instalado.');
    await row.getByTestId('catalog-installed-light-person').waitFor();
    await screenshot(page, 'ui-model-lab-catalog-es');
    expect(errors).toEqual([]);
  }, 180_000);

  it('imports a classifier (task from its outputs) and an embedding model with its normalisation (es)', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const panel = page.getByTestId('models-panel');
    await panel.waitFor({ timeout: 20_000 });
    await panel.getByTestId('model-file').setInputFiles({
      name: 'mobilenet.onnx',
      mimeType: 'application/octet-stream',
      buffer: readFileSync(mobilenet!),
    });
    await panel.getByRole('button', { name: 'Importar' }).click();
    const done = panel.locator('p[role="status"].ok');
    await expect
      .poll(() => done.textContent(), { timeout: 60_000 })
      .toContain('«mobilenet» importado: Clasificación, entrada 224×224, 1000 salidas.');

    await panel.getByTestId('model-file').setInputFiles({
      name: 'reid.onnx',
      mimeType: 'application/octet-stream',
      buffer: readFileSync(reid!),
    });
    await panel.getByTestId('model-task').selectOption('embed');
    await panel.getByTestId('model-custom-norm').check();
    const norm = panel.getByTestId('model-norm');
    await norm.getByLabel('Canales').selectOption('bgr');
    await norm.getByLabel('Escala').selectOption('raw');
    await norm.getByLabel('Media (3 valores)').fill('');
    await norm.getByLabel('Desviación (3 valores)').fill('');
    await norm.getByLabel('Disposición del tensor').selectOption('nhwc');
    await panel.getByRole('button', { name: 'Importar' }).click();
    await expect
      .poll(() => done.textContent(), { timeout: 60_000 })
      .toContain('«reid» importado: Embedding, entrada 128×256, 256 salidas.');
    const side = JSON.parse(
      readFileSync(path.join(ui.serve.dataDir, 'models', 'reid.json'), 'utf8'),
    );
    expect(side).toMatchObject({
      task: 'embed',
      embeddingDim: 256,
      normalisation: { channelOrder: 'bgr', scale: 'raw', tensorLayout: 'nhwc' },
    });
    expect(side.normalisation.mean).toBeUndefined();
    await screenshot(page, 'ui-model-lab-import-es');
    expect(errors).toEqual([]);
  }, 180_000);
});
