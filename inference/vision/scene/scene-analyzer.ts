import type {
  Detection,
  FrameDetections,
  SignalState,
} from '../../../electron/shared/domain/detection';
import type { CalibrationConfig } from '../../../electron/shared/config/calibration';
import type { RuleSetConfig } from '../../../electron/shared/config/rules';
import { ByteTracker, type TrackerOptions } from '../tracking/byte-tracker';
import { ReidReattacher, type ReattacherOptions } from '../reid/reattach';
import { solveCalibration } from '../calibration/calibrate';
import {
  applyHomography,
  type CalibrationFailure,
  type Homography,
} from '../calibration/homography';
import { bottomCenter } from '../geometry/primitives';
import {
  estimateSpeed,
  type GroundObservation,
  type SpeedEstimate,
  type SpeedOptions,
} from '../speed/speed-estimator';
import {
  RuleEngine,
  scaleRuleSet,
  type CountEvent,
  type SceneInfraction,
} from '../rules/rule-engine';
import { classifySignal, type RgbImage } from '../rules/signal-color';
import type { ZoneCountEvent } from '../rules/zone-occupancy';

export type { SceneInfraction, CountEvent } from '../rules/rule-engine';
export type { ZoneCountEvent } from '../rules/zone-occupancy';

export interface SceneConfig {
  cameraId: string;
  calibration?: CalibrationConfig;
  rules?: RuleSetConfig;
  tracker?: TrackerOptions;
  speed?: SpeedOptions;
  /** Added to frame timestamps (`ts`) for `occurredAt` (e.g. a recording's start time); default 0. */
  timeOriginMs?: number;
  /** Ground trajectory points kept per track. */
  maxTrajectory?: number;
  /** Re-identification re-attachment after the tracker (cameras with an embedding model). */
  reid?: SceneReidConfig;
}

export interface SceneReidConfig {
  options?: ReattacherOptions;
  /**
   * The latest appearance embedding known for a reported track id (a new track still waiting for
   * its decision is asked by its own tracker id), or undefined while there is none.
   */
  embeddingOf(trackId: number): ArrayLike<number> | undefined;
}

export type SceneEvent =
  { kind: 'infraction'; infraction: SceneInfraction } | ({ kind: 'count' } & CountEvent);

export interface SceneOutput {
  /** The frame's detections; tracked ones carry trackId, and speedKmh once it can be measured. */
  detections: Detection[];
  events: SceneEvent[];
  /** Zones whose entries or occupancy changed on this frame (absent without rules). */
  zones?: ZoneCountEvent[];
  /** Time spent on this frame (ms): tracking with speed, and the rule engine (absent without rules). */
  timings?: { trackMs: number; rulesMs?: number };
  /**
   * With re-identification: the new tracks whose id is held back this frame (they may turn out to
   * be a track lost a moment ago), each with its tracker id as `trackId`, so their appearance can
   * be computed; in `detections` they carry no trackId yet.
   */
  undecided?: Detection[];
}

export interface TrackSnapshot {
  trackId: number;
  label: string;
  /** Ground positions (m) with timestamps; empty without calibration. */
  ground: readonly GroundObservation[];
  speed: SpeedEstimate | null;
}

/**
 * Per-camera scene logic, pure: tracking, ground-plane speed and rules on each frame's detections.
 * The worker calls `update` per frame; `analyze` runs it over a recording. Bad configuration does
 * not throw: it is reported in `problems` and the affected measurements are skipped.
 */
export class SceneAnalyzer {
  private readonly tracker: ByteTracker;
  private readonly reid?: ReidReattacher;
  private readonly ground = new Map<number, GroundObservation[]>();
  private readonly speeds = new Map<number, SpeedEstimate | null>();
  private readonly signalStates = new Map<string, { state: SignalState; sinceMs: number }>();
  private frameSize: { width: number; height: number } | null = null;
  private homography: Homography | null = null;
  private engine: RuleEngine | null = null;
  private calibrationFailure: CalibrationFailure | null = null;

