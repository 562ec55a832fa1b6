import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allowedReportFolders,
  checkReportFolder,
  saveReportFiles,
} from '../../../../electron/host/reports/schedules/report-folders';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'watcher-folders-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const refused = { code: 'schedules.error.folder' };

describe('report folder allow-list', () => {
  it('allows the data reports folder and the folders in WATCHER_REPORT_FOLDERS', () => {
    const share = path.join(dir, 'share');
    const allowed = allowedReportFolders(path.join(dir, 'data'), {
      WATCHER_REPORT_FOLDERS: [share, 'relative/ignored'].join(path.delimiter),
    });
    expect(allowed).toEqual([path.join(dir, 'data', 'reports'), share]);
    expect(checkReportFolder(path.join(dir, 'data', 'reports', 'daily'), allowed)).toBe(
      path.join(dir, 'data', 'reports', 'daily'),
    );
    expect(checkReportFolder(path.join(share, 'a', 'b'), allowed)).toBe(path.join(share, 'a', 'b'));
  });

  it('refuses relative paths, .. segments and folders outside the list', () => {
    const allowed = allowedReportFolders(dir, {});
    const root = allowed[0];
    expect(() => checkReportFolder('reports/daily', allowed)).toThrow(
      expect.objectContaining(refused),
    );
    expect(() => checkReportFolder(`${root}/../secrets`, allowed)).toThrow(
      expect.objectContaining(refused),
    );
    expect(() => checkReportFolder(`${root}/x/../y`, allowed)).toThrow(
      expect.objectContaining(refused),
    );
    expect(() => checkReportFolder(path.join(dir, 'reports-evil'), allowed)).toThrow(
      expect.objectContaining(refused),
    );
    expect(() => checkReportFolder('/etc', allowed)).toThrow(expect.objectContaining(refused));
  });

  it('refuses a link inside the allowed folder that leads out of it', () => {
    const allowed = allowedReportFolders(dir, {});
    const outside = path.join(dir, 'outside');
    mkdirSync(outside);
    mkdirSync(allowed[0], { recursive: true });
    symlinkSync(outside, path.join(allowed[0], 'escape'));
    expect(() => checkReportFolder(path.join(allowed[0], 'escape'), allowed)).toThrow(
      expect.objectContaining(refused),
    );
    expect(() =>
      checkReportFolder(path.join(allowed[0], 'escape', 'new', 'deeper'), allowed),
    ).toThrow(expect.objectContaining(refused));
  });

  it('replaces a link planted at a file name instead of writing through it', async () => {
    const allowed = allowedReportFolders(dir, {});
    const target = path.join(allowed[0], 'daily');
    mkdirSync(target, { recursive: true });
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep');
    symlinkSync(victim, path.join(target, 'r.csv'));
    await saveReportFiles(target, allowed, [{ name: 'r.csv', content: Buffer.from('a,b') }]);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(readFileSync(path.join(target, 'r.csv'), 'utf8')).toBe('a,b');
  });
});
