import { iou, parseModelRef } from '../../shared/domain/model-registry';
import type { ShadowSpec } from '../../shared/protocol/worker-protocol';
import type { ModelRegistryRepo } from '../store/model-registry';

/** How often a challenger may see a frame in shadow mode (it never runs while busy either). */
export const SHADOW_MIN_INTERVAL_MS = 1000;
/** A champion event is matched with the challenger's latest shadow run at most this far apart. */
export const SHADOW_EVENT_WINDOW_MS = 2000;

interface LastRun {
  at: number;
  sha256: string;
  championSha256: string;
  boxes: Array<{ x1: number; y1: number; x2: number; y2: number; label: string }>;
}

/**
 * The host's side of shadow mode: which cameras run a challenger (those naming their group's
 * champion by alias, when the group has a different challenger whose file is here), storing each
 * shadow run's figures, and crediting the challenger on the champion's events: an event counts as
 * found by the challenger when its latest shadow run (within SHADOW_EVENT_WINDOW_MS) has a box of
 * the same class at IoU ≥ 0.5. Operators' later decisions on those events give each model's F1.
 */
export class ShadowTracker {
  private readonly last = new Map<string, LastRun>();

  constructor(private readonly registry: ModelRegistryRepo) {}

  /** The shadow spec for a camera whose detector names `modelId`, if its group has a challenger. */
  specFor(modelId: string): ShadowSpec | undefined {
    const ref = parseModelRef(modelId);
    if (ref.kind !== 'alias' || ref.alias !== 'champion' || !this.registry.filesDir)
      return undefined;
    const champion = this.registry.alias(ref.group, 'champion');
    const challenger = this.registry.alias(ref.group, 'challenger');
    if (!champion || !challenger || champion === challenger) return undefined;
    const v = this.registry.get(challenger);
    if (!v?.present || v.task !== 'detect') return undefined;
    return {
      modelId: this.registry.fileFor(challenger),
      sha256: challenger,
      championSha256: champion,
      minIntervalMs: SHADOW_MIN_INTERVAL_MS,
    };
  }

  onSample(
    s: LastRun & {
      cameraId: string;
      tp: number;
      fp: number;
      fn: number;
      latencyMs: number;
      championLatencyMs: number;
    },
  ): void {
    this.last.set(s.cameraId, {
      at: s.at,
      sha256: s.sha256,
      championSha256: s.championSha256,
      boxes: s.boxes,
    });
    this.registry.recordShadow({
      sha256: s.sha256,
      championSha256: s.championSha256,
      cameraId: s.cameraId,
      at: s.at,
      tp: s.tp,
      fp: s.fp,
      fn: s.fn,
      latencyMs: s.latencyMs,
      championLatencyMs: s.championLatencyMs,
    });
  }

  /** A champion infraction: record whether the challenger's latest shadow run found its object. */
  onInfraction(
    cameraId: string,
    inf: {
      id: string;
      occurredAt: number;
      classLabel: string;
      box: { x1: number; y1: number; x2: number; y2: number };
    },
  ): void {
    const run = this.last.get(cameraId);
    if (!run || Math.abs(run.at - inf.occurredAt) > SHADOW_EVENT_WINDOW_MS) return;
    const found = run.boxes.some((b) => b.label === inf.classLabel && iou(b, inf.box) >= 0.5);
    this.registry.recordShadowDecision(inf.id, run.sha256, run.championSha256, found);
  }
}
