#!/usr/bin/env node
// `watcher` entry: runs the built CLI bundle (npm run build). From source during development:
//   node --import tsx electron/node/cli/main.ts <command>
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const built = path.join(here, '..', 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write('watcher: not built yet. Run `npm run build` first.\n');
  process.exit(2);
}
await import(pathToFileURL(built).href);
