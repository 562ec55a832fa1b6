#!/usr/bin/env node
// `npm test`: builds the app (the serve and e2e tests run the built bundle), runs every Vitest
// project, and ends with one plain summary line ("tests: N passed, N failed, N skipped") that any
// CI can read, whatever the reporter prints above it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run(bin('electron-vite'), ['build']) !== 0) {
  console.log('tests: 0 passed, 1 failed (build failed)');
  process.exit(1);
}
const report = path.join(root, 'test-artifacts', 'vitest-report.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });
const code = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
} catch {
  console.log('tests: 0 passed, 1 failed (no report: the runner itself failed)');
}
process.exit(code);
