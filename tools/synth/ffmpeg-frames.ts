import { spawn } from 'node:child_process';

export interface RawFrameOptions {
  width: number;
  height: number;
  /** `gray` gives width×height bytes per frame, `rgb24` three times that. */
  pixFmt?: 'gray' | 'rgb24';
  /** Resample to this rate; omitted keeps the source's frames. */
  fps?: number;
  /** Stop after this many seconds of source. */
  maxSeconds?: number;
}

/**
 * Decodes a video with real ffmpeg into raw frames at a fixed size (ffmpeg scales), yielding one
 * buffer per frame in order. Used by the synthetic scene checks, the motion tests and `analyze`
 * style replays; the live ingest has its own pipeline.
 */
export async function* decodeRawFrames(
  ffmpegPath: string,
  file: string,
  opts: RawFrameOptions,
): AsyncGenerator<Uint8Array> {
  const pixFmt = opts.pixFmt ?? 'gray';
  const frameBytes = opts.width * opts.height * (pixFmt === 'gray' ? 1 : 3);
  const filters = [`scale=${opts.width}:${opts.height}`];
  if (opts.fps) filters.unshift(`fps=${opts.fps}`);
  const args = ['-v', 'error', '-nostdin', '-i', file];
  if (opts.maxSeconds) args.push('-t', String(opts.maxSeconds));
  args.push('-vf', filters.join(','), '-f', 'rawvideo', '-pix_fmt', pixFmt, 'pipe:1');
  const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= frameBytes) {
        yield new Uint8Array(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
      }
    }
    const code = await exited;
    if (code !== 0)
      throw new Error(`ffmpeg exited with ${code} decoding ${file}: ${stderr.trim()}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
