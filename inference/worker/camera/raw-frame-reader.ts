/**
 * Cuts a rawvideo byte stream into fixed-size frames. Each frame gets its own buffer, handed to the
 * consumer without further copies.
 */
export class RawFrameReader {
  private frame: Uint8Array;
  private filled = 0;
  /** performance.now() when the first byte of the frame being filled arrived. */
  private startedAt = 0;

  /** `readMs`: first byte to last byte of the frame (the decode stage as the worker sees it). */
  constructor(
    readonly frameBytes: number,
    private readonly onFrame: (frame: Uint8Array, readMs: number) => void,
  ) {
    this.frame = new Uint8Array(frameBytes);
  }

  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.filled === 0) this.startedAt = performance.now();
      const n = Math.min(this.frameBytes - this.filled, chunk.length - off);
      this.frame.set(chunk.subarray(off, off + n), this.filled);
      this.filled += n;
      off += n;
      if (this.filled === this.frameBytes) {
        const done = this.frame;
        this.frame = new Uint8Array(this.frameBytes);
        this.filled = 0;
        this.onFrame(done, performance.now() - this.startedAt);
      }
    }
  }
}
