/**
 * The host's view of a worker process, whatever started it. Under Electron the main process
 * provides a utilityProcess-based forker (electron/main/utility-process-forker.ts); under
 * plain Node it is child_process.fork (node-forker.ts). Same message protocol on both.
 */
export interface WorkerProcess {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process has gone, with its exit code (or null if killed by a signal). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface ForkOptions {
  /** Shown in process listings and logs. */
  name: string;
  env?: Record<string, string>;
}

export type WorkerForker = (entry: string, opts: ForkOptions) => WorkerProcess;
