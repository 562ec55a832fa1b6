import path from 'node:path';
import type { Detection, FrameDetections } from '../../../electron/shared/domain/detection';
import type {
  CameraScene as CameraSceneConfig,
  SceneEventMessage,
  SceneTestRequest,
  SceneTestResult,
} from '../../../electron/shared/protocol/worker-protocol';
import type { SceneAnalyzer } from '../../vision/scene/scene-analyzer';
import { SceneHistory } from '../../vision/scene/scene-history';
import { createSceneAnalyzer, SceneReplay } from '../../vision/scene/scene-replay';
import { EvidenceWriter } from '../evidence/evidence-writer';
import { ringBufferDir } from '../camera/ring-buffer';
import type { JpegFrame } from '../camera/camera-runner';
import { plateReaderForInfractions, type PlateDetectorModel } from './plate-reading';
import { framesOfTrack, type TrackedFrame } from '../../vision/scene/track-frames';
import type { CountryCode } from '../../../electron/shared/domain/plate-country';

/** A preview or an evidence still, keyed by frameId. */
type Preview = JpegFrame;

export interface CameraSceneOptions {
  cameraId: string;
  scene: CameraSceneConfig | undefined;
  plateCountry?: CountryCode;
  /** The camera's dedicated plate detector, if it has one (resolved model file). */
  plateDetector?: PlateDetectorModel;
  dataDir: string;
  ffmpegPath: string;
  onEvent(event: SceneEventMessage): void;
  /**
   * Where the frames' detections are remembered for test mode. The worker keeps one per camera
   * across restarts of its stage (a saved rule set restarts it); default a fresh one.
   */
  history?: SceneHistory;
  /** False while the host has stopped clips for this camera (budget full of protected evidence). */
  clipsEnabled?: () => boolean;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/** Frames replayed per turn of the event loop in test mode. */
const REPLAY_SLICE = 200;

/** Previews kept to find the picture an infraction fired on (preview and detections share frameId). */
const KEEP_PREVIEWS = 40;
/** Pictures of the infracting track read for its plate (best-of-N): the infraction frame and 4 more. */
const PLATE_FRAMES = 5;

/**
 * The per-camera stage after detection inside the worker: tracking (always, so the wall shows
 * track ids), speed and rules when the camera has a calibration / rule set, and evidence for
 * every infraction, cut from the camera's ring buffer and sealed into its hash chain.
 */
export class CameraSceneStage {
  private readonly analyzer: SceneAnalyzer;
  private readonly writer: EvidenceWriter;
  private readonly previews: Preview[] = [];
  /** Source-resolution stills of the same frames, when the camera makes them (cameras with rules). */
  private readonly stills: Preview[] = [];
  /** Tracked boxes of the last frames, to find the infracting track in other pictures. */
  private readonly tracked: TrackedFrame[] = [];
  readonly history: SceneHistory;

  constructor(private readonly o: CameraSceneOptions) {
    this.analyzer = createSceneAnalyzer(o.cameraId, o.scene);
    this.history = o.history ?? new SceneHistory();
    for (const problem of this.analyzer.problems ?? [])
      o.log('warn', 'scene configuration problem', { cameraId: o.cameraId, problem });
    this.writer = new EvidenceWriter({
      root: path.join(o.dataDir, 'evidence'),
      cameraId: o.cameraId,
      ffmpegPath: o.ffmpegPath,
      // The plate is read on the vehicle crop of each infraction, never on every frame.
      readPlate: plateReaderForInfractions(o.log, o.plateCountry, o.plateDetector),
      ...(o.clipsEnabled ? { clipsEnabled: o.clipsEnabled } : {}),
    });
  }

  /** The camera stops: evidence in progress is finished with what was recorded; resolves when sealed. */
  finish(): Promise<void> {
    return this.writer.finish();
  }

  /** Resolves once the evidence started so far is sealed (or has failed). */
  idle(): Promise<void> {
    return this.writer.idle();
  }

  rememberPreview(p: Preview): void {
    this.previews.push(p);
    if (this.previews.length > KEEP_PREVIEWS) this.previews.shift();
  }

  rememberStill(p: Preview): void {
    this.stills.push(p);
    if (this.stills.length > KEEP_PREVIEWS) this.stills.shift();
  }

  /**
   * The evidence picture of an infraction and other pictures of its track for the plate vote:
   * source-resolution stills when there are, else previews (both keyed by frameId).
   */
  private picturesFor(inf: { frameId: number; trackId: number }) {
    const pictures = this.stills.length ? this.stills : this.previews;
    const main = [...pictures].reverse().find((p) => p.frameId <= inf.frameId);
    if (!main) return undefined;
    const byId = new Map(pictures.map((p) => [p.frameId, p]));
    const others = framesOfTrack(this.tracked, inf.trackId, {
      exceptFrameId: main.frameId,
      max: PLATE_FRAMES - 1,
      hasPicture: (id) => byId.has(id),
    });
    return {
      frameJpeg: main.jpeg,
      trackFrames: others.map((f) => ({ jpeg: byId.get(f.frameId)!.jpeg, box: f.box })),
    };
  }

  /** Tracks the frame's detections and starts evidence for any infraction; returns tracked boxes. */
  process(frame: FrameDetections): Detection[] {
    this.history.push(frame);
    const out = this.analyzer.update(frame);
    this.tracked.push({ frameId: frame.frameId, boxes: out.detections });
    if (this.tracked.length > KEEP_PREVIEWS) this.tracked.shift();
    for (const e of out.events) {
      if (e.kind === 'count') {
        this.o.onEvent({
          kind: 'count',
          lineId: e.lineId,
          ruleId: e.ruleId,
          trackId: e.trackId,
          classLabel: e.classLabel,
          direction: e.direction,
          ts: e.tsMs,
        });
        continue;
      }
      const inf = e.infraction;
      const pictures = this.picturesFor(inf);
      this.writer
        .write(inf, {
          ringBufferDir: ringBufferDir(this.o.dataDir, this.o.cameraId),
          ...(pictures
            ? { ...pictures, boxSpace: { width: frame.width, height: frame.height } }
            : {}),
        })
        .then((sealed) => this.o.onEvent({ kind: 'infraction', infraction: sealed }))
        .catch((err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          this.o.log('error', 'evidence could not be written', {
            cameraId: this.o.cameraId,
            ruleId: inf.ruleId,
            reason,
          });
          this.o.onEvent({
            kind: 'evidence-failed',
            ruleId: inf.ruleId,
            trackId: inf.trackId,
            reason,
          });
        });
    }
    return out.detections;
  }

  /**
   * Test mode: the last `seconds` of remembered detections replayed with a draft calibration and
   * rule set in a fresh analyzer. Writes no evidence and emits no event. A long replay yields to
   * the event loop between slices so the camera's live frames keep flowing.
   */
  async test(req: Omit<SceneTestRequest, 'cameraId'>): Promise<SceneTestResult> {
    const frames = this.history.last(req.seconds);
    if (frames.length < 2)
      return {
        requestId: req.requestId,
        ok: false,
        code: 'ui.rules.test.noHistory',
        error: `camera ${this.o.cameraId} has no recent detections to replay yet`,
      };
    const replay = new SceneReplay({
      cameraId: this.o.cameraId,
      scene: { calibration: req.calibration, rules: req.rules },
    });
    for (let i = 0; i < frames.length; i++) {
      if (i > 0 && i % REPLAY_SLICE === 0) await new Promise((r) => setImmediate(r));
      replay.update(frames[i]);
    }
    return { requestId: req.requestId, ok: true, ...replay.result() };
  }
}
