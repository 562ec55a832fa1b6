import { mkdirSync, realpathSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CodedError } from '../../../shared/coded-error';

/**
 * Where scheduled reports may be saved: the data directory's `reports/` folder, plus folders an
 * administrator of the machine allows with WATCHER_REPORT_FOLDERS (separated by the platform's
 * path delimiter). A schedule's folder must be inside one of them, checked on the real path so a
 * symbolic link cannot lead out of it.
 */
export function allowedReportFolders(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const extra = (env.WATCHER_REPORT_FOLDERS ?? '')
    .split(path.delimiter)
    .map((s) => s.trim())
    .filter((s) => s && path.isAbsolute(s));
  return [path.join(dataDir, 'reports'), ...extra.map((s) => path.resolve(s))];
}

const inside = (child: string, root: string) => {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function refuse(folder: string, why: string): never {
  throw new CodedError('schedules.error.folder', `${folder}: ${why}`, { folder });
}

/**
 * Checks `folder` against the allowed roots without touching the disk beyond reading real
 * paths: absolute, no `..` segment, lexically inside a root, and (where it exists) its real path
 * inside that root's real path.
 */
export function checkReportFolder(folder: string, allowed: readonly string[]): string {
  if (!path.isAbsolute(folder)) refuse(folder, 'the folder must be an absolute path');
  if (folder.split(/[\\/]+/).includes('..')) refuse(folder, 'the folder may not contain ..');
  const target = path.resolve(folder);
  for (const root of allowed) {
    if (!inside(target, root)) continue;
    const realRoot = real(root) ?? root;
    // The deepest part of the path that exists must resolve inside the root.
    let probe = target;
    let realProbe = real(probe);
    while (!realProbe && probe !== path.dirname(probe) && inside(probe, root)) {
      probe = path.dirname(probe);
      realProbe = real(probe);
    }
    if (realProbe && !inside(realProbe, realRoot) && inside(probe, root))
      refuse(folder, 'the folder leads out of the allowed folders through a link');
    return target;
  }
  return refuse(folder, `the folder is not inside an allowed folder (${allowed.join(', ')})`);
}

/**
 * Creates the folder (after the check), checks its real path again, and writes each file under a
 * temporary name renamed into place, so a link planted at a file's name is replaced, not followed.
 */
export async function saveReportFiles(
  folder: string,
  allowed: readonly string[],
  files: ReadonlyArray<{ name: string; content: Buffer }>,
): Promise<void> {
  const target = checkReportFolder(folder, allowed);
  mkdirSync(target, { recursive: true });
  checkReportFolder(target, allowed);
  for (const f of files) {
    const name = path.basename(f.name);
    const tmp = path.join(target, `.${name}.${randomUUID()}.tmp`);
    await writeFile(tmp, f.content, { flag: 'wx' });
    await rename(tmp, path.join(target, name));
  }
}
