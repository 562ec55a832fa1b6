/**
 * The worker's side of the process adapter: Electron's utilityProcess gives `process.parentPort`,
 * child_process.fork gives `process.send`. The rest of the worker sees only `send` / `onMessage`.
 */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

export const parentPort = {
  kind: electronPort ? ('utility' as const) : ('fork' as const),
  send(message: unknown): void {
    if (electronPort) electronPort.postMessage(message);
    else if (process.send && process.connected) process.send(message as object);
  },
  onMessage(listener: (message: unknown) => void): void {
    if (electronPort) electronPort.on('message', (e) => listener(e.data));
    else process.on('message', listener);
  },
  /** Forked workers learn of a dead host through the IPC channel closing. */
  onParentGone(listener: () => void): void {
    if (!electronPort) process.on('disconnect', listener);
  },
};
