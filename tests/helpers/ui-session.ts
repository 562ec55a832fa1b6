import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServe, type ServeHandle, type StartServeOptions } from './watcher-serve';

/** The built-in demo camera, as most UI tests configure it. */
export const DEMO_CAMERA = { id: 'demo', name: 'Demo', source: { kind: 'demo' as const } };

export interface UiSession {
  /** Set once the describe block's beforeAll has run. */
  readonly serve: ServeHandle;
  readonly browser: Browser;
}

/**
 * A real `watcher serve` and a headless Chromium for the enclosing describe block: started in
 * beforeAll (options may be computed then), both stopped in afterAll.
 */
export function useServeAndBrowser(
  options: StartServeOptions | (() => StartServeOptions) = { cameras: [DEMO_CAMERA] },
): UiSession {
  const session = {} as { serve: ServeHandle; browser: Browser };
  beforeAll(async () => {
    session.serve = await startServe({
      processGroup: true,
      logLevel: 'warn',
      ...(typeof options === 'function' ? options() : options),
    });
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.serve?.stop();
  });
  return session;
}
