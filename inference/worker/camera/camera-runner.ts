import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type {
  CameraConfig,
  CameraSource,
  CameraStatus,
  Hwaccel,
} from '../../../electron/shared/config/camera';
import { redactSecrets } from '../../../electron/shared/util/redact';
import { letterbox, type Letterbox } from '../../vision/detect/letterbox';
import { JpegSplitter, jpegSize } from './jpeg-splitter';
import { ANALYSIS_FD, pipelineArgs, STILLS_FD, type AnalysisOutput } from './pipeline-args';
import { RawFrameReader } from './raw-frame-reader';
import {
  ensureRingBufferDir,
  pruneRingBuffer,
  ringBufferDir,
  clearRingBuffer,
} from './ring-buffer';
import { parseInputVideoStream, type StreamInfo } from './stream-info';
import { classifyFfmpegFailure } from './ffmpeg-errors';
import { hiddenInputCaps } from '../ffmpeg/ffmpeg-caps';
import { hwaccelFallback, parseShowinfoTimes } from './stream-roles';

export interface AnalysisFrame {
  /** Same id as the preview JPEG and the evidence still of this source frame (when made). */
  frameId: number;
  /** When the whole frame had been read from ffmpeg (epoch ms). */
  ts: number;
  /** Letterboxed pixels, `analysis.pixFmt`, analysis.width × analysis.height. */
  data: Uint8Array;
  letterbox: Letterbox;
  /** performance.now() at arrival, for latency measurement. */
  arrivedAt: number;
  /** How long reading this frame from ffmpeg took (first byte to last), ms. */
  readMs?: number;
  /** Timestamp on the camera's timeline (s), when the runner reports them (`timestamps`). */
  pts?: number;
  /** Size of the camera's main stream when it differs from this (detect) stream's: boxes map to it. */
  mainSize?: { width: number; height: number };
}

/** A JPEG picture of one source frame (a preview, or an evidence still), keyed by frameId. */
export interface JpegFrame {
  frameId: number;
  width: number;
  height: number;
  jpeg: Uint8Array;
  /** Timestamp on the camera's timeline (s), when the runner reports them (`timestamps`). */
  pts?: number;
}

/** A preview JPEG with the time it was read from ffmpeg (epoch ms). */
export type PreviewFrame = JpegFrame & { ts: number };

export interface CameraRunnerEvents {
  status(status: CameraStatus): void;
  preview?(frame: PreviewFrame): void;
  frame?(frame: AnalysisFrame): void;
  /** Evidence still (source resolution) of the analysis frame with the same frameId. */
  still?(frame: JpegFrame): void;
  log(
    level: 'debug' | 'info' | 'warn' | 'error',
    msg: string,
    fields?: Record<string, unknown>,
  ): void;
  /** A source that ended normally (a file without loop) when `reconnect` is off. */
  end?(): void;
}

export interface CameraRunnerOptions {
  ffmpegPath: string;
  /** Raw frames for the detector; omitted: preview (and ring buffer) only. */
  analysis?: AnalysisOutput;
  preview: boolean;
  /**
   * Evidence stills (source resolution): one per analysis frame, with its frameId, whatever the
   * preview rate (without analysis output, one per preview frame); omitted: none.
   */
  stills?: { maxWidth: number; quality: number };
  /** `<dataDir>` for the ring buffer; omitted or `buffer.seconds` 0: no ring buffer. */
  dataDir?: string;
  /** Files at their own pace; false reads as fast as the consumer takes frames. */
  realtime: boolean;
  /** Reconnect forever (live cameras); false ends at the first failure or end of source. */
  reconnect: boolean;
  /** Analyse every source frame instead of resampling to `analysis.fps` (files in `analyze`). */
  everyFrame?: boolean;
  /** The stream this runner reads; unset: the camera's `source` (one leg of a role-split camera). */
  source?: CameraSource;
  /** Analysis rate; unset: `analysis.fps`. */
  analysisFps?: number;
  /** Scale the decoded stream to this size before analysis (main stream used as detect stream). */
  detectSize?: { width: number; height: number };
  /** Write the ring buffer (default: whenever `dataDir` and `buffer.seconds` are set). */
  ringBuffer?: boolean;
  /** Hardware decoding for this runner; unset: the camera's `hwaccel`. */
  hwaccel?: Hwaccel;
  /** Attach timeline timestamps to analysis frames or to stills (role-split cameras). */
  timestamps?: 'analysis' | 'stills';
  /**
   * Index the ring buffer's segments on the camera's timeline (`segments.csv`, this many entries),
   * so stills can be decoded from the recording on demand (a role-split camera's record leg).
   */
  segmentList?: { keep: number };
}

