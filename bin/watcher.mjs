#!/usr/bin/env node
// `watcher` entry. Product commands run the built CLI bundle (npm run build); development commands
// (benchmarks, synthetic scenes, evaluations) run tools/cli.ts from source through tsx, since they
// are not part of the product bundle. From source during development:
//   node --import tsx electron/host/cli/main.ts <command>   (product)
//   node --import tsx tools/cli.ts <command>                (everything)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const DEV_COMMANDS = new Set([
  'bench',
  'synth',
  'eval-mot',
  'eval-plates',
  'eval-detect',
  'eval-classify',
  'compare',
  'eval-anomaly',
  'eval-reid',
]);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name] = process.argv.slice(2);

if (name && DEV_COMMANDS.has(name)) {
  const tools = path.join(root, 'tools', 'cli.ts');
  let tsx;
  try {
    tsx = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href;
  } catch {
    tsx = undefined;
  }
  if (!existsSync(tools) || !tsx) {
    process.stderr.write(
      `watcher: "${name}" is a development command; run it from a source checkout after \`npm ci\`.\n`,
    );
    process.exit(2);
  }
  const r = spawnSync(process.execPath, ['--import', tsx, tools, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const built = path.join(root, 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write('watcher: not built yet. Run `npm run build` first.\n');
  process.exit(2);
}
await import(pathToFileURL(built).href);
