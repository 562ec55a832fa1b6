import type { CameraConfig, CameraStatus } from '../../../electron/shared/config/camera';
import {
  CameraRunner,
  type AnalysisFrame,
  type CameraRunnerEvents,
  type CameraRunnerOptions,
  type JpegFrame,
} from './camera-runner';
import { nearestFrame, planStreams, type StreamPlan } from './stream-roles';

/** What CameraPipeline drives: one runner, or a role-split camera's legs behind one face. */
export interface CameraIngest {
  readonly pid: number | undefined;
  /** Every ffmpeg this camera runs now (CPU accounting). */
  readonly pids: number[];
  readonly currentStatus: CameraStatus;
  start(): void;
  stop(): void;
  setPaused(paused: boolean): void;
  countLost(n?: number): void;
  update(patch: Partial<CameraStatus>): void;
}

/** How long detect frames wait for the main stream's size at start. */
const MAIN_SIZE_GRACE_MS = 10_000;

/** Detect frames and main stills held for matching (a few seconds at analysis rates). */
const KEEP = 64;

/**
 * A camera whose roles are served by two streams: the detect leg (the sub-stream, or the main
 * stream scaled) feeds analysis and the preview; the main leg copies the main stream into the ring
 * buffer (no decode) and, when the camera keeps stills, decodes it at the detect rate for them.
 * Both legs stamp frames on the camera's timeline, and each detect frame gets the main-stream still
 * nearest in time (within one frame period) under its own frameId, so evidence shows the frame the
 * detection was made on. The camera's status is the detect leg's.
 */
export class RoleSplitRunner implements CameraIngest {
  private readonly detect: CameraRunner;
  private readonly main: CameraRunner;
  private readonly detectFrames: Array<{ frameId: number; t: number }> = [];
  private readonly mainStills: Array<JpegFrame & { t: number }> = [];
  private readonly periodSec: number;
  private startedAt = 0;

  constructor(
    readonly config: CameraConfig,
    opts: CameraRunnerOptions,
    private readonly events: CameraRunnerEvents,
    plan: StreamPlan = planStreams(config),
  ) {
    const [detectLeg, ...others] = plan.legs;
    const mainLeg = others.find((l) => l.roles.includes('stills')) ?? others[0];
    const keepsStills = !!opts.stills && mainLeg.roles.includes('stills');
    this.periodSec = 1 / plan.detectFps;
    this.detect = new CameraRunner(
      config,
      {
        ...opts,
        source: detectLeg.source,
        analysisFps: plan.detectFps,
        detectSize: detectLeg.detectSize,
        ringBuffer: detectLeg.roles.includes('record'),
        stills: detectLeg.roles.includes('stills') ? opts.stills : undefined,
        timestamps: keepsStills ? 'analysis' : undefined,
      },
      {
        ...events,
        frame: (f) => this.onDetectFrame(f),
      },
    );
    this.main = new CameraRunner(
      config,
      {
        ...opts,
        source: mainLeg.source,
        analysis: undefined,
        preview: false,
        analysisFps: plan.detectFps,
        ringBuffer: mainLeg.roles.includes('record'),
        stills: keepsStills ? opts.stills : undefined,
        // A record-only copy never decodes: no accelerator to ask for.
        hwaccel: keepsStills ? undefined : 'none',
        timestamps: keepsStills ? 'stills' : undefined,
      },
      {
        status: (s) => {
          if (s.state === 'error')
            events.log('warn', 'main stream failed', {
              cameraId: config.id,
              reasonCode: s.reasonCode,
              reason: s.reason,
            });
        },
        still: (f) => this.onMainStill(f),
        log: events.log,
      },
    );
  }

  get pid(): number | undefined {
    return this.detect.pid;
  }

  get pids(): number[] {
    return [this.detect.pid, this.main.pid].filter((p): p is number => p !== undefined);
  }

  get currentStatus(): CameraStatus {
    return this.detect.currentStatus;
  }

  /** Size of the main stream once its leg has opened it. */
  get mainSize(): { width: number; height: number } | undefined {
    return this.main.info
      ? { width: this.main.info.width, height: this.main.info.height }
      : undefined;
  }

  start(): void {
    this.startedAt = Date.now();
    this.detect.start();
    this.main.start();
  }

  stop(): void {
    this.detect.stop();
    this.main.stop();
  }

  setPaused(paused: boolean): void {
    this.detect.setPaused(paused);
  }

  countLost(n = 1): void {
    this.detect.countLost(n);
  }

  update(patch: Partial<CameraStatus>): void {
    this.detect.update(patch);
  }

  private onDetectFrame(f: AnalysisFrame): void {
    const main = this.mainSize;
    // Boxes are reported in main-stream pixels: until the main stream's size is known (it opens
    // alongside), frames wait it out; a main stream that does not open leaves them in detect pixels.
    if (!main && Date.now() - this.startedAt < MAIN_SIZE_GRACE_MS) return;
    if (f.pts !== undefined) {
      this.detectFrames.push({ frameId: f.frameId, t: f.pts });
      if (this.detectFrames.length > KEEP) this.detectFrames.shift();
      this.match();
    }
    this.events.frame?.(main ? { ...f, mainSize: main } : f);
  }

  private onMainStill(s: JpegFrame): void {
    if (s.pts === undefined) return;
    this.mainStills.push({ ...s, t: s.pts });
    if (this.mainStills.length > KEEP) this.mainStills.shift();
    this.match();
  }

  /**
   * Hands out, in frameId order, the still of every detect frame whose nearest main frame is
   * known: once a main frame at or after it has come (or it is too old to get one).
   */
  private match(): void {
    const newest = this.mainStills.at(-1)?.t;
    if (newest === undefined) return;
    while (this.detectFrames.length) {
      const f = this.detectFrames[0];
      if (f.t > newest + 1e-6 && f.t - newest < 2) return;
      this.detectFrames.shift();
      const s = nearestFrame(f.t, this.mainStills, this.periodSec);
      if (s)
        this.events.still?.({
          frameId: f.frameId,
          width: s.width,
          height: s.height,
          jpeg: s.jpeg,
          pts: s.t,
        });
    }
  }
}

/** The ingest for a camera: one runner when one stream has every role, else a RoleSplitRunner. */
export function createCameraIngest(
  config: CameraConfig,
  opts: CameraRunnerOptions,
  events: CameraRunnerEvents,
): CameraIngest {
  const plan = planStreams(config);
  if (plan.split) return new RoleSplitRunner(config, opts, events, plan);
  return new CameraRunner(
    config,
    { ...opts, analysisFps: config.streams.detectFps, detectSize: plan.legs[0].detectSize },
    events,
  );
}