/**
 * Owns one camera's ffmpeg: one decode feeding analysis frames, preview JPEGs and the H.264 ring
 * buffer. Reports state and counters, and reconnects with exponential backoff and jitter, forever,
 * when the source drops or stalls. A failing camera only ever affects itself.
 */
export class CameraRunner {
  private proc?: ChildProcess;
  private status: CameraStatus;
  private nextFrameId = 1;
  private stallTimer?: ReturnType<typeof setInterval>;
  private pruneTimer?: ReturnType<typeof setInterval>;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private attempt = 0;
  private stopped = true;
  private stderr = '';
  /** The "credentials on the command line" warning is logged once per camera. */
  private warnedCredentials = false;
  private fpsWindow: number[] = [];
  private analysisOut?: Readable;
  private paused = false;
  private lastFrameAt = 0;
  private lastReportAt = 0;
  private rateDebt = 0;
  /** Copy the source into the ring buffer until we learn it is not H.264. */
  private bufferCopy: boolean;
  /** The accelerator in use: the configured one until it fails once, then software. */
  private hwaccel: Hwaccel;
  private gotFrame = false;
  info?: StreamInfo;

  constructor(
    readonly config: CameraConfig,
    private readonly opts: CameraRunnerOptions,
    private readonly events: CameraRunnerEvents,
  ) {
    this.status = {
      cameraId: config.id,
      state: 'connecting',
      frames: 0,
      fps: 0,
      droppedByRate: 0,
      lost: 0,
      reconnects: 0,
    };
    const k = (opts.source ?? config.source).kind;
    this.bufferCopy = k === 'rtsp' || k === 'file' || k === 'hls';
    this.hwaccel = opts.hwaccel ?? config.hwaccel;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get pids(): number[] {
    return this.proc?.pid === undefined ? [] : [this.proc.pid];
  }

  get currentStatus(): CameraStatus {
    return this.status;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    if (this.stopped && !this.proc) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.stallTimer);
    clearInterval(this.pruneTimer);
    this.proc?.kill('SIGKILL');
    this.proc = undefined;
    this.update({ state: 'stopped' });
  }

  /** Backpressure for non-live runs: stop reading analysis frames until resumed. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.analysisOut?.pause();
    else {
      this.lastFrameAt = Date.now();
      this.analysisOut?.resume();
    }
  }

  /** Frames the consumer could not process in time (the detector was busy). */
  countLost(n = 1): void {
    this.status = { ...this.status, lost: this.status.lost + n };
  }

  /** Merges consumer fields (provider, inference time) into the status and reports it. */
  update(patch: Partial<CameraStatus>): void {
    this.status = { ...this.status, ...patch };
    this.lastReportAt = Date.now();
    this.events.status(this.status);
  }

