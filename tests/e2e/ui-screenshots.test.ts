import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, signIn } from '../helpers/browser';
import { artifactsDir } from '../helpers/fixtures';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { ReviewService } from '../../electron/host/store/review';
import { messages } from '../../electron/shared/i18n';
import { mulberry32, syntheticInfraction } from '../../tools/synth/synthetic-infractions';

/**
 * Every view in Spanish and English at 1920×1080 on a real `watcher serve` with the demo camera,
 * signed in as the administrator: a PNG of each (and of each settings card) under
 * test-artifacts/screenshots/<lang>/ to look at, and checks on what the screen says: `<html lang>`
 * follows the language, no message key is shown raw, and the Spanish UI shows no English state.
 */

const SHOTS = path.join(artifactsDir, 'screenshots');

const VIEWS = [
  'wall',
  'review',
  'reports',
  'reports/schedules',
  'analytics',
  'safety',
  'map',
  'calibration',
  'calibration/demo',
  'system',
  'audit',
  'settings',
] as const;

/** Words of states and statuses that mean the Spanish screen fell back to English. */
const ENGLISH_STATES = [
  'Pending',
  'Validated',
  'Rejected',
  'Notified',
  'Appealed',
  'Paid',
  'Closed',
  'Online',
  'Offline',
  'Enabled',
  'Disabled',
  'Running',
  'Stopped',
  'Connected',
  'Disconnected',
  'Unknown',
  'Starting',
  'Idle',
];
const MESSAGE_KEYS = Object.keys(messages);

function seed(dataDir: string): void {
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot: path.join(dataDir, 'evidence'),
  });
  try {
    const rng = mulberry32(19);
    const events = Array.from({ length: 6 }, (_, i) => ({
      ...syntheticInfraction(rng, { occurredAt: Date.now() - (i + 1) * 600_000, evidence: [] }),
      cameraId: DEMO_CAMERA.id,
    }));
    store.infractions.insert(events);
    store.legalCodes.applyPreset('PE', 'admin');
    const review = new ReviewService(store);
    review.decide(events[1].id, { action: 'validate', expectedVersion: 1 }, { name: 'admin' });
    review.decide(
      events[2].id,
      { action: 'reject', expectedVersion: 1, reason: 'review.reason.duplicate' },
      { name: 'admin' },
    );
  } finally {
    store.close();
  }
}

/**
 * The texts a person sees, one per text node of a rendered element (so words of neighbouring
 * buttons are not glued together), leaving out recorded data shown as it was stored.
 */
const visibleTexts = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim();
      if (!el || !text || el.closest('[data-raw-data], script, style')) continue;
      if (el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) out.push(text);
    }
    return out;
  });

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // Lists and charts arrive over the WebSocket after the route changes.
  await page.waitForTimeout(1200);
}

function problems(texts: string[], locale: 'es' | 'en'): string[] {
  const out: string[] = [];
  const text = texts.join('\n');
  for (const k of MESSAGE_KEYS)
    if (
      k.includes('.') &&
      new RegExp(`(^|[\\s(])${k.replace(/\./g, '\\.')}($|[\\s):,])`).test(text)
    )
      out.push(`raw key ${k}`);
  // Identifiers such as thresholdKmh: camelCase words are never words of either language.
  for (const m of text.matchAll(/\b[a-z]+[A-Z][a-zA-Z]+\b/g)) out.push(`identifier ${m[0]}`);
  if (locale === 'es')
    for (const w of ENGLISH_STATES)
      if (new RegExp(`\\b(${w}|${w.toLowerCase()})\\b`).test(text)) out.push(`English state ${w}`);
  return out;
}

describe('every view in both languages', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA], prepare: seed });

  for (const locale of ['es', 'en'] as const) {
    it(`${locale}: screenshots of each view, html lang, no raw keys or untranslated states`, async () => {
      const dir = path.join(SHOTS, locale);
      mkdirSync(dir, { recursive: true });
      const { page, errors } = await openPage(ui.browser, ui.serve.url, locale);
      await signIn(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      const found: string[] = [];
      for (const view of [...VIEWS, 'review-case']) {
        if (view === 'review-case') {
          // The first pending case, selected as an operator would.
          await page.evaluate(() => (location.hash = '#/review'));
          await page.locator('.review__queue [role="option"]').first().click();
        } else await page.evaluate((v) => (location.hash = `#/${v}`), view);
        await settle(page);
        const name = view.replace('/', '-');
        await page.screenshot({ path: path.join(dir, `${name}.png`) });
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
        for (const p of problems(await visibleTexts(page), locale)) found.push(`${view}: ${p}`);
        if (view === 'settings') {
          const cards = page.locator('main section.card');
          for (let i = 0; i < (await cards.count()); i++) {
            const card = cards.nth(i);
            const id = (await card.getAttribute('aria-labelledby')) ?? `card-${i}`;
            await card.scrollIntoViewIfNeeded();
            await card.screenshot({ path: path.join(dir, `settings-${i}-${id}.png`) });
          }
        }
      }
      expect(found).toEqual([]);

      // A date field reads and writes the language's format, whatever the browser's locale.
      await page.evaluate(() => (location.hash = '#/audit'));
      const from = page.getByLabel(messages['audit.ui.from'][locale], { exact: true });
      const format = locale === 'es' ? 'dd/mm/aaaa hh:mm' : 'mm/dd/yyyy hh:mm';
      expect(await from.getAttribute('placeholder')).toBe(format);
      expect(await from.getAttribute('lang')).toBe(locale);
      await from.fill(locale === 'es' ? '31/02/2026 10:00' : '02/31/2026 10:00');
      await from.blur();
      expect(await from.getAttribute('aria-invalid')).toBe('true');
      expect(await from.getAttribute('title')).toContain(format);
      await from.fill(locale === 'es' ? '31/12/2099 23:59' : '12/31/2099 23:59');
      await from.blur();
      expect(await from.getAttribute('aria-invalid')).toBeNull();
      await page.getByRole('button', { name: messages['audit.ui.search'][locale] }).click();
      await page.getByText(messages['audit.ui.empty'][locale]).waitFor({ timeout: 15_000 });
      expect(await from.inputValue()).toBe(
        locale === 'es' ? '31/12/2099 23:59' : '12/31/2099 23:59',
      );

      // The same wall and review on a 4K wall display: sizes grow with the screen.
      await page.setViewportSize({ width: 3840, height: 2160 });
      for (const view of ['wall', 'review']) {
        await page.evaluate((v) => (location.hash = `#/${v}`), view);
        await settle(page);
        await page.screenshot({ path: path.join(dir, `${view}-4k.png`) });
      }
      const rootPx = await page.evaluate(() =>
        parseFloat(getComputedStyle(document.documentElement).fontSize),
      );
      expect(rootPx).toBeGreaterThanOrEqual(24);
      expect(errors).toEqual([]);
      await page.context().close();
    }, 240_000);
  }
});
