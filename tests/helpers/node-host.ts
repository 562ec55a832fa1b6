import { ControlRoomHost, type HostOptions } from '../../electron/host/control-room-host';
import { forkWithChildProcess } from '../../electron/host/workers/node-forker';
import { resolveWorkerEntry } from '../../electron/host/workers/worker-entry';

/**
 * The control-room host as `watcher serve` runs it under plain Node: workers forked with
 * child_process from the worker entry. Not started; call `start()` when workers are wanted.
 */
export function createNodeHost(
  opts: Omit<HostOptions, 'runtime' | 'forker' | 'workerEntry'>,
): ControlRoomHost {
  return new ControlRoomHost({
    runtime: 'node',
    forker: forkWithChildProcess,
    workerEntry: resolveWorkerEntry(),
    ...opts,
  });
}
