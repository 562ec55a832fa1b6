import os from 'node:os';
import path from 'node:path';

/** Where a headless host keeps its data: WATCHER_DATA_DIR, else the XDG data home. */
export function defaultDataDir(): string {
  if (process.env.WATCHER_DATA_DIR) return path.resolve(process.env.WATCHER_DATA_DIR);
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'watcher');
}
