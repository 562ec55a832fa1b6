import type { ForkOptions, WorkerForker, WorkerProcess } from './worker-process';

export interface ManagedChildOptions extends ForkOptions {
  forker: WorkerForker;
  entry: string;
  /** Asks the child to end by itself; without it, stop() kills at once. */
  shutdownMessage?: unknown;
  /** How long stop() waits after the shutdown message before SIGKILL. */
  killAfterMs?: number;
  onMessage?(message: unknown): void;
  /** Once, when the process has gone; `requested` is true when stop() asked it to go. */
  onExit?(code: number | null, signal: string | null, requested: boolean): void;
}

/** After SIGKILL, stop() resolves at the latest this much later even if no exit was reported. */
const EXIT_AFTER_KILL_MS = 2000;

/**
 * One forked process (inference worker, plate reader, model probe) through the WorkerForker, so
 * Electron's utilityProcess and Node's child_process behave alike: messages in and out, one exit
 * notification, and stop() as a shutdown message followed by SIGKILL when the child does not
 * go in time. Nothing is sent to a child that has exited.
 */
export class ManagedChild {
  private gone = false;
  private requested = false;
  private readonly exitWaiters: Array<() => void> = [];

  private constructor(
    private readonly proc: WorkerProcess,
    private readonly opts: ManagedChildOptions,
  ) {
    proc.onMessage((message) => {
      if (!this.gone) opts.onMessage?.(message);
    });
    proc.onExit((code, signal) => {
      if (this.gone) return;
      this.gone = true;
      for (const w of this.exitWaiters.splice(0)) w();
      opts.onExit?.(code, signal, this.requested);
    });
  }

  /** Starts the process; throws what the forker throws when it cannot. */
  static fork(opts: ManagedChildOptions): ManagedChild {
    const { forker, entry, name, env } = opts;
    return new ManagedChild(forker(entry, env ? { name, env } : { name }), opts);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get exited(): boolean {
    return this.gone;
  }

  /** True once stop() was called: its exit is then not a crash. */
  get stopping(): boolean {
    return this.requested;
  }

  send(message: unknown): void {
    if (!this.gone) this.proc.postMessage(message);
  }

  /**
   * Ends the process now. Its exit still counts as unexpected (`requested` false): this is how
   * the heartbeat watchdog and tests make a crash, and how a probe that has answered is ended.
   */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.gone) this.proc.kill(signal);
  }

  /**
   * Sends the shutdown message and resolves once the process has exited; SIGKILL after
   * `killAfterMs` (default 5 s) when it has not.
   */
  stop(killAfterMs = this.opts.killAfterMs ?? 5000): Promise<void> {
    if (this.gone) return Promise.resolve();
    this.requested = true;
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      const forceKill = (): void => {
        this.proc.kill('SIGKILL');
        // A process that cannot even report its death must not hang the caller's shutdown.
        timer = setTimeout(resolve, EXIT_AFTER_KILL_MS);
      };
      if (this.opts.shutdownMessage === undefined) {
        forceKill();
        return;
      }
      timer = setTimeout(forceKill, killAfterMs);
      this.proc.postMessage(this.opts.shutdownMessage);
    });
  }
}
