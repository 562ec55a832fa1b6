import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/fixtures';
import { ensureBuilt } from '../../helpers/watcher-serve';
import { until } from '../../helpers/until';

/**
 * `watcher serve` as an operator and a local attacker meet it: the token kept out of `ps`, short
 * tokens refused, a private data folder, and a host that survives its output pipes closing.
 * Runs the built bundle.
 */
const dirs: string[] = [];
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function serve(args: string[], env: Record<string, string> = {}) {
  ensureBuilt();
  const proc = spawn(
    process.execPath,
    [path.join(repoRoot, 'bin', 'watcher.mjs'), 'serve', '--port', '0', ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  procs.push(proc);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { proc, output: () => out };
}

async function started(s: ReturnType<typeof serve>): Promise<string> {
  await until(
    () => /http:\/\/\S+\?token=\S+/.test(s.output()) || s.proc.exitCode !== null,
    60_000,
    'serve to print its URL',
  );
  const url = /(http:\/\/\S+\?token=\S+)/.exec(s.output())?.[1];
  if (!url) throw new Error(`serve did not start:\n${s.output()}`);
  return url;
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((r) =>
    p.exitCode !== null ? r(p.exitCode) : p.once('exit', (c) => r(c)),
  );

describe('watcher serve hardening', () => {
  it('refuses a token shorter than 16 characters', async () => {
    const s = serve(['--data-dir', tmp('watcher-h-'), '--token', 'short']);
    expect(await exited(s.proc)).toBe(2);
    expect(s.output()).toMatch(/at least 16 characters/);
  });

  it('takes the token from a file, keeps it out of the process list, and keeps its data private', async () => {
    const dataDir = tmp('watcher-h-');
    const tokenFile = path.join(tmp('watcher-tok-'), 'token');
    const token = 'tok-' + 'x7'.repeat(12);
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const s = serve(['--data-dir', dataDir, '--token-file', tokenFile]);
    const url = await started(s);
    expect(new URL(url).searchParams.get('token')).toBe(token);
    const cmdline = readFileSync(`/proc/${s.proc.pid}/cmdline`, 'utf8');
    expect(cmdline).not.toContain(token);
    const health = await fetch(`${new URL(url).origin}/healthz?token=${token}`);
    expect(health.status).toBe(200);
    // Owner-only: the folder, the database, the key and the log.
    const mode = (p: string) => statSync(path.join(dataDir, p)).mode & 0o777;
    await until(
      () => {
        try {
          return statSync(path.join(dataDir, 'logs', 'watcher.log')).isFile();
        } catch {
          return false;
        }
      },
      30_000,
      'the log file',
    );
    expect(mode('.')).toBe(0o700);
    expect(mode('watcher.db')).toBe(0o600);
    expect(mode('secret.key')).toBe(0o600);
    expect(mode('logs')).toBe(0o700);
    expect(mode('logs/watcher.log')).toBe(0o600);
    expect(mode('evidence')).toBe(0o700);
    s.proc.kill('SIGTERM');
    expect(await exited(s.proc)).toBe(0);
  });

  it('keeps running after its stdout and stderr pipes close', async () => {
    const token = 'pipe-' + 'q9'.repeat(10);
    const s = serve(['--data-dir', tmp('watcher-h-'), '--log-level', 'debug'], {
      WATCHER_TOKEN: token,
    });
    const url = await started(s);
    const origin = new URL(url).origin;
    // Whoever read our output went away.
    s.proc.stdout!.destroy();
    s.proc.stderr!.destroy();
    // Lines get logged after that: refused requests, and the demo camera's worker starting.
    for (let i = 0; i < 5; i++) await fetch(`${origin}/healthz?token=wrong-token-${i}`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.proc.exitCode).toBeNull();
    const health = await fetch(`${origin}/healthz?token=${token}`);
    expect(health.status).toBe(200);
    s.proc.kill('SIGTERM');
    expect(await exited(s.proc)).toBe(0);
  });
});
