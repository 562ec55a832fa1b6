import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where a headless host keeps its data: WATCHER_DATA_DIR, else the XDG data home. */
export function defaultDataDir(): string {
  if (process.env.WATCHER_DATA_DIR) return path.resolve(process.env.WATCHER_DATA_DIR);
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'watcher');
}

/** Folders of the data directory that hold what other local users must not read. */
const PRIVATE_DIRS = ['logs', 'evidence', 'models', 'ring-buffer'];

/**
 * Makes the data directory private to the user running the host: everything created from now on
 * (database, logs, evidence, ring buffers, ffmpeg's output in child processes, which inherit it) is
 * owner-only through the umask, and what an older version left readable is closed (the folder and
 * its top-level folders 0700, the database and log files 0600). Windows has no such modes: the
 * profile folder's ACL protects it there.
 */
export function prepareDataDir(dataDir: string): void {
  if (process.platform !== 'win32') process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const tighten = (p: string, mode: number) => {
    try {
      chmodSync(p, mode);
    } catch {
      // A file owned by someone else (a shared folder): leave it, the store still works.
    }
  };
  tighten(dataDir, 0o700);
  for (const name of readdirSync(dataDir)) {
    const p = path.join(dataDir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      tighten(p, 0o700);
      if (name === 'logs') for (const f of readdirSync(p)) tighten(path.join(p, f), 0o600);
    } else tighten(p, 0o600);
  }
  for (const d of PRIVATE_DIRS)
    if (existsSync(path.join(dataDir, d))) tighten(path.join(dataDir, d), 0o700);
}
