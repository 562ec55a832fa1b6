import { utilityProcess } from 'electron';
import type { WorkerForker, WorkerProcess } from '../host/workers/worker-process';

/** utilityProcess.fork adapter: the Electron twin of node-forker.ts, same WorkerProcess contract. */
export const forkWithUtilityProcess: WorkerForker = (entry, opts) => {
  const child = utilityProcess.fork(entry, [`--watcher-worker=${opts.name}`], {
    serviceName: `Watcher ${opts.name}`,
    env: { ...process.env, ...opts.env },
    stdio: 'inherit',
  });
  let exited = false;
  const proc: WorkerProcess = {
    get pid() {
      return child.pid;
    },
    postMessage(message) {
      if (!exited) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      child.once('exit', (code) => {
        exited = true;
        listener(code, null);
      });
    },
    kill() {
      if (!exited) child.kill();
    },
  };
  return proc;
};
