/**
 * Input tensors made once and reused: one per batch size per run that can be in flight. A buffer
 * lent to a run is out of the pool until the run hands it back (on a session thread it has moved
 * there, and a moved buffer reads as empty); one that never comes back (a thread that died) is
 * replaced by a fresh one on the next ask.
 */
export class InputBufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private made = 0;

  /** A buffer of exactly `length` floats; its contents are whatever the last run left. */
  acquire(length: number): Float32Array {
    const list = this.free.get(length);
    const buf = list?.pop();
    if (buf) return buf;
    this.made++;
    return new Float32Array(length);
  }

  /** Back for reuse; a buffer emptied by a move (or of the wrong size for its key) is dropped. */
  release(buf: Float32Array | undefined): void {
    if (!buf || buf.length === 0) return;
    let list = this.free.get(buf.length);
    if (!list) this.free.set(buf.length, (list = []));
    list.push(buf);
  }

  /** How many buffers were ever allocated (stays at in-flight depth × batch sizes when steady). */
  get allocated(): number {
    return this.made;
  }

  /** Buffers waiting for reuse, for `length` floats. */
  available(length: number): number {
    return this.free.get(length)?.length ?? 0;
  }
}

/**
 * How many runs to keep in flight: two when the session runs off this thread (the next frame's
 * tensor is ready and queued there while the current one runs, so the session never waits for
 * this thread), one when it runs here (a second would only wait behind the first and hold a
 * frame that a newer one could have replaced).
 */
export function inFlightDepth(offThread: boolean): number {
  return offThread ? 2 : 1;
}
