import type {
  CameraScene,
  SceneTestCount,
  SceneTestEvent,
  SceneTestOutcome,
} from '../../../electron/shared/protocol/worker-protocol';
import type { RuleConfig } from '../../../electron/shared/config/rules';
import type { FrameDetections } from '../../../electron/shared/domain/detection';
import { SceneAnalyzer, type SceneReidConfig } from './scene-analyzer';

/**
 * The scene analyzer of a live camera for its calibration and rule set: the one builder both the
 * worker's live stage and the calibration tool's test mode use, so a replay behaves exactly as
 * the live camera would with the same settings.
 */
export function createSceneAnalyzer(
  cameraId: string,
  scene: CameraScene | undefined,
  reid?: SceneReidConfig,
): SceneAnalyzer {
  return new SceneAnalyzer({
    cameraId,
    calibration: scene?.calibration,
    rules: scene?.rules,
    // Live frames carry epoch-ms timestamps already, so occurredAt needs no offset.
    timeOriginMs: 0,
    ...(reid ? { reid } : {}),
  });
}

export interface ReplayOptions {
  cameraId: string;
  scene: CameraScene;
  /** Most events listed (counts are still totalled past it). Default 500. */
  maxEvents?: number;
}

/**
 * Recorded scene frames (oldest first) run through a fresh analyzer built from `scene`, one
 * `update` at a time (so a caller can spread a long replay over several turns of its event loop),
 * then `result()`: what would have fired (infractions and alerts, line counts) and any
 * configuration problem. Pure: no evidence, no store, no clock.
 */
export class SceneReplay {
  private readonly analyzer: SceneAnalyzer;
  private readonly maxEvents: number;
  private readonly rules: Map<string, RuleConfig>;
  private readonly events: SceneTestEvent[] = [];
  private truncated = false;
  private readonly counts = new Map<string, SceneTestCount>();
  /** Two crossing rules on one line (count + wrong-way from another tool) count a crossing once. */
  private readonly counted = new Set<string>();
  private readonly problems = new Map<string, { code: string; message: string }>();
  private frames = 0;
  private fromMs = 0;
  private toMs = 0;

  constructor(o: ReplayOptions) {
    this.analyzer = createSceneAnalyzer(o.cameraId, o.scene);
    this.maxEvents = o.maxEvents ?? 500;
    this.rules = new Map((o.scene.rules?.rules ?? []).map((r) => [r.id, r]));
    // Every counting line shows up, even with no crossing: "0 this way" is an answer too.
    for (const r of this.rules.values())
      if (r.type === 'line-crossing' && r.enabled)
        for (const direction of ['left-to-right', 'right-to-left'] as const)
          if (!this.counts.has(countKey(r.lineId, direction)))
            this.counts.set(countKey(r.lineId, direction), {
              lineId: r.lineId,
              direction,
              count: 0,
            });
  }

  update(frame: FrameDetections): void {
    if (this.frames++ === 0) this.fromMs = frame.ts;
    this.toMs = frame.ts;
    const out = this.analyzer.update(frame);
    for (const p of this.analyzer.problems) this.problems.set(p.code, p);
    const size = { frameWidth: frame.width, frameHeight: frame.height };
    for (const e of out.events) {
      if (e.kind === 'count') {
        const key = `${e.lineId}:${e.trackId}:${frame.frameId}`;
        if (this.counted.has(key)) continue;
        this.counted.add(key);
        const c = this.counts.get(countKey(e.lineId, e.direction));
        if (c) c.count++;
        const det = out.detections.find((d) => d.trackId === e.trackId);
        this.add({
          type: 'count',
          ruleId: e.ruleId,
          tsMs: e.tsMs,
          frameId: frame.frameId,
          trackId: e.trackId,
          classLabel: e.classLabel,
          ...(det?.speedKmh !== undefined ? { speedKmh: det.speedKmh } : {}),
          measured: {},
          lineId: e.lineId,
          direction: e.direction,
          ...(det ? { box: { x1: det.x1, y1: det.y1, x2: det.x2, y2: det.y2 } } : {}),
          ...size,
        });
        continue;
      }
      const inf = e.infraction;
      const rule = this.rules.get(inf.ruleId);
      const lineId =
        rule?.type === 'line-crossing' || rule?.type === 'lane-invasion'
          ? rule.lineId
          : rule?.type === 'red-light'
            ? rule.stopLineId
            : undefined;
      this.add({
        type: inf.type,
        ruleId: inf.ruleId,
        tsMs: inf.tsMs,
        frameId: inf.frameId,
        trackId: inf.trackId,
        classLabel: inf.classLabel,
        ...(inf.measured.speedKmh !== undefined ? { speedKmh: inf.measured.speedKmh } : {}),
        ...(inf.measured.limitKmh !== undefined ? { limitKmh: inf.measured.limitKmh } : {}),
        measured: inf.measured,
        ...(inf.zoneId ? { zoneId: inf.zoneId } : {}),
        ...(lineId ? { lineId } : {}),
        ...(inf.direction ? { direction: inf.direction } : {}),
        box: inf.box,
        ...size,
      });
    }
  }

  result(): SceneTestOutcome {
    return {
      framesReplayed: this.frames,
      fromMs: this.fromMs,
      toMs: this.toMs,
      events: [...this.events],
      truncated: this.truncated,
      counts: [...this.counts.values()].map((c) => ({ ...c })),
      problems: [...this.problems.values()],
    };
  }

  private add(e: SceneTestEvent): void {
    if (this.events.length < this.maxEvents) this.events.push(e);
    else this.truncated = true;
  }
}

const countKey = (lineId: string, direction: string) => `${lineId}\u0000${direction}`;

/** The whole replay at once (see SceneReplay). */
export function replayScene(
  frames: readonly FrameDetections[],
  o: ReplayOptions,
): SceneTestOutcome {
  const replay = new SceneReplay(o);
  for (const frame of frames) replay.update(frame);
  return replay.result();
}
