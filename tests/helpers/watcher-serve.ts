import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './fixtures';
import { descendants, isAlive, waitFor } from './process-tree';

export interface ServeHandle {
  proc: ChildProcess;
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output: () => string;
  /** SIGTERM, wait for exit; returns the pids that were its descendants while running. */
  stop(): Promise<{ code: number | null; descendantsBefore: number[] }>;
}

/**
 * Starts the real `watcher serve` (built bundle, `bin/watcher.mjs`) on a free port with its own
 * temporary data dir, and waits for the URL it prints.
 */
export async function startServe(
  opts: { dataDir?: string; args?: string[]; env?: Record<string, string> } = {},
): Promise<ServeHandle> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'watcher-serve-'));
  const token = `t${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const proc = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'bin', 'watcher.mjs'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--token',
      token,
      ...(opts.args ?? []),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const ok = await waitFor(
    () => /http:\/\/\S+\?token=\S+/.test(out) || proc.exitCode !== null,
    30_000,
  );
  const url = /(http:\/\/\S+\?token=\S+)/.exec(out)?.[1];
  if (!ok || !url) {
    proc.kill('SIGKILL');
    throw new Error(`watcher serve did not start:\n${out}`);
  }
  return {
    proc,
    url,
    origin: new URL(url).origin,
    token,
    dataDir,
    output: () => out,
    async stop() {
      const before = proc.pid ? descendants(proc.pid) : [];
      if (proc.exitCode === null) {
        const exited = new Promise<number | null>((resolve) =>
          proc.once('exit', (code) => resolve(code)),
        );
        proc.kill('SIGTERM');
        const code = await Promise.race([
          exited,
          new Promise<null>((r) => setTimeout(() => r(null), 15_000)),
        ]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
        await waitFor(() => before.every((p) => !isAlive(p)), 5000);
        if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
        return { code, descendantsBefore: before };
      }
      return { code: proc.exitCode, descendantsBefore: before };
    },
  };
}
