import { spawn, type ChildProcess } from 'node:child_process';
import type { CameraConfig, CameraStatus } from '../../../electron/common/config/camera';
import { redactSecrets } from '../../../electron/common/util/redact';
import { inputArgs } from './source-input';
import { JpegSplitter } from './jpeg-splitter';

export interface CameraRunnerEvents {
  status(status: CameraStatus): void;
  preview(frame: { frameId: number; ts: number; width: number; height: number; jpeg: Uint8Array }): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Owns one camera: runs its ffmpeg, reports state and counters, and reconnects with exponential
 * backoff and jitter, forever, when the source drops or stalls. A failing camera only ever
 * affects itself.
 */
export class CameraRunner {
  private proc?: ChildProcess;
  private status: CameraStatus;
  private frameId = 0;
  private stallTimer?: ReturnType<typeof setInterval>;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private attempt = 0;
  private stopped = false;
  private lastStderr = '';
  private fpsWindow: number[] = [];

  constructor(
    private config: CameraConfig,
    private readonly ffmpegPath: string,
    private readonly events: CameraRunnerEvents,
  ) {
    this.status = { cameraId: config.id, state: 'connecting', frames: 0, fps: 0, droppedByRate: 0, lost: 0, reconnects: 0 };
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.stallTimer);
    this.proc?.kill('SIGKILL');
    this.proc = undefined;
    this.update({ state: 'stopped' });
  }

  private update(patch: Partial<CameraStatus>): void {
    this.status = { ...this.status, ...patch };
    this.events.status(this.status);
  }

  private connect(): void {
    const c = this.config;
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      ...inputArgs(c.source),
      '-an',
      '-vf', `fps=${c.preview.fps},scale=${c.preview.width}:-2`,
      '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', String(c.preview.quality),
      'pipe:1',
    ];
    this.update({ state: this.status.reconnects > 0 ? 'reconnecting' : 'connecting', reason: undefined, reasonCode: undefined });
    this.events.log('info', 'camera connecting', { cameraId: c.id, source: redactSecrets(JSON.stringify(c.source)) });
    const proc = spawn(this.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    this.lastStderr = '';
    let lastFrameAt = Date.now();
    const splitter = new JpegSplitter((jpeg) => {
      lastFrameAt = Date.now();
      this.onPreview(jpeg);
    });
    proc.stdout!.on('data', (d: Buffer) => splitter.push(d));
    proc.stderr!.on('data', (d: Buffer) => {
      this.lastStderr = (this.lastStderr + d.toString()).slice(-2000);
    });
    proc.on('error', (err) => this.fail(proc, 'camera.error.spawn', `cannot start ffmpeg: ${err.message}`));
    proc.on('exit', (code) => {
      const detail = redactSecrets(this.lastStderr.trim().split('\n').pop() ?? '');
      this.fail(proc, 'camera.error.source_ended', `source ended (ffmpeg exit ${code})${detail ? `: ${detail}` : ''}`);
    });
    clearInterval(this.stallTimer);
    this.stallTimer = setInterval(() => {
      if (Date.now() - lastFrameAt > c.stallTimeoutSec * 1000) {
        this.update({ state: 'stalled', reasonCode: 'camera.error.stalled', reason: `no frame for ${c.stallTimeoutSec} s` });
        this.fail(proc, 'camera.error.stalled', `no frame for ${c.stallTimeoutSec} s`);
      }
    }, 1000);
  }

  private onPreview(jpeg: Buffer): void {
    const now = Date.now();
    this.attempt = 0;
    this.fpsWindow.push(now);
    while (this.fpsWindow.length && now - this.fpsWindow[0] > 2000) this.fpsWindow.shift();
    const first = this.status.state !== 'streaming';
    this.status = {
      ...this.status,
      state: 'streaming',
      reason: undefined,
      reasonCode: undefined,
      frames: this.status.frames + 1,
      fps: this.fpsWindow.length / 2,
      lastFrameAt: now,
    };
    // Report state changes at once, counters at most once a second.
    if (first || this.status.frames % Math.max(1, Math.round(this.config.preview.fps)) === 0) this.events.status(this.status);
    const { width, height } = jpegSize(jpeg);
    this.events.preview({ frameId: ++this.frameId, ts: now, width, height, jpeg: new Uint8Array(jpeg) });
  }

  private fail(proc: ChildProcess, code: string, reason: string): void {
    if (proc !== this.proc || this.stopped) return;
    clearInterval(this.stallTimer);
    proc.kill('SIGKILL');
    this.proc = undefined;
    // Exponential backoff with jitter, capped at 30 s, retried forever.
    const delay = Math.min(30_000, 500 * 2 ** this.attempt++) * (0.75 + Math.random() * 0.5);
    this.update({ state: 'error', reasonCode: code, reason });
    this.events.log('warn', 'camera source failed; reconnecting', { cameraId: this.config.id, reason, inMs: Math.round(delay) });
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.status.reconnects++;
      this.connect();
    }, delay);
  }
}

/** Width and height from a baseline/progressive JPEG's SOF marker. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = jpeg[i + 1];
    const len = (jpeg[i + 2] << 8) | jpeg[i + 3];
    if (marker >= 0xc0 && marker <= 0xc3) {
      return { height: (jpeg[i + 5] << 8) | jpeg[i + 6], width: (jpeg[i + 7] << 8) | jpeg[i + 8] };
    }
    i += 2 + len;
  }
  return { width: 0, height: 0 };
}
