import { fork } from 'node:child_process';
import type { WorkerForker, WorkerProcess } from './worker-process';

/**
 * child_process.fork adapter for headless mode. `advanced` serialization carries Uint8Array
 * (preview JPEGs) without base64. A `.ts` entry (running from source) loads through tsx.
 */
export const forkWithChildProcess: WorkerForker = (entry, opts) => {
  const child = fork(entry, [`--watcher-worker=${opts.name}`], {
    serialization: 'advanced',
    env: { ...process.env, ...opts.env },
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const proc: WorkerProcess = {
    get pid() {
      return child.pid;
    },
    postMessage(message) {
      if (!exited && child.connected) child.send(message as object);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      child.once('exit', (code, signal) => {
        exited = true;
        listener(code, signal);
      });
    },
    kill(signal = 'SIGTERM') {
      if (!exited) child.kill(signal);
    },
  };
  return proc;
};