  private connect(): void {
    const c = this.config;
    const source = this.opts.source ?? c.source;
    const bufferDir =
      this.opts.dataDir && c.buffer.seconds > 0 && this.opts.ringBuffer !== false
        ? ringBufferDir(this.opts.dataDir, c.id)
        : undefined;
    if (bufferDir) ensureRingBufferDir(bufferDir);
    const stills = this.opts.stills;
    const { args, stdin, credentialsHidden, analysisStep, previewStep, stillStep, baseFps } =
      pipelineArgs({
        source,
        hiddenInput: hiddenInputCaps(this.opts.ffmpegPath),
        hwaccel: this.hwaccel,
        detectSize: this.opts.detectSize,
        timestamps: this.opts.timestamps,
        progress: !this.opts.analysis && !this.opts.preview,
        analysisFps: this.opts.everyFrame ? 0 : (this.opts.analysisFps ?? c.analysis.fps),
        analysis: this.opts.analysis,
        preview: this.opts.preview ? c.preview : undefined,
        stills,
        ringBuffer: bufferDir
          ? {
              dir: bufferDir,
              copy: this.bufferCopy,
              maxBitrateKbps: c.evidence.maxBitrateKbps,
              ...(this.opts.segmentList ? { list: this.opts.segmentList } : {}),
            }
          : undefined,
        realtime: this.opts.realtime,
      });
    this.update({
      state: this.status.reconnects > 0 ? 'reconnecting' : 'connecting',
      reason: undefined,
      reasonCode: undefined,
    });
    this.events.log('info', 'camera connecting', {
      cameraId: c.id,
      source: redactSecrets(JSON.stringify(source)),
      ...(this.hwaccel !== 'none' ? { hwaccel: this.hwaccel } : {}),
    });
    if (!credentialsHidden && !this.warnedCredentials) {
      this.warnedCredentials = true;
      this.events.log(
        'warn',
        'this ffmpeg cannot read RTSP credentials from stdin (needs FFmpeg 5.0 or later): they are on its command line',
        { cameraId: c.id },
      );
    }
    const proc = spawn(this.opts.ffmpegPath, args, {
      stdio: [
        stdin === undefined ? 'ignore' : 'pipe',
        'pipe',
        'pipe',
        'pipe',
        ...(stills ? (['pipe'] as const) : []),
      ],
    });
    if (stdin !== undefined) {
      // The URL with its credentials goes through a pipe, never the command line; a failed write
      // (ffmpeg already gone) shows up as ffmpeg's own exit.
      proc.stdin!.on('error', () => {});
      proc.stdin!.end(stdin);
    }
    this.proc = proc;
    this.stderr = '';
    this.info = undefined;
    this.lastFrameAt = Date.now();
    this.rateDebt = 0;
    this.gotFrame = false;
    const base = this.nextFrameId;
    // Timeline timestamps (showinfo lines on stderr) paired in order with the frames they belong to.
    const times: number[] = [];
    const waiting: Array<(pts: number) => void> = [];
    let infoLine = '';
    const withPts = (emit: (pts?: number) => void): void => {
      if (!this.opts.timestamps) return emit();
      const t = times.shift();
      if (t !== undefined) emit(t);
      else waiting.push(emit);
    };
    const onTimes = (chunk: string): void => {
      infoLine += chunk;
      const cut = infoLine.lastIndexOf('\n');
      if (cut < 0) return;
      for (const t of parseShowinfoTimes(infoLine.slice(0, cut))) {
        const w = waiting.shift();
        if (w) w(t);
        else times.push(t);
      }
      infoLine = infoLine.slice(cut + 1);
    };
    let previews = 0;
    let analysed = 0;
    let lb: Letterbox | undefined;

    if (this.opts.preview) {
      const splitter = new JpegSplitter((jpeg) => {
        const frameId = base + previews++ * previewStep;
        this.nextFrameId = Math.max(this.nextFrameId, frameId + 1);
        if (!this.opts.analysis) this.onFrameArrived();
        const { width, height } = jpegSize(jpeg);
        this.events.preview?.({
          frameId,
          ts: Date.now(),
          width,
          height,
          jpeg: new Uint8Array(jpeg),
        });
      });
      proc.stdout!.on('data', (d: Buffer) => splitter.push(d));
    } else if (!this.opts.analysis) {
      // `-progress`: a leg without frame outputs (a record-only copy) is alive while frames count up.
      let lastCount = 0;
      proc.stdout!.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/^frame=\s*(\d+)/gm)) {
          const n = Number(m[1]);
          if (n > lastCount) {
            lastCount = n;
            this.onFrameArrived();
          }
        }
      });
    } else proc.stdout!.resume();

    if (stills) {
      let made = 0;
      const splitter = new JpegSplitter((jpeg) => {
        const frameId = base + made++ * stillStep;
        this.nextFrameId = Math.max(this.nextFrameId, frameId + 1);
        const { width, height } = jpegSize(jpeg);
        const copy = new Uint8Array(jpeg);
        withPts((pts) => this.events.still?.({ frameId, width, height, jpeg: copy, pts }));
      });
      (proc.stdio[STILLS_FD] as Readable).on('data', (d: Buffer) => splitter.push(d));
    }

    const analysis = this.opts.analysis;
    if (analysis) {
      const out = proc.stdio[ANALYSIS_FD] as Readable;
      this.analysisOut = out;
      const bytes = analysis.width * analysis.height * (analysis.pixFmt === 'rgb24' ? 3 : 1);
      const reader = new RawFrameReader(bytes, (data, readMs) => {
        const frameId = base + analysed++ * analysisStep;
        this.nextFrameId = Math.max(this.nextFrameId, frameId + 1);
        const size = this.opts.detectSize ?? this.info;
        if (!lb && size)
          lb = letterbox(
            size.width,
            size.height,
            analysis.width,
            analysis.height,
            analysis.anchor ?? 'centre',
          );
        if (!lb) {
          // The input banner always precedes frames; without it the geometry is unknown.
          this.countLost();
          return;
        }
        this.onFrameArrived(analysisStep, baseFps);
        const ts = Date.now();
        const arrivedAt = performance.now();
        const letterboxed = lb;
        const main = this.opts.detectSize && this.info;
        withPts((pts) =>
          this.events.frame?.({
            frameId,
            ts,
            data,
            letterbox: letterboxed,
            arrivedAt,
            readMs,
            pts,
            ...(main ? { mainSize: { width: main.width, height: main.height } } : {}),
          }),
        );
      });
      out.on('data', (d: Buffer) => reader.push(d));
      if (this.paused) out.pause();
    }

    proc.stderr!.on('data', (d: Buffer) => {
      if (this.opts.timestamps) onTimes(d.toString());
      this.stderr = (this.stderr + d.toString()).slice(this.info ? -4000 : -65536);
      if (!this.info) {
        this.info = parseInputVideoStream(this.stderr);
        if (this.info && bufferDir && this.bufferCopy && this.info.codec !== 'h264') {
          // The ring buffer must hold H.264: restart once encoding instead of copying.
          this.bufferCopy = false;
          this.events.log('info', 'source is not H.264; ring buffer will be encoded', {
            cameraId: c.id,
            codec: this.info.codec,
          });
          // Segments copied so far hold the other codec: they break the H.264 contract, drop them.
          this.restartNow(proc, bufferDir);
        }
      }
    });
    proc.on('error', (err) =>
      this.fail(proc, 'camera.error.spawn', `cannot start ffmpeg: ${err.message}`),
    );
    // 'close', not 'exit': the failure is classified from stderr, which may still be arriving at exit.
    proc.on('close', (code) => {
      if (code === 0 && !this.opts.reconnect) {
        if (proc === this.proc) {
          this.proc = undefined;
          this.clearTimers();
          this.update({ state: 'stopped' });
          this.events.end?.();
        }
        return;
      }
      const fb = hwaccelFallback(this.hwaccel, this.stderr, this.gotFrame);
      if (fb.fallback && proc === this.proc && !this.stopped) {
        // The accelerator is not there: software decoding from now on, with the reason shown.
        const reason = redactSecrets(fb.reason ?? '');
        this.events.log('warn', 'hardware decoding unavailable; decoding in software', {
          cameraId: c.id,
          hwaccel: this.hwaccel,
          reason,
        });
        this.status = {
          ...this.status,
          decoder: 'software',
          decoderNoteCode: 'camera.hwaccel.fallback',
          decoderNote: reason,
        };
        this.hwaccel = 'none';
        this.proc = undefined;
        this.clearTimers();
        this.connect();
        return;
      }
      const { code: reasonCode, reason } = classifyFfmpegFailure(this.stderr, code);
      this.fail(proc, reasonCode, redactSecrets(reason));
    });

    this.clearTimers();
    const connectedAt = Date.now();
    this.stallTimer = setInterval(() => {
      if (this.paused) return;
      // Opening a stream (handshake, probing, waiting for a keyframe) takes longer than the gap
      // between frames: the first frame gets a longer grace before the source counts as stalled.
      const limitSec =
        this.lastFrameAt > connectedAt
          ? c.stallTimeoutSec
          : Math.max(c.stallTimeoutSec, STARTUP_GRACE_SEC);
      if (Date.now() - this.lastFrameAt > limitSec * 1000) {
        this.update({
          state: 'stalled',
          reasonCode: 'camera.error.stalled',
          reason: `no frame for ${limitSec} s`,
        });
        this.fail(proc, 'camera.error.stalled', `no frame for ${limitSec} s`);
      }
    }, 1000);
    if (bufferDir) {
      const seconds = c.buffer.seconds;
      this.pruneTimer = setInterval(() => pruneRingBuffer(bufferDir, seconds), 2000);
    }
  }

  private clearTimers(): void {
    clearInterval(this.stallTimer);
    clearInterval(this.pruneTimer);
  }

  private restartNow(proc: ChildProcess, clearBufferDir?: string): void {
    if (proc !== this.proc) return;
    this.proc = undefined;
    proc.kill('SIGKILL');
    this.clearTimers();
    // After 'exit', so the killed ffmpeg can no longer write the segments being removed.
    proc.once('exit', () => {
      if (clearBufferDir) clearRingBuffer(clearBufferDir);
      if (!this.stopped) this.connect();
    });
  }

  private onFrameArrived(analysisStep = 1, baseFps = 0): void {
    const now = Date.now();
    this.gotFrame = true;
    this.lastFrameAt = now;
    this.attempt = 0;
    this.fpsWindow.push(now);
    while (this.fpsWindow.length && now - this.fpsWindow[0] > 2000) this.fpsWindow.shift();
    // Frames skipped on purpose: the ones between analysis frames, plus (estimated from the
    // source's nominal rate) those the fps filter dropped before them.
    const srcFps = this.info?.fps;
    this.rateDebt +=
      analysisStep -
      1 +
      (srcFps && baseFps && srcFps > baseFps ? (srcFps / baseFps - 1) * analysisStep : 0);
    const whole = Math.floor(this.rateDebt);
    this.rateDebt -= whole;
    const first = this.status.state !== 'streaming';
    this.status = {
      ...this.status,
      state: 'streaming',
      reason: undefined,
      reasonCode: undefined,
      frames: this.status.frames + 1,
      droppedByRate: this.status.droppedByRate + whole,
      fps: this.fpsWindow.length / 2,
      lastFrameAt: now,
      decoder: this.status.decoder ?? (this.hwaccel === 'none' ? 'software' : this.hwaccel),
    };
    // Report state changes at once, counters about once a second.
    if (first || now - this.lastReportAt >= 1000) this.update({});
  }

  private fail(proc: ChildProcess, code: string, reason: string): void {
    if (proc !== this.proc || this.stopped) return;
    this.clearTimers();
    proc.kill('SIGKILL');
    this.proc = undefined;
    this.update({ state: 'error', reasonCode: code, reason });
    if (!this.opts.reconnect) {
      this.events.end?.();
      return;
    }
    // Exponential backoff with jitter, capped at 30 s, retried forever.
    const delay = Math.min(30_000, 500 * 2 ** this.attempt++) * (0.75 + Math.random() * 0.5);
    this.events.log('warn', 'camera source failed; reconnecting', {
      cameraId: this.config.id,
      reason,
      inMs: Math.round(delay),
    });
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.status.reconnects++;
      this.connect();
    }, delay);
  }
}

const STARTUP_GRACE_SEC = 15;
