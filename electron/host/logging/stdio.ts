/**
 * A headless host whose stdout or stderr pipe is closed (the terminal went away, `serve | head`,
 * a supervisor that stopped reading) must keep running: a write then fails with EPIPE, which Node
 * reports as an 'error' event that would end the process. This swallows those errors, remembers
 * that the stream is gone, and lets writers skip it.
 */
const closed = new Set<NodeJS.WriteStream>();
let guarded = false;

export function guardStdio(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || err.code === 'EIO') {
        closed.add(stream);
        return;
      }
      // Anything else on a standard stream is still not worth the host: remember and go on.
      closed.add(stream);
    });
  }
}

/** Writes to stdout or stderr unless that stream is known to be gone; never throws. */
export function writeStdio(stream: NodeJS.WriteStream, text: string): void {
  if (closed.has(stream) || stream.destroyed || !stream.writable) return;
  try {
    stream.write(text);
  } catch {
    closed.add(stream);
  }
}