  constructor(private readonly cfg: SceneConfig) {
    this.tracker = new ByteTracker(cfg.tracker);
    if (cfg.reid) this.reid = new ReidReattacher(cfg.reid.options);
  }

  /** Tracks given back their old id by re-identification so far. */
  get reattached(): number {
    return this.reid?.reattached ?? 0;
  }

  /** The re-attachments since the last call (tracker id, id taken, similarity, time). */
  takeReattachments(): ReidReattacher['recent'] {
    return this.reid ? this.reid.recent.splice(0) : [];
  }

  /** Configuration problems found so far (e.g. a degenerate calibration), as i18n codes + English. */
  get problems(): Array<{ code: string; message: string }> {
    return this.calibrationFailure
      ? [{ code: this.calibrationFailure.code, message: this.calibrationFailure.message }]
      : [];
  }

  /** Line counts so far: lineId → class → direction → count. */
  get counts(): RuleEngine['counts'] | undefined {
    return this.engine?.counts;
  }

  /**
   * Reads every `region` signal of the rule set from a decoded frame (any size: regions are
   * scaled from the rule set's image size). Pass the result as `FrameDetections.signals`.
   */
  readSignals(image: RgbImage): Record<string, SignalState> {
    const out: Record<string, SignalState> = {};
    const rs = this.cfg.rules;
    if (!rs) return out;
    const sx = image.width / rs.imageSize.width;
    const sy = image.height / rs.imageSize.height;
    for (const sig of rs.signals) {
      if (sig.source !== 'region' || !sig.region) continue;
      const r = sig.region;
      out[sig.id] = classifySignal(
        image,
        { x: r.x * sx, y: r.y * sy, width: r.width * sx, height: r.height * sy },
        sig.layout,
      ).state;
    }
    return out;
  }

  /** For an external signal feed (controller); frame-read states arrive with `FrameDetections.signals`. */
  setSignalState(signalId: string, state: SignalState, tsMs: number): void {
    const cur = this.signalStates.get(signalId);
    if (!cur || cur.state !== state) this.signalStates.set(signalId, { state, sinceMs: tsMs });
  }

  /**
   * An external signal's phase exactly as its controller feed reports it for the next frame
   * (state and since when), replacing what was known: the feed's timeline decides, including a
   * red that started earlier than first heard.
   */
  setSignalPhase(signalId: string, state: SignalState, sinceMs: number): void {
    this.signalStates.set(signalId, { state, sinceMs });
  }

  track(trackId: number): TrackSnapshot | undefined {
    const own = this.reid?.trackIdOf(trackId) ?? trackId;
    const t = this.tracker.all.find((x) => x.id === own);
    if (!t) return undefined;
    return {
      trackId,
      label: t.label,
      ground: this.ground.get(own) ?? [],
      speed: this.speeds.get(own) ?? null,
    };
  }

