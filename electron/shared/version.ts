// Injected by electron-vite/vitest `define`; falls back for tsx runs from source.
declare const __WATCHER_VERSION__: string | undefined;
export const WATCHER_VERSION: string =
  typeof __WATCHER_VERSION__ === 'string' ? __WATCHER_VERSION__ : '0.1.0-dev';
