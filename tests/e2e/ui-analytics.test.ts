import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { TrackHistoryRepo } from '../../electron/host/store/track-history';
import type { FinishedTrack } from '../../electron/shared/domain/track-history';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function track(cameraId: string, ts: number, trackId: number, classLabel: string): FinishedTrack {
  return {
    cameraId,
    trackId,
    classLabel,
    firstSeen: ts,
    lastSeen: ts + 12_000,
    frames: 120,
    path: [
      [0.1, 0.4],
      [0.5, 0.5],
      [0.9, 0.6],
    ],
    zones: [{ zoneId: 'dock', enterTs: ts, exitTs: ts + 10_000, dwellMs: 10_000 }],
    lines: [{ lineId: 'door', ts: ts + 2_000, direction: 'left-to-right' }],
  };
}

/**
 * Track history of the last two weeks (local days of this machine, which the browser shares)
 * through the store's own API before the server starts: the last 7 days are busier than the 7
 * before, so the period comparison has two different series.
 */
function seed(dataDir: string): void {
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot: path.join(dataDir, 'evidence'),
  });
  try {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const tracks: FinishedTrack[] = [];
    let id = 0;
    for (let d = 1; d <= 13; d++) {
      const day = midnight.getTime() - d * DAY;
      const people = d <= 6 ? 12 : 5;
      for (let k = 0; k < people; k++)
        tracks.push(track('yard', day + 8 * HOUR + k * 10 * 60_000, ++id, 'person'));
      for (let k = 0; k < 3; k++)
        tracks.push(track('yard', day + 12 * HOUR + k * 15 * 60_000, ++id, 'car'));
    }
    new TrackHistoryRepo(store).insert(tracks);
  } finally {
    store.close();
  }
}

/**
 * The Analytics view against the real `watcher serve` in Chromium: with track history seeded in
 * the store, the charts draw the data, the period comparison shows both periods, and the CSV
 * export downloads what the view shows.
 */
describe('Analytics view', () => {
  const ui = useServeAndBrowser({
    // A camera whose source is never opened: the history is all the view needs.
    cameras: [
      {
        id: 'yard',
        name: 'Patio',
        enabled: false,
        source: { kind: 'demo' as const },
      },
    ],
    prepare: seed,
  });

  it('draws the charts from the track history, compares the periods and exports a file', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/analytics`);
    const view = page.getByTestId('analytics-view');
    await view.waitFor({ timeout: 30_000 });
    await view
      .getByTestId('analytics-tracks')
      .getByText(/tracks in the history/)
      .waitFor({
        timeout: 30_000,
      });
    const tracks = await view.getByTestId('analytics-tracks').textContent();
    expect(Number(tracks!.replace(/\D/g, ''))).toBe(6 * 15 + 7 * 8);

    // Counts per class per line: bars drawn for the seeded crossings.
    const counts = view.getByTestId('analytics-counts');
    await counts.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 30_000 });
    expect(await counts.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await counts.locator('.recharts-legend-item-text', { hasText: 'person' }).first().waitFor();
    // Dwell and in/out draw too.
    await view
      .getByTestId('analytics-dwell')
      .locator('.recharts-bar-rectangle')
      .first()
      .waitFor({ timeout: 15_000 });
    await view
      .getByTestId('analytics-inout')
      .locator('.recharts-surface')
      .first()
      .waitFor({ timeout: 15_000 });

    // The comparison: the two periods as two lines, with their legend.
    const compare = view.getByTestId('analytics-compare');
    await compare.locator('.recharts-line-curve').nth(1).waitFor({ timeout: 15_000 });
    expect(await compare.locator('.recharts-line-curve').count()).toBe(2);
    expect(await compare.locator('.recharts-legend-item').count()).toBe(2);
    await screenshot(page, 'ui-analytics-en');

    // The CSV export downloads what the view shows.
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      view.getByTestId('analytics-export-csv').click(),
    ]);
    expect(dl.suggestedFilename()).toMatch(
      /^watcher-analytics-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = readFileSync((await dl.path())!, 'utf8');
    expect(csv).toContain('Site analytics');
    expect(csv).toContain('Counts per class per interval');
    expect(csv).toContain('Period comparison');
    // The last 7 days (today and the 6 before): 6 × 12 people; the 7 days before: 7 × 5.
    expect(csv).toContain('person,72,35,105.7');
    expect(errors).toEqual([]);
  });
});
