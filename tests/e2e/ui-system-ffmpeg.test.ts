import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { chooseFfmpeg, probeCandidates } from '../../inference/worker/ffmpeg/ffmpeg-path';

/** The System view names the ffmpeg the host decodes with, and warns when it is too old. */
describe('System view: ffmpeg in use', () => {
  const env = { WATCHER_FFMPEG: '', WATCHER_FFPROBE: '' };
  const expected = chooseFfmpeg(probeCandidates({ ...process.env, ...env }))!;
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA], env });

  it('shows the release, version and year of the newest ffmpeg found', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/system`);
    const line = page.getByTestId('system-ffmpeg');
    await line.waitFor({ timeout: 30_000 });
    const text = await line.textContent();
    expect(text).toContain(`ffmpeg ${expected.build!.release}`);
    expect(text).toContain(expected.build!.version);
    expect(text).toContain(String(expected.build!.year));
    const year = expected.build!.year!;
    const outdated = new Date().getUTCFullYear() - year > 5;
    expect(await page.getByTestId('system-ffmpeg-outdated').count()).toBe(outdated ? 1 : 0);
    // On this machine's Debian ffmpeg 5.1 (newer than the bundled 4.1 of 2018).
    if (expected.source === 'path' && expected.build!.release === '5.1')
      expect(text).toMatch(/ffmpeg 5\.1 \(5\.1\.\d+/);
    await screenshot(page, 'ui-system-ffmpeg');
    expect(errors).toEqual([]);
  });
});

describe('System view: an outdated ffmpeg', () => {
  const bundled = probeCandidates({}).find((c) => c.source === 'bundled' && c.build);
  const old = bundled && new Date().getUTCFullYear() - (bundled.build!.year ?? 0) > 5;
  const ui = useServeAndBrowser({
    cameras: [DEMO_CAMERA],
    env: { WATCHER_FFMPEG: old ? bundled.ffmpeg : '', WATCHER_FFPROBE: '' },
  });

  it.runIf(old)('warns, in the user’s language, that it is more than five years old', async () => {
    const { page } = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/system`);
    const alert = page.getByTestId('system-ffmpeg-outdated');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain(
      `El ffmpeg en uso es de ${bundled!.build!.year}: tiene más de cinco años`,
    );
  });
});
