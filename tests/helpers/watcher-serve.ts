import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './fixtures';
import { descendants, isAlive, waitFor } from './process-tree';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import type { CameraConfigInput } from '../../electron/shared/config/camera';

export interface ServeHandle {
  proc: ChildProcess;
  /** URL that authenticates the first page load (`?token=`). */
  url: string;
  /** Base URL without the token, e.g. http://127.0.0.1:40123/ */
  baseUrl: string;
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  token: string;
  dataDir: string;
  /** Everything the process printed so far (stdout + stderr), for failure messages. */
  output: () => string;
  /**
   * SIGTERM, wait for exit; returns the exit code (null when it had to be killed) and the pids
   * that were its descendants while running.
   */
  stop(): Promise<{ code: number | null; descendantsBefore: number[] }>;
}

export interface StartServeOptions {
  /** Cameras saved in the data dir's store before start (instead of the default demo camera). */
  cameras?: CameraConfigInput[];
  /** Existing data dir (kept on stop); default a fresh temp dir removed on stop. */
  dataDir?: string;
  /** Runs before start with the data dir (e.g. to seed the store). */
  prepare?(dataDir: string): void | Promise<void>;
  /** How long to wait for the printed URL; 30 s by default. */
  timeoutMs?: number;
  /** Extra environment for the server (e.g. WATCHER_FFMPEG). */
  env?: Record<string, string>;
  /** `--log-level` for the server; its own default when absent. */
  logLevel?: string;
  /** Extra `watcher serve` arguments. */
  args?: string[];
  /**
   * Run the server in its own process group: stop() then signals the whole group (workers and
   * their ffmpeg children included), SIGKILL after 5 s, so no child outlives the test even if the
   * server fails to reap it. Without it stop() signals only the server (SIGKILL after 15 s) and
   * waits for its descendants to go, so a test can check that the server reaps its own children.
   */
  processGroup?: boolean;
}

/**
 * The serve and e2e tests run the built app (`out/`). Builds it once when absent; an existing
 * build is used as is, so run `npx electron-vite build` after changing the code.
 */
export function ensureBuilt(): void {
  const cli = path.join(repoRoot, 'out', 'main', 'cli.js');
  const ui = path.join(repoRoot, 'out', 'renderer', 'index.html');
  if (existsSync(cli) && existsSync(ui)) return;
  execFileSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}

function seedCameras(dataDir: string, cameras: CameraConfigInput[]): void {
  // Through the store's own API, in the same files `watcher serve` opens.
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
  });
  try {
    for (const c of cameras) store.cameras.save(c, 'test');
  } finally {
    store.close();
  }
}

/**
 * Starts the real `watcher serve` (built bundle, `bin/watcher.mjs`) on a free port with its own
 * temporary data dir (or `dataDir`), and returns once it printed its URL.
 */
export async function startServe(opts: StartServeOptions = {}): Promise<ServeHandle> {
  ensureBuilt();
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'watcher-serve-'));
  if (opts.cameras) seedCameras(dataDir, opts.cameras);
  await opts.prepare?.(dataDir);
  const token = randomBytes(16).toString('hex');
  const group = opts.processGroup ?? false;
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
      ...(opts.logLevel ? ['--log-level', opts.logLevel] : []),
      ...(opts.args ?? []),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: stop() signals the group so workers and their ffmpeg children go too.
      detached: group,
    },
  );
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));

  const signal = (sig: NodeJS.Signals) => {
    try {
      if (group && proc.pid) process.kill(-proc.pid, sig);
      else proc.kill(sig);
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise<number | null>((resolve) => {
    if (proc.exitCode !== null) resolve(proc.exitCode);
    proc.once('exit', (code) => resolve(code));
  });
  // A test runner that dies must not leave a server in its own group running.
  const onExit = () => signal('SIGKILL');
  if (group) process.once('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    const before = proc.pid ? descendants(proc.pid) : [];
    let code: number | null = proc.exitCode;
    if (proc.exitCode === null) {
      signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      code = await Promise.race([
        exited,
        new Promise<null>((r) => (timer = setTimeout(() => r(null), group ? 5000 : 15_000))),
      ]);
      clearTimeout(timer);
      if (proc.exitCode === null) signal('SIGKILL');
      if (group) await exited;
      else await waitFor(() => before.every((p) => !isAlive(p)), 5000);
    }
    // Workers may outlive the parent by a moment; the group kill reaps any straggler.
    if (group) signal('SIGKILL');
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    return { code, descendantsBefore: before };
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`watcher serve did not start in time:\n${out}`)),
      opts.timeoutMs ?? 30_000,
    );
    const check = () => {
      const m = /(http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`watcher serve exited with ${code}:\n${out}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return {
    proc,
    url,
    baseUrl: url.replace(/\?token=.*/, ''),
    origin: new URL(url).origin,
    token,
    dataDir,
    output: () => out,
    stop,
  };
}
