import { spawn } from 'node:child_process';
import type { CameraSource } from '../../shared/config/camera';
import { redactSecrets } from '../../shared/util/redact';
import { sourceInput } from '../../../inference/worker/camera/source-input';
import { hiddenInputCaps } from '../../../inference/worker/ffmpeg/ffmpeg-caps';
import { jpegSize } from '../../../inference/worker/camera/jpeg-splitter';

/**
 * "Test connection" for a camera source: ffmpeg opens it as the worker would and hands back one
 * frame, or the exact reason it could not (an i18n code and ffmpeg's line, credentials redacted).
 */

/** Maps ffmpeg's stderr to an i18n code; the English line (credentials redacted) goes along. */
export function classifyFfmpegError(stderr: string): string {
  // Something outside the source kind's protocol or container whitelist (see source-input.ts).
  if (/not on whitelist/i.test(stderr)) return 'camera.error.not_allowed';
  if (/No such file or directory/i.test(stderr)) return 'ui.cameras.test.notFound';
  if (/401|Unauthorized|authorization failed/i.test(stderr)) return 'ui.cameras.test.unauthorized';
  if (
    /Connection refused|Network is unreachable|No route to host|Connection timed out|Name or service not known|Failed to resolve/i.test(
      stderr,
    )
  ) {
    return 'ui.cameras.test.unreachable';
  }
  if (/Invalid data found|could not find codec|moov atom not found/i.test(stderr))
    return 'ui.cameras.test.badStream';
  return 'ui.cameras.test.failed';
}

export interface FrameGrab {
  ok: boolean;
  jpegBase64?: string;
  width?: number;
  height?: number;
  errorCode?: string;
  error?: string;
  elapsedMs: number;
}

/** Opens the source as the worker would (without real-time pacing) and returns its first frame as JPEG. */
export function grabOneFrame(
  ffmpegPath: string,
  source: CameraSource,
  timeoutMs: number,
): Promise<FrameGrab> {
  const started = Date.now();
  // Credentials in the URL reach ffmpeg through its stdin, not its command line (where ffmpeg allows).
  const input = sourceInput(source, hiddenInputCaps(ffmpegPath));
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...input.args.filter((a) => a !== '-re'),
    '-frames:v',
    '1',
    '-vf',
    "scale='min(1280,iw)':-2",
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ];
  return new Promise<FrameGrab>((resolve) => {
    const child = spawn(ffmpegPath, args, {
      stdio: [input.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input.stdin !== undefined) {
      child.stdin!.on('error', () => {});
      child.stdin!.end(input.stdin);
    }
    const out: Buffer[] = [];
    let err = '';
    let done = false;
    const finish = (r: Omit<FrameGrab, 'elapsedMs'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...r, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({
        ok: false,
        errorCode: 'ui.cameras.test.timeout',
        error: `no frame within ${timeoutMs} ms`,
      });
    }, timeoutMs);
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => {
      if (err.length < 8192) err += c.toString();
    });
    child.on('error', (e) =>
      finish({ ok: false, errorCode: 'ui.cameras.test.failed', error: redactSecrets(e.message) }),
    );
    child.on('close', (code) => {
      const jpeg = Buffer.concat(out);
      if (code === 0 && jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8) {
        const { width, height } = jpegSize(jpeg);
        finish({
          ok: true,
          jpegBase64: jpeg.toString('base64'),
          ...(width > 0 && height > 0 ? { width, height } : {}),
        });
        return;
      }
      const line =
        err.trim().split('\n').filter(Boolean).at(-1) ?? `ffmpeg exited with code ${code}`;
      finish({ ok: false, errorCode: classifyFfmpegError(err), error: redactSecrets(line) });
    });
  });
}