  update(frame: FrameDetections): SceneOutput {
    const startedAt = performance.now();
    this.configureFor(frame);
    if (frame.signals)
      for (const [id, s] of Object.entries(frame.signals)) this.setSignalState(id, s, frame.ts);

    // Malformed boxes (NaN, inverted) are passed through untouched but never tracked.
    const valid: number[] = [];
    frame.detections.forEach((d, i) => {
      if ([d.x1, d.y1, d.x2, d.y2, d.score].every(Number.isFinite) && d.x2 > d.x1 && d.y2 > d.y1)
        valid.push(i);
    });
    const tracks = this.tracker.update(
      valid.map((i) => frame.detections[i]),
      frame.ts,
    );
    const detections = frame.detections.map((d) => ({ ...d }));
    // The ids reported: the tracker's, or a lost track's given back by re-identification. A new
    // track that may still be a lost one is reported without an id until that is decided, so rules
    // and history never see a short-lived id that then changes.
    const reid = this.reid;
    const ids = reid
      ? reid.update(
          tracks.map((t) => ({
            trackId: t.id,
            label: t.label,
            box: frame.detections[valid[t.detectionIndex]],
          })),
          frame.ts,
          (id) => this.cfg.reid!.embeddingOf(reid.outIdOf(id) ?? id),
        )
      : tracks.map((t) => t.id);
    const undecided: Detection[] = [];
    // The tracked detections in the tracker's order, and their unrounded speed estimates.
    const tracked: Detection[] = [];
    const speeds = new Map<number, SpeedEstimate>();
    const maxTraj = this.cfg.maxTrajectory ?? 250;
    for (const [n, t] of tracks.entries()) {
      const index = valid[t.detectionIndex];
      const det = frame.detections[index];
      let speed: SpeedEstimate | null = null;
      // A box cut by the bottom of the frame does not show where the object touches the ground.
      if (this.homography && det.y2 < frame.height - 1) {
        const [x, y] = applyHomography(this.homography, bottomCenter(det));
        let g = this.ground.get(t.id);
        if (!g) this.ground.set(t.id, (g = []));
        g.push({ tsMs: frame.ts, x, y });
        if (g.length > maxTraj) g.splice(0, g.length - maxTraj);
        speed = estimateSpeed(g, this.cfg.speed);
        this.speeds.set(t.id, speed);
      } else if (this.homography) {
        speed = this.speeds.get(t.id) ?? null;
      }
      const out = detections[index];
      if (reid?.isPending(t.id)) {
        undecided.push({ ...out, trackId: t.id });
        continue;
      }
      out.trackId = ids[n];
      if (speed) {
        out.speedKmh = Math.round(speed.speedKmh * 10) / 10;
        speeds.set(ids[n], speed);
      }
      tracked.push(out);
    }
    this.forgetDeadTracks();
    const trackedAt = performance.now();
    let rulesMs: number | undefined;

    const events: SceneEvent[] = [];
    let zones: ZoneCountEvent[] | undefined;
    if (this.engine) {
      const r = this.engine.evaluate({
        frameId: frame.frameId,
        ts: frame.ts,
        tracks: tracked,
        detections: frame.detections,
        speeds,
        signals: this.signalStates,
      });
      for (const inf of r.infractions) events.push({ kind: 'infraction', infraction: inf });
      for (const c of r.counts) events.push({ kind: 'count', ...c });
      if (r.zones.length > 0) zones = r.zones;
      rulesMs = performance.now() - trackedAt;
    }
    return {
      detections,
      events,
      ...(zones ? { zones } : {}),
      ...(undecided.length ? { undecided } : {}),
      timings: {
        trackMs: trackedAt - startedAt,
        ...(rulesMs !== undefined ? { rulesMs } : {}),
      },
    };
  }

  private configureFor(frame: FrameDetections): void {
    const size = this.frameSize;
    if (size && size.width === frame.width && size.height === frame.height) return;
    this.frameSize = { width: frame.width, height: frame.height };
    this.homography = null;
    this.calibrationFailure = null;
    if (this.cfg.calibration) {
      const r = solveCalibration(this.cfg.calibration, this.frameSize);
      if (r.ok) this.homography = r.imageToWorld;
      else this.calibrationFailure = r;
    }
    // A new frame size restarts the rule state: positions from the old geometry mean nothing now.
    this.engine = this.cfg.rules
      ? new RuleEngine(scaleRuleSet(this.cfg.rules, this.frameSize), {
          cameraId: this.cfg.cameraId,
          ruleVersion: this.cfg.rules.version,
          calibrationVersion: this.cfg.calibration?.version,
          timeOriginMs: this.cfg.timeOriginMs ?? 0,
        })
      : null;
  }

  private forgetDeadTracks(): void {
    if (this.ground.size === 0 && this.speeds.size === 0) return;
    const live = new Set(this.tracker.all.map((t) => t.id));
    for (const id of this.ground.keys()) if (!live.has(id)) this.ground.delete(id);
    for (const id of this.speeds.keys()) if (!live.has(id)) this.speeds.delete(id);
  }
}
