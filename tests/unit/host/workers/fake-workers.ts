import { Logger } from '../../../../electron/host/logging/logger';
import { WorkerSupervisor } from '../../../../electron/host/workers/worker-supervisor';
import type { WorkerProcess } from '../../../../electron/host/workers/worker-process';
import type { HostToWorker } from '../../../../electron/shared/protocol/worker-protocol';

export type SupervisorOptions = ConstructorParameters<typeof WorkerSupervisor>[0];

/** A WorkerSupervisor over `forker` with a quiet logger and a placeholder init; `extra` overrides. */
export function testSupervisor(
  forker: () => WorkerProcess,
  extra: Partial<SupervisorOptions> = {},
): WorkerSupervisor {
  return new WorkerSupervisor({
    forker,
    entry: 'fake',
    logger: new Logger({ console: false }),
    init: {
      dataDir: '/tmp',
      ffmpegPath: 'ffmpeg',
      modelsDir: '/tmp',
      inference: { provider: 'cpu', intraOpThreads: 0, interOpThreads: 0 },
    },
    onMessage: () => {},
    onState: () => {},
    ...extra,
  });
}

export interface FakeWorkerProcess extends WorkerProcess {
  /** Every message the host sent it, in order. */
  sent: HostToWorker[];
  /** The process dies on its own (exit code 1). */
  exit(): void;
}

/**
 * An in-memory worker process: records what the host sends (into `sent` when given), answers
 * init with ready, exits on shutdown, and lets `answer` reply to anything else (asynchronously,
 * as a real worker would).
 */
export function fakeWorkerProcess(
  opts: {
    pid?: number;
    sent?: HostToWorker[];
    answer?: (msg: HostToWorker, reply: (m: unknown) => void) => void;
  } = {},
): FakeWorkerProcess {
  const pid = opts.pid ?? 4242;
  const sent = opts.sent ?? [];
  let onMsg: (m: unknown) => void = () => {};
  const exits: Array<(code: number | null, signal: string | null) => void> = [];
  return {
    pid,
    sent,
    postMessage(m: unknown) {
      const msg = m as HostToWorker;
      sent.push(msg);
      queueMicrotask(() => {
        if (msg.type === 'init') onMsg({ type: 'ready', pid });
        opts.answer?.(msg, (r) => onMsg(r));
        if (msg.type === 'shutdown') for (const e of exits) e(0, null);
      });
    },
    onMessage(l: (m: unknown) => void) {
      onMsg = l;
    },
    onExit(l: (code: number | null, signal: string | null) => void) {
      exits.push(l);
    },
    kill() {
      for (const e of exits) e(null, 'SIGKILL');
    },
    exit() {
      for (const e of exits) e(1, null);
    },
  };
}
