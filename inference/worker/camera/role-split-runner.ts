import type { CameraConfig, CameraStatus } from '../../../electron/shared/config/camera';
import {
  CameraRunner,
  type AnalysisFrame,
  type CameraRunnerEvents,
  type CameraRunnerOptions,
  type JpegFrame,
} from './camera-runner';
import { nearestFrame, planStreams, stillsOnDemand, type StreamPlan } from './stream-roles';
import { OnDemandStills } from './segment-stills';
import { ringBufferDir } from './ring-buffer';

/** Stills a consumer asks for by frameId (decoded on demand from the recording). */
export interface StillSource {
  /** Whether a still of this frame can be asked for (its timestamp is known). */
  has(frameId: number): boolean;
  /** The still of exactly this frame; undefined when it cannot be had. */
  get(frameId: number): Promise<JpegFrame | undefined>;
}

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
  /** Set when this camera's stills are decoded on demand instead of streamed as `still` events. */
  readonly stills?: StillSource;
}

/** How long detect frames wait for the main stream's size at start. */
const MAIN_SIZE_GRACE_MS = 10_000;

/** Detect frames and main stills held for matching (a few seconds at analysis rates). */
const KEEP = 64;

/** Longest wait for the segment holding an asked-for frame to close (segment time + a long GOP). */
const ON_DEMAND_WAIT_MS = 20_000;

/**
 * A camera whose roles are served by two streams: the detect leg (the sub-stream, or the main
 * stream scaled) feeds analysis and the preview; the main leg copies the main stream into the ring
 * buffer (no decode). Stills of the main stream are made one of two ways: on demand (the default,
 * the NVR way: the record leg indexes its segments on the camera's timeline, each detect frame's
 * timestamp is remembered, and a still is decoded from the recording at exactly that timestamp
 * only when asked for, see `stills`), or continuously (the main leg decodes at the detect rate and
 * each detect frame gets the main-stream still nearest in time, within one frame period, under its
 * own frameId as a `still` event). Either way evidence shows the frame the detection was made on.
 * The camera's status is the detect leg's.
 */
export class RoleSplitRunner implements CameraIngest {
  private readonly detect: CameraRunner;
  private readonly main: CameraRunner;
  private readonly detectFrames: Array<{ frameId: number; t: number }> = [];
  private readonly mainStills: Array<JpegFrame & { t: number }> = [];
  private readonly periodSec: number;
  private startedAt = 0;
  /** On-demand stills (set when the camera keeps stills and its main stream is recorded). */
  readonly stills?: OnDemandStills;

  constructor(
    readonly config: CameraConfig,
    opts: CameraRunnerOptions,
    private readonly events: CameraRunnerEvents,
    plan: StreamPlan = planStreams(config),
  ) {
    const [detectLeg, ...others] = plan.legs;
    const mainLeg = others.find((l) => l.roles.includes('stills')) ?? others[0];
    const keepsStills = !!opts.stills && mainLeg.roles.includes('stills');
    const onDemand = keepsStills && stillsOnDemand(config, mainLeg, opts.dataDir);
    const streamed = keepsStills && !onDemand;
    this.periodSec = 1 / plan.detectFps;
    if (onDemand)
      this.stills = new OnDemandStills({
        ffmpegPath: opts.ffmpegPath,
        maxWidth: opts.stills!.maxWidth,
        quality: opts.stills!.quality,
        bufferDir: ringBufferDir(opts.dataDir!, config.id),
        keep: Math.ceil((config.buffer.seconds + 5) * plan.detectFps),
        halfFrame: () => (this.main.info?.fps ? 0.5 / this.main.info.fps : undefined),
        waitMs: ON_DEMAND_WAIT_MS,
      });
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
        stills: streamed ? opts.stills : undefined,
        // A record-only copy never decodes: no accelerator to ask for.
        hwaccel: streamed ? undefined : 'none',
        timestamps: streamed ? 'stills' : undefined,
        ...(onDemand ? { segmentList: { keep: config.buffer.seconds + 4 } } : {}),
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
    this.stills?.close();
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
    if (f.pts !== undefined && this.stills) this.stills.note(f.frameId, f.pts);
    else if (f.pts !== undefined) {
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
