import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManagedChild } from '../../../../electron/host/workers/managed-child';
import type { ForkOptions, WorkerProcess } from '../../../../electron/host/workers/worker-process';

/** A process stand-in: records what it is sent and killed with; `exit` ends it. */
function fakeForker(opts: { exitOnShutdown?: boolean; reportsKill?: boolean } = {}) {
  const forks: Array<{
    entry: string;
    fork: ForkOptions;
    posted: unknown[];
    kills: string[];
    listeners: { message: number; exit: number };
    emit(message: unknown): void;
    exit(code: number | null, signal?: string | null): void;
  }> = [];
  const forker = (entry: string, fork: ForkOptions): WorkerProcess => {
    let onMessage: (m: unknown) => void = () => {};
    let onExit: (code: number | null, signal: string | null) => void = () => {};
    const f = {
      entry,
      fork,
      posted: [] as unknown[],
      kills: [] as string[],
      listeners: { message: 0, exit: 0 },
      emit: (m: unknown) => onMessage(m),
      exit: (code: number | null, signal: string | null = null) => onExit(code, signal),
    };
    forks.push(f);
    return {
      pid: 100 + forks.length,
      postMessage(m) {
        f.posted.push(m);
        if (opts.exitOnShutdown && (m as { type?: string }).type === 'shutdown')
          queueMicrotask(() => f.exit(0));
      },
      onMessage(l) {
        f.listeners.message++;
        onMessage = l;
      },
      onExit(l) {
        f.listeners.exit++;
        onExit = l;
      },
      kill(signal = 'SIGTERM') {
        f.kills.push(signal);
        if (opts.reportsKill !== false) queueMicrotask(() => f.exit(null, signal));
      },
    };
  };
  return { forker, forks };
}

const shutdown = { type: 'shutdown' };

afterEach(() => {
  vi.useRealTimers();
});

describe('ManagedChild', () => {
  it('forks through the forker with its name and env, and passes messages both ways', () => {
    const { forker, forks } = fakeForker();
    const got: unknown[] = [];
    const child = ManagedChild.fork({
      forker,
      entry: 'worker.js',
      name: 'worker-1',
      env: { A: '1' },
      onMessage: (m) => got.push(m),
    });
    expect(forks[0]).toMatchObject({
      entry: 'worker.js',
      fork: { name: 'worker-1', env: { A: '1' } },
    });
    // One listener of each on the process, whatever the forker allows.
    expect(forks[0].listeners).toEqual({ message: 1, exit: 1 });
    expect(child.pid).toBe(101);
    child.send({ type: 'ping' });
    forks[0].emit({ type: 'pong' });
    expect(forks[0].posted).toEqual([{ type: 'ping' }]);
    expect(got).toEqual([{ type: 'pong' }]);
  });

  it('throws what the forker throws', () => {
    expect(() =>
      ManagedChild.fork({
        forker: () => {
          throw new Error('no such file');
        },
        entry: 'x',
        name: 'x',
      }),
    ).toThrow('no such file');
  });

  it('reports a crash once, as unexpected, and sends nothing after it', () => {
    const { forker, forks } = fakeForker();
    const exits: unknown[] = [];
    const got: unknown[] = [];
    const child = ManagedChild.fork({
      forker,
      entry: 'x',
      name: 'x',
      onMessage: (m) => got.push(m),
      onExit: (...a) => exits.push(a),
    });
    forks[0].exit(null, 'SIGSEGV');
    forks[0].exit(1);
    forks[0].emit({ late: true });
    child.send({ type: 'ping' });
    child.kill();
    expect(exits).toEqual([[null, 'SIGSEGV', false]]);
    expect(child.exited).toBe(true);
    expect(got).toEqual([]);
    expect(forks[0].posted).toEqual([]);
    expect(forks[0].kills).toEqual([]);
  });

  it('kill() ends it at once and its exit still counts as unexpected', async () => {
    const { forker, forks } = fakeForker();
    const exits: unknown[] = [];
    const child = ManagedChild.fork({
      forker,
      entry: 'x',
      name: 'x',
      onExit: (...a) => exits.push(a),
    });
    child.kill();
    await Promise.resolve();
    expect(forks[0].kills).toEqual(['SIGKILL']);
    expect(exits).toEqual([[null, 'SIGKILL', false]]);
    expect(child.stopping).toBe(false);
  });

  it('stop(): shutdown message, resolves on exit, exit reported as requested', async () => {
    const { forker, forks } = fakeForker({ exitOnShutdown: true });
    const exits: unknown[] = [];
    const child = ManagedChild.fork({
      forker,
      entry: 'x',
      name: 'x',
      shutdownMessage: shutdown,
      onExit: (...a) => exits.push(a),
    });
    await child.stop();
    expect(forks[0].posted).toEqual([shutdown]);
    expect(forks[0].kills).toEqual([]);
    expect(exits).toEqual([[0, null, true]]);
    // Stopping a stopped child is a no-op.
    await child.stop();
    expect(forks[0].posted).toEqual([shutdown]);
  });

  it('stop(): SIGKILL after the timeout when the child ignores the shutdown message', async () => {
    vi.useFakeTimers();
    const { forker, forks } = fakeForker();
    const exits: unknown[] = [];
    const child = ManagedChild.fork({
      forker,
      entry: 'x',
      name: 'x',
      shutdownMessage: shutdown,
      killAfterMs: 5000,
      onExit: (...a) => exits.push(a),
    });
    let done = false;
    const stopped = child.stop().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(forks[0].kills).toEqual([]);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopped;
    expect(forks[0].kills).toEqual(['SIGKILL']);
    expect(exits).toEqual([[null, 'SIGKILL', true]]);
  });

  it('stop() with its own timeout, without a shutdown message, and when no exit ever comes', async () => {
    vi.useFakeTimers();
    const silent = fakeForker({ reportsKill: false });
    const child = ManagedChild.fork({
      forker: silent.forker,
      entry: 'x',
      name: 'x',
      shutdownMessage: shutdown,
      killAfterMs: 5000,
    });
    let done = false;
    void child.stop(100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(silent.forks[0].kills).toEqual(['SIGKILL']);
    expect(done).toBe(false);
    // A process that never reports its exit does not hang the caller.
    await vi.advanceTimersByTimeAsync(2000);
    expect(done).toBe(true);

    const plain = fakeForker();
    const noMessage = ManagedChild.fork({ forker: plain.forker, entry: 'x', name: 'x' });
    await noMessage.stop();
    expect(plain.forks[0].posted).toEqual([]);
    expect(plain.forks[0].kills).toEqual(['SIGKILL']);
  });
});
