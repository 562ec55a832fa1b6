interface Pending<T> {
  peer: string;
  resolve(value: T): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Requests sent to worker processes, waiting for their reply: matched by request id and by the
 * worker that was asked (a reply from another one is ignored), failed after a per-request timeout,
 * and failed all at once when that worker goes.
 */
export class PendingReplies<T> {
  private readonly pending = new Map<string, Pending<T>>();

  get size(): number {
    return this.pending.size;
  }

  /** Requests still waiting for `peer`. */
  countFor(peer: string): number {
    let n = 0;
    for (const p of this.pending.values()) if (p.peer === peer) n++;
    return n;
  }

  /**
   * Waits for the reply to `requestId` from `peer`. After `timeoutMs` the request is forgotten
   * and rejected with what `timeoutError` returns (it may also do the caller's own clean-up).
   */
  expect(
    requestId: string,
    peer: string,
    timeoutMs: number,
    timeoutError: () => Error,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(timeoutError());
      }, timeoutMs);
      this.pending.set(requestId, { peer, resolve, reject, timer });
    });
  }

  /** A reply from `peer`; false (and nothing settled) when no such request waits for that peer. */
  settle(peer: string, requestId: string, value: T): boolean {
    const p = this.pending.get(requestId);
    if (!p || p.peer !== peer) return false;
    this.pending.delete(requestId);
    clearTimeout(p.timer);
    p.resolve(value);
    return true;
  }

  /** `peer` exited, restarted or stopped: every request waiting for it fails with `error(peer)`. */
  failPeer(peer: string, error: (peer: string) => Error): void {
    for (const [id, p] of this.pending) {
      if (p.peer !== peer) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(error(peer));
    }
  }

  /** Fails every waiting request, whichever peer it waits for. */
  failAll(error: (peer: string) => Error): void {
    for (const peer of new Set([...this.pending.values()].map((p) => p.peer)))
      this.failPeer(peer, error);
  }
}
