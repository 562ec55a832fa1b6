import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium unless WATCHER_CHROMIUM names another binary. */
export const CHROMIUM_PATH = process.env.WATCHER_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium as the end-to-end tests and `watcher bench ui` drive it: no sandbox (CI runs
 * as root), no GPU, and none of the background connections that a closed network refuses.
 */
export function launchChromium(
  opts: { executablePath?: string; extraArgs?: string[] } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: opts.executablePath ?? CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(opts.extraArgs ?? []),
    ],
  });
}
