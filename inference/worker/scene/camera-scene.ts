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
import { EvidenceWriter, type ExactFramePictures } from '../evidence/evidence-writer';
import { ringBufferDir } from '../camera/ring-buffer';
import type { JpegFrame } from '../camera/camera-runner';
import { StillRing } from '../camera/still-ring';
import type { StillSource } from '../camera/role-split-runner';
import { plateReaderForInfractions, type PlateDetectorModel } from './plate-reading';
import type { PlateRecognizerModel } from '../plates/plate-ocr-resolve';
import { framesOfTrack, type TrackedFrame } from '../../vision/scene/track-frames';
import type { FinishedTrack } from '../../../electron/shared/domain/track-history';
import type { PlateCountries } from '../../../electron/shared/domain/plate-country';
import type { ExternalSignalBook } from '../../vision/rules/external-signal';
import { TrackRecorder } from '../../vision/history/track-recorder';
import type { SecondStageRunner } from '../reid/second-stage-runner';
import type { ReattacherOptions } from '../../vision/reid/reattach';
import { recorderEndAfterMs } from '../../vision/reid/live-reattach';

/** A preview or an evidence still, keyed by frameId. */
type Preview = JpegFrame;

export interface CameraSceneOptions {
  cameraId: string;
  scene: CameraSceneConfig | undefined;
  plateCountry?: PlateCountries;
  /** The camera's dedicated plate detector, if it has one (resolved model file). */
  plateDetector?: PlateDetectorModel;
  /** The camera's dedicated plate-OCR model, if it has one (PP-OCR otherwise). */
  plateRecognizer?: PlateRecognizerModel;
  dataDir: string;
  ffmpegPath: string;
  onEvent(event: SceneEventMessage): void;
  /**
   * Where the frames' detections are remembered for test mode. The worker keeps one per camera
   * across restarts of its stage (a saved rule set restarts it); default a fresh one.
   */
  history?: SceneHistory;
  /**
   * The camera's external signal feed (traffic-light controller): kept by the worker across
   * restarts of this stage, consulted for every frame at that frame's time.
   */
  externalSignals?: ExternalSignalBook;
  /** False while the host has stopped clips for this camera (budget full of protected evidence). */
  clipsEnabled?: () => boolean;
  /** How long evidence waits for the ring buffer to hold the clip's end (default 30 s). */
  ringWaitTimeoutMs?: number;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
  /** Stage timings for the worker's metrics: track and rules per frame, evidence per infraction. */
  stage?(stage: 'track' | 'rules' | 'evidence', ms: number): void;
  /** The camera's second-stage models (classifiers, embedders on each track's best crop), if any. */
  secondStage?: SecondStageRunner;
  /**
   * Re-identification re-attachment on the second stage's embeddings (see `liveReattachOptions`);
   * only with `secondStage`.
   */
  reattach?: ReattacherOptions;
}

/** Frames replayed per turn of the event loop in test mode. */
const REPLAY_SLICE = 200;

