import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtures, repoRoot } from '../../helpers/fixtures';
import { parseMot } from '../../../inference/vision/mot/mot-format';
import { evaluateMot, usableGroundTruth } from '../../../inference/vision/mot/clear-mot';

describe('watcher eval-mot on TUD-Stadtmitte', () => {
  const seq = fixtures.mot('TUD-Stadtmitte');
  it.skipIf(!seq)('beats the SORT reference MOTA and writes a re-scorable track file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'evalmot-'));
    try {
      const out = path.join(dir, 'tracks.txt');
      const stdout = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'tools/cli.ts',
          'eval-mot',
          '--det',
          path.join(seq!, 'det.txt'),
          '--gt',
          path.join(seq!, 'gt.txt'),
          '--json',
          '--out',
          out,
        ],
        { cwd: repoRoot, encoding: 'utf8' },
      );
      const m = JSON.parse(stdout);
      console.log(
        `TUD-Stadtmitte: MOTA ${(m.mota * 100).toFixed(1)} IDF1 ${(m.idf1 * 100).toFixed(1)} IDs ${m.idSwitches}`,
      );
      expect(m.frames).toBe(179);
      expect(m.mota).toBeGreaterThan(0.627);
      expect(m.idf1).toBeGreaterThan(0.6);
      // The written file scores the same when evaluated on its own.
      const rows = parseMot(readFileSync(out, 'utf8'));
      const gt = usableGroundTruth(parseMot(readFileSync(path.join(seq!, 'gt.txt'), 'utf8')));
      const again = evaluateMot(gt, rows);
      expect(again.mota).toBeCloseTo(m.mota, 2);
      expect(again.idSwitches).toBe(m.idSwitches);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing file clearly', () => {
    let err = '';
    try {
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'tools/cli.ts',
          'eval-mot',
          '--det',
          '/nonexistent/det.txt',
          '--gt',
          '/nonexistent/gt.txt',
        ],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
    } catch (e) {
      err = String((e as { stderr: string }).stderr);
    }
    expect(err).toMatch(/file not found: \/nonexistent\/det.txt/);
  });
});
