import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { mulberry32, syntheticInfraction } from '../../tools/synth/synthetic-infractions';
import type { PlateState } from '../../electron/shared/domain/infraction';

/**
 * Seeds four cases on a camera of their own before `watcher serve` starts: a sure read, a
 * doubtful read, a plate found but not readable, and no plate. The store's own API inserts them
 * (the live scene path is covered by the evidence-writer integration test).
 */
function seed(dataDir: string): Promise<void> {
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot: path.join(dataDir, 'evidence'),
  });
  try {
    const rng = mulberry32(23);
    const now = Date.now();
    const cases: [PlateState, number?][] = [
      ['read', 0.95],
      ['read', 0.4],
      ['unreadable'],
      ['none'],
    ];
    store.infractions.insert(
      cases.map(([state, confidence], i) => {
        const { plate: _p, ...e } = syntheticInfraction(rng, {
          occurredAt: now - (i + 1) * 60_000,
          cameras: 1,
          evidence: [],
        });
        return {
          ...e,
          cameraId: 'seeded',
          plateState: state,
          ...(confidence
            ? { plate: { text: `ABC-12${i}`, rawText: `ABC12${i}`, confidence, country: 'PE' } }
            : {}),
        };
      }),
    );
  } finally {
    store.close();
  }
  return Promise.resolve();
}

/** Waits until the queue lists `n` cases (the predicate runs in the page, `n` passed to it). */
const waitForCases = (page: Page, n: number, timeout = 10_000) =>
  page.waitForFunction((want) => document.querySelectorAll('[role="option"]').length === want, n, {
    timeout,
  });

describe('review by plate state and reading confidence', () => {
  const ui = useServeAndBrowser(() => ({
    cameras: [{ id: 'seeded', name: 'Seeded', enabled: false, source: { kind: 'demo' as const } }],
    prepare: seed,
  }));

  it('shows each case’s confidence or state, filters on both, and the installer sees the unreadable share', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/review`);
    await page.getByLabel('Camera').selectOption('seeded');
    await waitForCases(page, 4, 20_000);
    expect((await page.getByTestId('queue-plate-confidence').allTextContents()).sort()).toEqual([
      'confidence 40 %',
      'confidence 95 %',
    ]);
    expect((await page.getByTestId('queue-plate-state').allTextContents()).sort()).toEqual([
      'No plate',
      'Plate not readable',
    ]);

    await page.getByTestId('filter-plate-state').selectOption('unreadable');
    await waitForCases(page, 1);
    await page.locator('[role="option"]').first().click();
    await page
      .getByTestId('detail-plate-state')
      .filter({ hasText: 'Plate not readable' })
      .waitFor();
    await screenshot(page, 'ui-plate-review-unreadable');

    // The doubtful reads: read plates below 60 % confidence.
    await page.getByTestId('filter-plate-state').selectOption('read');
    await page.getByTestId('filter-plate-direction').selectOption('below');
    await page.getByTestId('filter-plate-confidence').fill('60');
    await page.getByText('Reading confidence: 60 %').waitFor();
    await waitForCases(page, 1);
    expect(await page.getByTestId('queue-plate-confidence').allTextContents()).toEqual([
      'confidence 40 %',
    ]);
    // The sure ones, for bulk validation.
    await page.getByTestId('filter-plate-direction').selectOption('atLeast');
    await waitForCases(page, 1);
    expect(await page.getByTestId('queue-plate-confidence').allTextContents()).toEqual([
      'confidence 95 %',
    ]);
    await screenshot(page, 'ui-plate-review-confidence');

    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const card = page.getByTestId('plate-read-rates');
    await card.getByRole('columnheader', { name: 'Unreadable plates' }).waitFor();
    expect(await card.getByTestId('plate-unreadable-share').allTextContents()).toEqual(['25 %']);
    expect(errors).toEqual([]);
  });
});
