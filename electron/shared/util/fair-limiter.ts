/**
 * At most `concurrency` tasks at a time, a bounded waiting line, and fairness between sources.
 *
 * Admission is synchronous: `admit()` either takes a place (and returns the promise of a slot) or
 * answers `undefined` at once, so a flood is refused instead of piling up. A source (a connection,
 * a user) holds at most `maxPerSource` places, running or waiting; when a slot frees, the source
 * with the fewest running tasks goes first, and among those the one served least recently, so one
 * busy source cannot starve another that only asks once.
 */
export interface FairLimiterOptions {
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks waiting for a slot, all sources together. */
  maxQueued: number;
  /** Places (running + waiting) one source may hold; default unlimited. */
  maxPerSource?: number;
}

/** Gives the slot back; calling it more than once is harmless. */
export type Release = () => void;

interface SourceState {
  running: number;
  waiting: Array<(release: Release) => void>;
  /** Sequence number of its latest start (0 = never). */
  lastStart: number;
}

export class FairLimiter {
  private readonly sources = new Map<string, SourceState>();
  private runningTotal = 0;
  private queuedTotal = 0;
  private starts = 0;

  constructor(private readonly o: FairLimiterOptions) {
    if (o.concurrency < 1) throw new RangeError('concurrency must be at least 1');
  }

  get running(): number {
    return this.runningTotal;
  }

  get queued(): number {
    return this.queuedTotal;
  }

  /**
   * Takes a place for `source`: the promise resolves with the release function once a slot is
   * free. `undefined` when the line or the source's share is full (nothing was taken).
   */
  admit(source = ''): Promise<Release> | undefined {
    const s = this.sources.get(source) ?? { running: 0, waiting: [], lastStart: 0 };
    if (this.o.maxPerSource !== undefined && s.running + s.waiting.length >= this.o.maxPerSource)
      return undefined;
    if (this.runningTotal < this.o.concurrency && this.queuedTotal === 0) {
      this.sources.set(source, s);
      return Promise.resolve(this.start(source, s));
    }
    if (this.queuedTotal >= this.o.maxQueued) return undefined;
    this.sources.set(source, s);
    this.queuedTotal++;
    return new Promise<Release>((resolve) => s.waiting.push(resolve));
  }

  /** Runs `task` in a slot; `undefined` (and `task` never called) when no place was free. */
  run<T>(source: string, task: () => Promise<T>): Promise<T> | undefined {
    const slot = this.admit(source);
    if (!slot) return undefined;
    return slot.then(async (release) => {
      try {
        return await task();
      } finally {
        release();
      }
    });
  }

  private start(source: string, s: SourceState): Release {
    s.running++;
    this.runningTotal++;
    s.lastStart = ++this.starts;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      s.running--;
      this.runningTotal--;
      if (s.running === 0 && s.waiting.length === 0) this.sources.delete(source);
      this.next();
    };
  }

  /** Fills free slots from the waiting line, fairest source first. */
  private next(): void {
    while (this.runningTotal < this.o.concurrency && this.queuedTotal > 0) {
      let best: [string, SourceState] | undefined;
      for (const entry of this.sources) {
        const s = entry[1];
        if (s.waiting.length === 0) continue;
        const b = best?.[1];
        if (!b || s.running < b.running || (s.running === b.running && s.lastStart < b.lastStart))
          best = entry;
      }
      if (!best) return;
      const [source, s] = best;
      const resolve = s.waiting.shift()!;
      this.queuedTotal--;
      resolve(this.start(source, s));
    }
  }
}
