import { describe, expect, it } from 'vitest';
import { FairLimiter, type Release } from '../../../../electron/shared/util/fair-limiter';

/** A task that ends when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { open, done };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('FairLimiter', () => {
  it('runs at most `concurrency` tasks and refuses beyond the waiting line at once', async () => {
    const l = new FairLimiter({ concurrency: 2, maxQueued: 3 });
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 8 }, gate);
    const runs = gates.map((g) =>
      l.run('', async () => {
        running++;
        peak = Math.max(peak, running);
        await g.done;
        running--;
        return 'done';
      }),
    );
    // 2 running + 3 waiting were admitted; the other 3 were refused synchronously.
    expect(runs.filter((r) => r === undefined)).toHaveLength(3);
    expect(l.running).toBe(2);
    expect(l.queued).toBe(3);
    for (const g of gates) g.open();
    expect(await Promise.all(runs.filter(Boolean))).toEqual(Array(5).fill('done'));
    expect(peak).toBe(2);
    expect(l.running).toBe(0);
    expect(l.queued).toBe(0);
  });

  it('limits what one source may hold, running and waiting together', () => {
    const l = new FairLimiter({ concurrency: 1, maxQueued: 10, maxPerSource: 2 });
    expect(l.admit('a')).toBeDefined();
    expect(l.admit('a')).toBeDefined();
    expect(l.admit('a')).toBeUndefined();
    expect(l.admit('b')).toBeDefined();
  });

  it('gives a freed slot to the source served least, not to the longest line', async () => {
    const l = new FairLimiter({ concurrency: 1, maxQueued: 100 });
    const order: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const task = (name: string) => async () => {
      order.push(name);
      const g = gate();
      gates.set(name, g);
      await g.done;
    };
    const all = [
      ...['f1', 'f2', 'f3', 'f4', 'f5'].map((n) => l.run('flood', task(n))),
      l.run('real', task('real')),
    ];
    await tick();
    expect(order).toEqual(['f1']);
    gates.get('f1')!.open();
    await tick();
    // The flood queued four more before `real` asked, yet `real` goes next.
    expect(order).toEqual(['f1', 'real']);
    gates.get('real')!.open();
    for (const n of ['f2', 'f3', 'f4', 'f5']) {
      await tick();
      gates.get(n)!.open();
    }
    await Promise.all(all);
    expect(order).toEqual(['f1', 'real', 'f2', 'f3', 'f4', 'f5']);
  });

  it('frees the slot when a task throws, and a release given twice counts once', async () => {
    const l = new FairLimiter({ concurrency: 1, maxQueued: 1 });
    await expect(l.run('', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(l.running).toBe(0);
    const release: Release = await l.admit('')!;
    const waiting = l.admit('');
    release();
    release();
    (await waiting!)();
    expect(l.running).toBe(0);
  });
});
