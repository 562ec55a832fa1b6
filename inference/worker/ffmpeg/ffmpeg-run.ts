import { spawn } from 'node:child_process';
import { redactSecrets } from '../../../electron/shared/util/redact';

/**
 * Runs ffmpeg to completion; resolves stdout, rejects with its (redacted) stderr tail. `input`
 * is written to its stdin (read it as `-i pipe:0`).
 */
export function runFfmpeg(
  ffmpegPath: string,
  args: string[],
  timeoutMs = 120_000,
  input?: Uint8Array,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffmpegPath,
      ['-hide_banner', ...(input ? [] : ['-nostdin']), '-v', 'error', ...args],
      { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] },
    );
    if (input) {
      // ffmpeg may exit before reading all of it (a bad frame): that is its error to report.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(Buffer.from(input));
    }
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`ffmpeg failed (${signal ?? code}): ${redactSecrets(err.trim())}`));
    });
  });
}
