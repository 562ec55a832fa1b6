import { spawn } from 'node:child_process';

/** What ffmpeg's input banner says about the first video stream (`-loglevel info`). */
export interface StreamInfo {
  codec: string;
  width: number;
  height: number;
  fps?: number;
}

/**
 * Parses the `Stream #0:N…: Video: h264 (High) …, 1280x720 [SAR 1:1 DAR 16:9], 25 fps, …` line of
 * input #0. Undefined until that line has arrived.
 */
export function parseInputVideoStream(stderr: string): StreamInfo | undefined {
  const inputStart = stderr.indexOf('Input #0');
  if (inputStart < 0) return undefined;
  const outputStart = stderr.indexOf('Output #', inputStart);
  const section = stderr.slice(inputStart, outputStart < 0 ? undefined : outputStart);
  for (const line of section.split('\n')) {
    const m = /Stream #0:\d+.*?: Video: (\w+)(.*)$/.exec(line);
    if (!m) continue;
    const size = /, (\d{2,5})x(\d{2,5})/.exec(m[2]);
    if (!size) continue;
    const fps = /, (\d+(?:\.\d+)?) fps/.exec(m[2]) ?? /, (\d+(?:\.\d+)?) tbr/.exec(m[2]);
    return {
      codec: m[1],
      width: Number(size[1]),
      height: Number(size[2]),
      fps: fps ? Number(fps[1]) : undefined,
    };
  }
  return undefined;
}

/** Frame rate of a video file from ffmpeg's own banner (ffprobe builds vary; ffmpeg is always there). */
export function probeVideoFps(ffmpegPath: string, file: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const proc = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-i', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', () => resolve(undefined));
    proc.on('close', () => resolve(parseInputVideoStream(err)?.fps));
  });
}
