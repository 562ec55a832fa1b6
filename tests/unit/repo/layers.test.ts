import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The one dependency graph (.dependency-cruiser.cjs) holds for the whole tree, bites on a bad
 * import, and is the graph the README shows.
 */
const root = path.resolve(__dirname, '../../..');
const config = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(paths: string[]): Violation[] {
  const r = spawnSync(depcruise, [...paths, '--config', config, '--output-type', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!r.stdout) throw new Error(`depcruise failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  return out.summary.violations;
}

/** Writes temporary files into the tree for one check, and always removes them. */
function withFiles<T>(files: Record<string, string>, fn: () => T): T {
  const written = Object.keys(files).map((rel) => path.join(root, rel));
  try {
    for (const [rel, body] of Object.entries(files)) writeFileSync(path.join(root, rel), body);
    return fn();
  } finally {
    for (const f of written) rmSync(f, { force: true });
  }
}

// Each check runs dependency-cruiser over the whole tree in a child process: seconds on an idle
// machine, more on a busy one, so these get the integration time-out rather than the unit one.
describe('layers', { timeout: 120_000 }, () => {
  it('the whole tree follows the graph, with no import cycles', () => {
    const violations = cruise(['electron', 'inference', 'renderer', 'tools']);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('a pure room importing Node or a room above it fails the check', () => {
    const tag = `layer-probe-${process.pid}`;
    const probe = `inference/vision/${tag}.ts`;
    const violations = withFiles(
      {
        [probe]: [
          "import { readFileSync } from 'node:fs';",
          "import { ffmpegBinary } from '../worker/ffmpeg/ffmpeg-path';",
          'export const bad = [readFileSync, ffmpegBinary];',
          '',
        ].join('\n'),
      },
      () => cruise([probe]),
    );
    const rules = violations.map((v) => v.rule.name);
    expect(rules).toContain('pure-vision');
    expect(rules).toContain('room-vision');
  });

  it('the renderer importing the host, and Electron outside the shells, fail the check', () => {
    const tag = `layer-probe-${process.pid}`;
    const ui = `renderer/src/${tag}.ts`;
    const host = `electron/host/${tag}.ts`;
    const violations = withFiles(
      {
        [ui]: "import { ControlRoomHost } from '../../electron/host/control-room-host';\nexport const h = ControlRoomHost;\n",
        [host]: "import { app } from 'electron';\nexport const a = app;\n",
      },
      () => cruise([ui, host]),
    );
    const rules = violations.map((v) => v.rule.name);
    expect(rules).toContain('room-renderer');
    expect(rules).toContain('electron-only-in-shells');
  });

  it('an import cycle fails the check', () => {
    const a = `electron/host/cycle-probe-a-${process.pid}.ts`;
    const b = `electron/host/cycle-probe-b-${process.pid}.ts`;
    const violations = withFiles(
      {
        [a]: `import { b } from './${path.basename(b, '.ts')}';\nexport const a = () => b;\n`,
        [b]: `import { a } from './${path.basename(a, '.ts')}';\nexport const b = () => a;\n`,
      },
      () => cruise([a, b]),
    );
    expect(violations.map((v) => v.rule.name)).toContain('no-circular');
  });

  it('the README shows the same rooms and edges as the checked graph', () => {
    const require = createRequire(import.meta.url);
    const { ROOMS } = require(config) as {
      ROOMS: Record<string, { path: string; mayImport: string[] }>;
    };
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- rooms -->'), readme.indexOf('<!-- /rooms -->'));
    expect(table.length).toBeGreaterThan(0);
    const rows = new Map<string, string[]>();
    for (const line of table.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const m = /^`([a-z]+)`$/.exec(cells[1] ?? '');
      if (!m) continue;
      const imports = (cells[4] ?? '').match(/`[a-z]+`/g)?.map((s) => s.slice(1, -1)) ?? [];
      rows.set(m[1], imports);
      expect(cells[2]).toBe(`\`${ROOMS[m[1]]?.path.slice(1)}\``);
    }
    expect([...rows.keys()].sort()).toEqual(Object.keys(ROOMS).sort());
    for (const [name, room] of Object.entries(ROOMS))
      expect(rows.get(name)?.sort(), name).toEqual([...room.mayImport].sort());
  });
});