/** Pictures (stills, previews) and tracked frames kept, by frameId (preview, stills and detections share it). */
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
  /** Source-resolution stills of the analysis frames, when the camera makes them (cameras with rules). */
  private readonly stills = new StillRing(KEEP_PREVIEWS);
  /** Stills decoded on demand from the recording, when the camera's pipeline makes them so. */
  private stillSource?: () => StillSource | undefined;
  /** Evidence being written (each settles, never rejects). */
  private readonly writing = new Set<Promise<void>>();
  /** Tracked boxes of the last frames, to find the infracting track in other pictures. */
  private readonly tracked: TrackedFrame[] = [];
  readonly history: SceneHistory;
  /** Each track's history, reported once the track has ended. */
  private readonly recorder: TrackRecorder;

  constructor(private readonly o: CameraSceneOptions) {
    const runner = o.secondStage;
    const reattach = runner && o.reattach ? o.reattach : undefined;
    this.analyzer = createSceneAnalyzer(
      o.cameraId,
      o.scene,
      reattach && runner
        ? { options: reattach, embeddingOf: (id) => runner.embeddingOf(id) }
        : undefined,
    );
    const endAfterMs = recorderEndAfterMs(reattach);
    this.recorder = new TrackRecorder({
      cameraId: o.cameraId,
      ...(o.scene?.rules ? { rules: o.scene.rules } : {}),
      ...(endAfterMs !== undefined ? { endAfterMs } : {}),
    });
    this.history = o.history ?? new SceneHistory();
    for (const problem of this.analyzer.problems ?? [])
      o.log('warn', 'scene configuration problem', { cameraId: o.cameraId, problem });
    this.writer = new EvidenceWriter({
      root: path.join(o.dataDir, 'evidence'),
      cameraId: o.cameraId,
      ffmpegPath: o.ffmpegPath,
      ...(o.ringWaitTimeoutMs !== undefined ? { ringWaitTimeoutMs: o.ringWaitTimeoutMs } : {}),
      // The plate is read on the vehicle crop of each infraction, never on every frame.
      readPlate: plateReaderForInfractions(
        o.log,
        o.plateCountry,
        o.plateDetector,
        o.plateRecognizer,
      ),
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
    this.o.secondStage?.picture(p);
  }

  /**
   * Whether this camera's pipeline should make stills: only cameras with rules make infractions,
   * so only they pay for source-resolution JPEGs, one per analysis frame.
   */
  get wantsStills(): boolean {
    return !!this.o.scene?.rules;
  }

  rememberStill(p: Preview): void {
    this.stills.push(p);
    this.o.secondStage?.picture(p);
  }

  /**
   * Where on-demand stills come from (the camera's pipeline, once started): when it gives a source,
   * an infraction's pictures are decoded from the recording at its frame's timestamp.
   */
  useStillSource(source: () => StillSource | undefined): void {
    this.stillSource = source;
  }

  /** The camera's pipeline stopped: no more stills will come; evidence being written goes on. */
  stop(): void {
    this.stills.close();
    for (const track of this.recorder.finishAll())
      this.o.onEvent({ kind: 'track', track: this.decorate(track) });
    void this.o.secondStage?.close();
  }

  /** A finished track with its second-stage labels and appearance, when the camera has any. */
  private decorate(track: FinishedTrack): FinishedTrack {
    return this.o.secondStage ? this.o.secondStage.decorate(track) : track;
  }

  /** The latest appearance embedding of a track still in view, when this camera embeds tracks. */
  liveEmbedding(trackId: number): { model: string; vector: number[] } | undefined {
    return this.o.secondStage?.latestEmbedding(trackId);
  }

  /** Tracks given back their old id by re-identification so far. */
  get reattached(): number {
    return this.analyzer.reattached;
  }

  /** Resolves once the evidence of every infraction so far is written (or has failed). */
  async settled(): Promise<void> {
    while (this.writing.size) await Promise.all([...this.writing]);
  }

  /**
   * The evidence picture of an infraction, of exactly the frame it fired on, and other pictures of
   * its track for the plate vote. From the source-resolution stills: the still of that frame may
   * be read a moment after its detections, so this waits for it (and only it). A camera without
   * stills uses its preview of that frame, if it has one. Undefined: no picture of that frame.
   */
  private async picturesFor(inf: {
    frameId: number;
    trackId: number;
  }): Promise<ExactFramePictures | undefined> {
    // The track's other frames as known now; their pictures are taken when the main one is there.
    const tracked = [...this.tracked];
    const onDemand = this.wantsStills ? this.stillSource?.() : undefined;
    if (onDemand) return this.picturesOnDemand(onDemand, inf, tracked);
    const fromStills = this.wantsStills;
    const main = fromStills
      ? await this.stills.waitFor(inf.frameId)
      : this.previews.find((p) => p.frameId === inf.frameId);
    if (!main) return undefined;
    const picture = (id: number): Preview | undefined =>
      fromStills ? this.stills.get(id) : this.previews.find((p) => p.frameId === id);
    const others = framesOfTrack(tracked, inf.trackId, {
      exceptFrameId: main.frameId,
      max: PLATE_FRAMES - 1,
      hasPicture: (id) => picture(id) !== undefined,
    });
    return {
      frameId: main.frameId,
      jpeg: main.jpeg,
      trackFrames: others.map((f) => ({ jpeg: picture(f.frameId)!.jpeg, box: f.box })),
    };
  }

  /** `picturesFor` from on-demand stills: the infraction's frame and the track's others, decoded. */
  private async picturesOnDemand(
    source: StillSource,
    inf: { frameId: number; trackId: number },
    tracked: TrackedFrame[],
  ): Promise<ExactFramePictures | undefined> {
    const others = framesOfTrack(tracked, inf.trackId, {
      exceptFrameId: inf.frameId,
      max: PLATE_FRAMES - 1,
      hasPicture: (id) => source.has(id),
    });
    const [main, ...pictures] = await Promise.all([
      source.get(inf.frameId),
      ...others.map((f) => source.get(f.frameId)),
    ]);
    if (!main) return undefined;
    return {
      frameId: main.frameId,
      jpeg: main.jpeg,
      trackFrames: others.flatMap((f, i) => {
        const p = pictures[i];
        return p ? [{ jpeg: p.jpeg, box: f.box }] : [];
      }),
    };
  }

  /** Tracks the frame's detections and starts evidence for any infraction; returns tracked boxes. */
  process(frame: FrameDetections): Detection[] {
    this.history.push(frame);
    for (const [id, phase] of this.o.externalSignals?.phasesAt(frame.ts) ?? [])
      this.analyzer.setSignalPhase(id, phase.state, phase.sinceMs);
    const out = this.analyzer.update(frame);
    if (out.timings && this.o.stage) {
      this.o.stage('track', out.timings.trackMs);
      if (out.timings.rulesMs !== undefined) this.o.stage('rules', out.timings.rulesMs);
    }
    // Each re-attachment is logged with its similarity, so a wrong merge can be traced.
    for (const r of this.analyzer.takeReattachments())
      this.o.log('info', 'track re-attached by appearance', {
        cameraId: this.o.cameraId,
        trackerId: r.trackId,
        trackId: r.id,
        similarity: Math.round(r.similarity * 1000) / 1000,
      });
    // New tracks held back for re-identification are embedded too (under their tracker id), now.
    const undecided = out.undecided ?? [];
    this.o.secondStage?.observe(
      {
        ...frame,
        detections: undecided.length ? [...out.detections, ...undecided] : out.detections,
      },
      undecided.length ? new Set(undecided.map((d) => d.trackId!)) : undefined,
    );
    for (const track of this.recorder.update({ ...frame, detections: out.detections }))
      this.o.onEvent({ kind: 'track', track: this.decorate(track) });
    this.tracked.push({ frameId: frame.frameId, boxes: out.detections });
    if (this.tracked.length > KEEP_PREVIEWS) this.tracked.shift();
    for (const z of out.zones ?? [])
      this.o.onEvent({
        kind: 'zone',
        zoneId: z.zoneId,
        ts: z.tsMs,
        entered: z.entered,
        occupancy: z.occupancy,
      });
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
      const evidenceStartedAt = performance.now();
      const written = this.writer
        .write(inf, {
          ringBufferDir: ringBufferDir(this.o.dataDir, this.o.cameraId),
          // Asked for now, while the frame's still (or the stills just after it) are at hand.
          exactFrame: this.picturesFor(inf),
          boxSpace: { width: frame.width, height: frame.height },
        })
        .then((sealed) => {
          this.o.stage?.('evidence', performance.now() - evidenceStartedAt);
          this.o.onEvent({ kind: 'infraction', infraction: sealed });
        })
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
        })
        .finally(() => this.writing.delete(written));
      this.writing.add(written);
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
