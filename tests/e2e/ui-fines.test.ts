import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { openSigningKey } from '../../electron/host/evidence/evidence-signer';
import { eventHash } from '../../inference/worker/evidence/chain';
import { mulberry32, syntheticInfraction } from '../../tools/synth/synthetic-infractions';
import { INFRACTION_CODE_PATTERN } from '../../electron/shared/domain/fine-lifecycle';

const SEEDED = 3;

/** Three speeding cases (85 km/h where 50 is allowed) on a camera of their own, before start. */
function seed(dataDir: string): void {
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot: path.join(dataDir, 'evidence'),
  });
  try {
    const rng = mulberry32(5);
    const events = Array.from({ length: SEEDED }, (_, i) => {
      const e = {
        ...syntheticInfraction(rng, { occurredAt: Date.now() - (i + 1) * 60_000, cameras: 1 }),
        cameraId: 'seeded',
        type: 'speed' as const,
        category: 'traffic' as const,
        measured: { speedKmh: 85, limitKmh: 50 },
        evidence: [],
      };
      // The fields changed above are part of the sealed event: hash it again.
      return { ...e, hash: eventHash(e) };
    });
    store.infractions.insert(events);
    // Each event sealed by the installation's key, as the evidence writer does for live ones, so
    // its evidence package (which the notice quotes) can be built.
    const key = openSigningKey(store);
    events.forEach((e, i) =>
      store.checkpoints.add(
        key.checkpoint({
          cameraId: 'seeded',
          count: i + 1,
          headHash: e.hash,
          eventId: e.id,
          signedAt: Date.now(),
        }),
      ),
    );
  } finally {
    store.close();
  }
}

/**
 * From infraction to fine in the UI against the real `watcher serve`: the administrator loads
 * Spain's catalogue, every case shows its code and is found by it, validating fixes the legal code
 * and amount and takes the case out of the Pending list, the case is notified with a reason, two
 * more are validated in one bulk action, and `?` opens the shortcuts sheet.
 */
describe('the fine lifecycle in review', () => {
  const ui = useServeAndBrowser({
    cameras: [
      { id: 'demo', name: 'Demo', source: { kind: 'demo' as const } },
      { id: 'seeded', name: 'Seeded', enabled: false, source: { kind: 'demo' as const } },
    ],
    prepare: seed,
  });

  it('codes, catalogue, validation with the fine, notification, bulk validation', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);

    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const fines = page.locator('section[aria-labelledby="fines-title"]');
    await fines.getByRole('button', { name: /España/ }).click({ timeout: 30_000 });
    await fines.getByText('Catalogue loaded: 9 codes.').waitFor({ timeout: 15_000 });
    expect(await fines.getByTestId('legal-codes').locator('tbody tr').count()).toBe(9);

    await page.goto(`${ui.serve.baseUrl}#/review`);
    await page.getByLabel('Camera').selectOption('seeded');
    const options = page.locator('[role="option"]');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"]').length === n,
      SEEDED,
      { timeout: 20_000 },
    );
    const codes = await page.locator('.queue__code').allTextContents();
    expect(codes).toHaveLength(SEEDED);
    for (const c of codes) expect(c).toMatch(INFRACTION_CODE_PATTERN);
    expect(new Set(codes).size).toBe(SEEDED);

    // Search by code.
    await page.getByLabel('Infraction code').fill(codes[1]);
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 1);
    expect(await page.locator('.queue__code').textContent()).toBe(codes[1]);
    await page.getByLabel('Infraction code').fill('');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"]').length === n,
      SEEDED,
    );

    // Validate the first: it leaves the Pending list; its fine is fixed from the catalogue.
    await options.first().click();
    await page.getByTestId('infraction-code').filter({ hasText: codes[0] }).waitFor();
    await page.keyboard.press('v');
    await page.getByText('Infraction validated.').waitFor();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"]').length === n,
      SEEDED - 1,
    );
    await page.getByLabel('Status').selectOption('validated');
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 1);
    await options.first().click();
    const fine = page.getByTestId('fine-value');
    await fine.filter({ hasText: 'RGC 48' }).waitFor({ timeout: 15_000 });
    expect(await fine.textContent()).toContain('RGC 48 · €400.00 · 4 points');

    // Notify it, with the why; the lifecycle lists who did what.
    await page
      .getByRole('group', { name: 'Lifecycle actions' })
      .getByRole('button', { name: 'Notify' })
      .click();
    await page.getByLabel('Reason (Notify)').fill('Registered letter 123');
    await page.getByRole('button', { name: 'Confirm' }).click();
    const lifecycle = page.getByTestId('lifecycle');
    await lifecycle.locator('li').nth(1).waitFor({ timeout: 15_000 });
    expect(await lifecycle.locator('li').nth(1).textContent()).toMatch(
      /^Notified Notify by admin on .+ — Registered letter 123$/,
    );
    await screenshot(page, 'ui-fines-notified-en');

    // The notice of infraction, as PDF, in either language; it quotes the SHA-256 of the
    // signed package it exported (recorded in the audit log).
    const es = await apiCall(page, 'fines.notice', {
      infractionId: (await page.evaluate(() => location.hash)).split('/')[2],
      locale: 'es',
    });
    expect(es.ok, JSON.stringify(es.error)).toBe(true);
    expect((es.result as { filename: string }).filename).toBe(`notice-${codes[0]}-es.pdf`);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('notice-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`notice-${codes[0]}-en.pdf`);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(codes[0]);
    const exported = await apiCall(page, 'audit.list', { action: 'evidence.export', limit: 1 });
    const sha = (exported.result as { entries: Array<{ details: { sha256: string } }> }).entries[0]
      .details.sha256;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);

    // Bulk: the two pending cases validated in one action.
    await page.getByLabel('Status').selectOption('pending');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"]').length === n,
      SEEDED - 1,
    );
    for (const box of await page.locator('.queue__pick').all()) await box.check();
    await page.getByRole('button', { name: 'Validate selected' }).click();
    await page.getByText('2 cases decided.').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 0);

    // The shortcuts sheet.
    await page.locator('body').click();
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-sheet').waitFor();
    await screenshot(page, 'ui-review-shortcuts-en');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-sheet').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  }, 180_000);
});
