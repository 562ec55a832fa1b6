import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the worker entry is: next to the built bundle (`out/main/worker.js`), or the TypeScript
 * source when the host itself runs from source (tests, `node --import tsx`).
 */
export function resolveWorkerEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (import.meta.url.endsWith('.ts'))
    return path.resolve(here, '../../../inference/worker/worker-main.ts');
  for (const candidate of [path.join(here, 'worker.js'), path.join(here, '..', 'worker.js')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`worker entry not found near ${here}; run \`npm run build\``);
}

/** The built renderer (index.html + assets) that `watcher serve` hands to browsers. */
export function resolveRendererDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, '..', 'renderer'),
    path.join(here, '..', '..', 'renderer'),
    path.resolve(here, '../../../out/renderer'),
  ];
  return candidates.find((c) => existsSync(path.join(c, 'index.html')));
}
