import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** `.<name>.<pid>.<8 hex>.tmp`, and the concat list `….tmp.txt` beside it (see tempPathFor). */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp(?:\.txt)?$/;

/** Days of evidence folders looked at: an interrupted write is always a recent one. */
const RECENT_DAYS = 3;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/**
 * Deletes evidence temp files left by a worker that died while writing (a clip half cut by
 * ffmpeg can be megabytes). Only files of processes that no longer run are touched, so a
 * worker starting beside others never removes a write in progress. Returns what it removed.
 */
export async function removeOrphanedTempFiles(
  evidenceRoot: string,
  now: Date = new Date(),
): Promise<string[]> {
  const days = new Set(
    Array.from({ length: RECENT_DAYS }, (_, i) =>
      new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10),
    ),
  );
  const removed: string[] = [];
  for (const camera of await entries(evidenceRoot)) {
    for (const day of await entries(path.join(evidenceRoot, camera))) {
      if (!days.has(day)) continue;
      for (const event of await entries(path.join(evidenceRoot, camera, day))) {
        const dir = path.join(evidenceRoot, camera, day, event);
        for (const name of await entries(dir)) {
          const m = TEMP_NAME.exec(name);
          if (!m || alive(Number(m[1]))) continue;
          const file = path.join(dir, name);
          await rm(file, { force: true });
          removed.push(file);
        }
      }
    }
  }
  return removed;
}
