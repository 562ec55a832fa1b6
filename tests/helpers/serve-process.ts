import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { repoRoot } from './fixtures';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import type { CameraConfigInput } from '../../electron/shared/config/camera';

export interface ServeProcess {
  /** Base URL without the token, e.g. http://127.0.0.1:40123/ */
  baseUrl: string;
  /** URL that authenticates the first page load (`?token=`). */
  url: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartServeOptions {
  /** Cameras saved in the data dir's store before start (instead of the default demo camera). */
  cameras?: CameraConfigInput[];
  /** Existing data dir (kept on stop); default a fresh temp dir removed on stop. */
  dataDir?: string;
  /** Runs before start with the data dir (e.g. to seed the store). */
  prepare?(dataDir: string): void | Promise<void>;
  timeoutMs?: number;
  /** Extra environment for the server (e.g. WATCHER_FFMPEG). */
  env?: Record<string, string>;
}

/**
 * The e2e tests run the built app (`out/`). Builds it once when absent; an existing build is used
 * as is, so run `npx electron-vite build` after changing the code.
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

/**
 * Starts the built `watcher serve` on a free port with a temp data dir and returns once it
 * printed its URL. stop() sends SIGTERM to the whole process group (workers and ffmpeg included),
 * then SIGKILL after 5 s, so no child outlives the test.
 */
export async function startServe(opts: StartServeOptions = {}): Promise<ServeProcess> {
  ensureBuilt();
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'watcher-e2e-'));
  if (opts.cameras) {
    // Through the store's own API, in the same files `watcher serve` opens.
    const store = ControlRoomStore.open({
      file: path.join(dataDir, 'watcher.db'),
      secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    });
    try {
      for (const c of opts.cameras) store.cameras.save(c, 'test');
    } finally {
      store.close();
    }
  }
  await opts.prepare?.(dataDir);
  const token = randomBytes(16).toString('hex');
  const child = spawn(
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
      '--log-level',
      'warn',
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
      // Own process group: stop() signals the group so workers and their ffmpeg children go too.
      detached: true,
    },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    child.once('exit', () => resolve());
  });
  // A test runner that dies must not leave the server running.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Workers may outlive the parent by a moment; the group kill reaps any straggler.
    killGroup('SIGKILL');
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
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
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`watcher serve exited with ${code}:\n${out}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return {
    baseUrl: url.replace(/\?token=.*/, ''),
    url,
    token,
    dataDir,
    child,
    output: () => out,
    stop,
  };
}
