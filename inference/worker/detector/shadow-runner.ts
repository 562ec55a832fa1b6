import type { Detection } from '../../../electron/shared/domain/detection';
import { matchBoxes, ShadowSampler } from '../../../electron/shared/domain/model-registry';
import type { ShadowSpec } from '../../../electron/shared/protocol/worker-protocol';
import { defaultNormalisation } from '../../vision/detect/layout';
import type { Letterbox } from '../../vision/detect/letterbox';
import { Postprocessor, type PostprocessOptions } from '../../vision/detect/postprocess';
import { refitLetterboxed } from '../../vision/detect/refit';
import type { EngineCache } from './model-resolver';
import type { ModelEngine } from './model-engine';

/** One shadow run as the worker reports it (see `shadow-sample` in the worker protocol). */
export interface ShadowSampleEvent {
  cameraId: string;
  sha256: string;
  championSha256: string;
  at: number;
  tp: number;
  fp: number;
  fn: number;
  latencyMs: number;
  championLatencyMs: number;
  boxes: Array<{ x1: number; y1: number; x2: number; y2: number; label: string }>;
}

/**
 * The challenger of one camera in shadow mode: it sees a sampled frame only when the sampler
 * allows (at most one per `minIntervalMs`, and never while its previous run is still going), gets
 * the champion's frame re-fitted to its own input (no second decode), and its boxes are only
 * compared with the champion's (F1 at IoU 0.5 per class) and reported: it raises no events.
 */
export class ShadowRunner {
  private engine?: ModelEngine;
  private post?: Postprocessor;
  private readonly sampler: ShadowSampler;
  private stopped = false;

  constructor(
    private readonly spec: ShadowSpec,
    private readonly cameraId: string,
    private readonly opts: PostprocessOptions,
    private readonly engines: EngineCache,
    private readonly emit: (s: ShadowSampleEvent) => void,
    private readonly log: (msg: string, fields: Record<string, unknown>) => void,
  ) {
    this.sampler = new ShadowSampler(spec.minIntervalMs);
  }

  async start(): Promise<void> {
    try {
      const engine = await this.engines.acquire(this.spec.modelId);
      if (this.stopped) {
        this.engines.release(engine);
        return;
      }
      this.engine = engine;
      this.post = new Postprocessor(engine.spec, this.opts);
    } catch (err) {
      this.log('shadow model failed to load', {
        cameraId: this.cameraId,
        error: (err as Error).message,
      });
    }
  }

  /** A champion result: maybe run the challenger on the same frame. */
  offer(
    frame: { data: Uint8Array; letterbox: Letterbox; ts: number },
    champion: readonly Detection[],
    championInferMs: number,
  ): void {
    const engine = this.engine;
    const post = this.post;
    if (!engine || !post || this.stopped || !this.sampler.take(performance.now())) return;
    const s = engine.spec;
    const norm = s.normalisation ?? defaultNormalisation(s.layout);
    const fit = refitLetterboxed(
      frame.data,
      frame.letterbox,
      s.inputWidth,
      s.inputHeight,
      norm.letterbox,
      norm.padValue,
    );
    const ref = champion.map((d) => ({ ...d }));
    engine.submit({
      key: `${this.cameraId}\u0000shadow`,
      rgb: fit.rgb,
      arrivedAt: performance.now(),
      done: (outputs, b, timings) => {
        this.sampler.done();
        if (this.stopped) return;
        const dets = post.run(outputs, b, fit.letterbox);
        const m = matchBoxes(ref, dets, 0.5);
        this.emit({
          cameraId: this.cameraId,
          sha256: this.spec.sha256,
          championSha256: this.spec.championSha256,
          at: frame.ts,
          ...m,
          latencyMs: timings.inferMs,
          championLatencyMs: championInferMs,
          boxes: dets.slice(0, 300).map((d) => ({
            x1: d.x1,
            y1: d.y1,
            x2: d.x2,
            y2: d.y2,
            label: d.label,
          })),
        });
      },
      dropped: () => this.sampler.done(),
      failed: (err) => {
        this.sampler.done();
        this.log('shadow inference failed', { cameraId: this.cameraId, error: err.message });
      },
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.engine) {
      this.engine.cancel(`${this.cameraId}\u0000shadow`);
      this.engines.release(this.engine);
      this.engine = undefined;
    }
  }
}
