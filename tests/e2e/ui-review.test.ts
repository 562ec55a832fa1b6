import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { mulberry32, syntheticInfraction } from '../../tools/synth/synthetic-infractions';
import { grabOneFrame } from '../../electron/host/cameras/frame-grab';
import type { EvidenceFile } from '../../electron/shared/domain/infraction';
import { fixtures } from '../helpers/fixtures';

const SEEDED = 3;
/** A real vehicle photo stored as the seeded infractions' vehicle crop, when ../shared has it. */
const PLATE_PHOTO = fixtures.platesUs() && path.join(fixtures.platesUs()!, 'car13.jpg');

/**
 * Seeds the host's store before `watcher serve` starts: three pending speed infractions on the
 * demo camera, each with a real snapshot of the synthetic scene and a short real clip (ffmpeg).
 * The synthetic scene → rules → infraction path is not wired into `serve` yet, so the store's own
 * API inserts them, as the issue allows.
 */
async function seed(dataDir: string): Promise<void> {
  const evidenceRoot = path.join(dataDir, 'evidence');
  mkdirSync(path.join(evidenceRoot, 'seed'), { recursive: true });
  const frame = await grabOneFrame('ffmpeg', { kind: 'demo', pattern: 'traffic' }, 15_000);
  if (!frame.ok) throw new Error(`could not grab a demo frame: ${frame.error}`);
  const file = (
    rel: string,
    bytes: Buffer,
    kind: EvidenceFile['kind'],
    mime: string,
  ): EvidenceFile => {
    writeFileSync(path.join(evidenceRoot, rel), bytes);
    return {
      kind,
      path: rel,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      mime,
    };
  };
  const snapshot = file(
    'seed/snapshot.jpg',
    Buffer.from(frame.jpegBase64!, 'base64'),
    'snapshot',
    'image/jpeg',
  );
  const clipPath = path.join(evidenceRoot, 'seed/clip.webm');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=320x180:r=25:d=2',
    '-c:v',
    'libvpx',
    '-b:v',
    '300k',
    '-y',
    clipPath,
  ]);
  const clip = file('seed/clip.webm', readFileSync(clipPath), 'clip', 'video/webm');
  // With a vehicle crop the plate is read again on it; without, on the snapshot's vehicle box.
  const crop = PLATE_PHOTO
    ? [file('seed/crop.jpg', readFileSync(PLATE_PHOTO), 'crop', 'image/jpeg')]
    : [];
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot,
  });
  try {
    const rng = mulberry32(7);
    const now = Date.now();
    const events = Array.from({ length: SEEDED }, (_, i) => {
      const e = syntheticInfraction(rng, {
        occurredAt: now - (i + 1) * 60_000,
        cameras: 1,
        evidence: [clip, snapshot, ...crop],
      });
      return {
        ...e,
        cameraId: 'seeded',
        // The photo is of a US car: its formats are the ones to read it with.
        ...(crop.length && e.plate ? { plate: { ...e.plate, country: 'US' } } : {}),
      };
    });
    store.infractions.insert(events);
  } finally {
    store.close();
  }
}

describe('infraction review from the keyboard', () => {
  const ui = useServeAndBrowser(() => {
    // Seeded infractions belong to a camera of their own (disabled: no worker) so live ones
    // produced by the demo scene do not change the queue under the test.
    return {
      cameras: [
        { id: 'demo', name: 'Demo', source: { kind: 'demo' as const } },
        { id: 'seeded', name: 'Seeded', enabled: false, source: { kind: 'demo' as const } },
      ],
      prepare: seed,
    };
  });

  it('validates and rejects with the keyboard; the decisions survive a reload', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/review`);
    await page.getByLabel('Camera').selectOption('seeded');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"]').length === n,
      SEEDED,
      { timeout: 20_000 },
    );
    await page.locator('[role="option"]').first().click();
    await page.waitForSelector('[role="option"][aria-selected="true"]', { timeout: 20_000 });
    expect(await page.locator('[role="option"]').count(), 'seeded infractions are listed').toBe(
      SEEDED,
    );
    const firstId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);

    await page
      .getByTestId('integrity')
      .filter({ hasText: 'Verified' })
      .waitFor({ timeout: 15_000 });
    // The plate's repeat-offender score, with its factors, from the stored history.
    await page
      .getByTestId('repeat-offender')
      .filter({ hasText: '/100' })
      .waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('repeat-offender').getAttribute('title')).toMatch(
      /^min\(100, 5 × /,
    );
    await screenshot(page, 'ui-review');

    // Read the plate again on the stored evidence: an inference worker (the demo camera's, as
    // the seeded camera has none running) answers with the reading and its candidates.
    await page.getByTestId('plate-reread-button').click();
    const reread = page.getByTestId('plate-reread-result');
    await reread.waitFor({ timeout: 60_000 });
    if (PLATE_PHOTO) {
      expect(await reread.textContent()).toMatch(/Reading confidence: \d+ %/);
      expect(
        await page.getByTestId('plate-reread-candidates').locator('li').count(),
      ).toBeGreaterThan(0);
      await page.locator('.reread__crop').waitFor();
      await screenshot(page, 'ui-review-reread');
      // Accepting it is the audited plate correction; the detail shows the new plate.
      const accept = page.getByTestId('plate-reread-accept').first();
      const text = (await accept.textContent())!.replace(/^Accept /, '');
      await accept.click();
      await page.getByText('Plate corrected.').waitFor();
      await page.locator('.facts .plate', { hasText: text }).first().waitFor();
      await page.getByText('Read the plate again').first().waitFor();
    } else {
      expect(await reread.textContent()).toMatch(/No plate: /);
      await screenshot(page, 'ui-review-reread');
    }

    // V validates the selected one and moves to the next.
    await page.keyboard.press('v');
    await page.getByText('Infraction validated.').waitFor();
    // R asks for a reason; Enter confirms the rejection.
    await page.keyboard.press('r');
    await page.getByLabel('Reason for rejection').fill('Plate unreadable');
    await page.keyboard.press('Enter');
    await page.getByText('Infraction rejected.').waitFor();

    // The session survives the reload (kept for the tab); the decisions come back from the host.
    await page.reload();
    await page.goto(`${ui.serve.baseUrl}#/review/${encodeURIComponent(firstId)}`);
    await page.getByLabel('Camera').selectOption('seeded');
    await page.getByLabel('Status').selectOption('');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"]').length === n,
      SEEDED,
    );
    const statuses = await page.getByTestId('queue-status').allTextContents();
    expect(statuses.sort()).toEqual(['Pending', 'Rejected', 'Validated'].sort());
    await page.getByLabel('Status').selectOption('validated');
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 1);
    await screenshot(page, 'ui-review-after-reload');
    expect(errors).toEqual([]);
  });

  it("locks and unlocks a case's evidence from the detail; the badge and the history show it", async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/review`);
    await page.getByLabel('Camera').selectOption('seeded');
    await page.getByLabel('Status').selectOption('');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"]').length === n,
      SEEDED,
      { timeout: 20_000 },
    );
    await page.locator('[role="option"]').first().click();
    await page.getByTestId('evidence-lock').filter({ hasText: 'Lock evidence' }).click();
    await page.getByTestId('locked-badge').waitFor({ timeout: 15_000 });
    await page.getByText('Locked the evidence').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'ui-review-locked');
    await page.getByTestId('evidence-lock').filter({ hasText: 'Unlock evidence' }).click();
    await page.getByTestId('locked-badge').waitFor({ state: 'detached', timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});
