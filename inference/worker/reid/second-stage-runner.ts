import sharp from 'sharp';
import type { SecondStageConfig } from '../../../electron/shared/config/second-stage';
import type { Detection } from '../../../electron/shared/domain/detection';
import type { FinishedTrack } from '../../../electron/shared/domain/track-history';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import {
  RateLimiter,
  SecondStageScheduler,
  type SecondStageCandidate,
} from '../../vision/reid/second-stage-scheduler';
import type { RgbImage } from '../../vision/plates/image';
import { ImageClassifier } from '../classifier/image-classifier';
import { AppearanceEmbedder } from './appearance-embedder';

/** Runs per second of every camera of a worker together, whatever the cameras ask. */
export const WORKER_SECOND_STAGE_MAX_RUNS_PER_S = 20;
const workerLimiter = new RateLimiter(WORKER_SECOND_STAGE_MAX_RUNS_PER_S);

/** The picture a frame's boxes were found on (a preview or still JPEG) and the boxes' space. */
export interface FramePicture {
  frameId: number;
  jpeg: Uint8Array;
}

interface Job {
  model: number;
  ts: number;
  candidate: SecondStageCandidate;
  space: { width: number; height: number };
}

interface TrackResult {
  /** Per classifier (by its index), the labels of its latest (best) view. */
  labels?: Map<number, string[]>;
  appearance?: NonNullable<FinishedTrack['appearance']>;
  /** Quality of the view `appearance` is of. */
  appearanceQuality?: number;
  /** The latest embedding, of whatever view (what re-identification compares). */
  latestVector?: number[];
  /** The model `latestVector` comes from. */
  latestModel?: string;
}

/** How often a new track waiting for re-identification is embedded again (its latest view). */
const URGENT_INTERVAL_MS = 250;

type Opened =
  { task: 'embed'; model: AppearanceEmbedder } | { task: 'classify'; model: ImageClassifier };

export interface SecondStageRunnerOptions {
  cameraId: string;
  config: SecondStageConfig;
  modelsDir: string;
  inference: InferenceSettings;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
  /** Tests: a limiter of their own instead of the worker-wide one. */
  workerLimiter?: RateLimiter;
}

/** Frames a job waits for its picture before it is dropped. */
const MAX_WAIT_FRAMES = 30;

/**
 * A camera's second stage in the worker: each tracked box is offered to each model's scheduler;
 * the runs due (a track's best view so far, at most once per track per interval, rate-limited per
 * camera and per worker) are done on the crop of that frame's picture, one at a time so the second
 * stage never takes more than one inference slot; results are kept per track and attached to the
 * finished track (labels, appearance embedding with its crop).
 */
export class SecondStageRunner {
  private readonly schedulers: SecondStageScheduler[];
  private readonly cameraLimiter: RateLimiter;
  private readonly opened: Array<Promise<Opened | undefined>>;
  private readonly jobs: Job[] = [];
  private readonly results = new Map<number, TrackResult>();
  private busy: Promise<void> | undefined;
  private readonly pictures = new Map<number, FramePicture>();
  private closed = false;
  runs = 0;

  constructor(private readonly o: SecondStageRunnerOptions) {
    this.cameraLimiter = new RateLimiter(o.config.maxRunsPerSec);
    const shared = o.workerLimiter ?? workerLimiter;
    // Both budgets must allow a run: the camera's own and the worker's.
    const both = {
      tryTake: (now: number) => this.cameraLimiter.tryTake(now) && shared.tryTake(now),
    } as RateLimiter;
    this.schedulers = o.config.models.map(
      (m) => new SecondStageScheduler({ minIntervalMs: m.minIntervalSec * 1000 }, both),
    );
    this.opened = o.config.models.map(async (m) => {
      try {
        return m.task === 'embed'
          ? {
              task: 'embed' as const,
              model: await AppearanceEmbedder.open(m.model, {
                modelsDir: o.modelsDir,
                inference: o.inference,
              }),
            }
          : {
              task: 'classify' as const,
              model: await ImageClassifier.open(m.model, {
                modelsDir: o.modelsDir,
                inference: o.inference,
              }),
            };
      } catch (e) {
        o.log('error', 'second-stage model could not be opened', {
          cameraId: o.cameraId,
          model: m.model,
          reason: (e as Error).message,
        });
        return undefined;
      }
    });
  }

  get enabled(): boolean {
    return this.schedulers.length > 0;
  }

  /**
   * A frame's tracked boxes (frame pixel space). `urgent`: tracks waiting to be re-identified, whose
   * embedding is wanted now and again on each new look (not only on a better view).
   */
  observe(
    frame: {
      frameId: number;
      ts: number;
      width: number;
      height: number;
      detections: readonly Detection[];
    },
    urgent?: ReadonlySet<number>,
  ): void {
    if (!this.enabled || this.closed) return;
    this.o.config.models.forEach((m, i) => {
      const s = this.schedulers[i];
      for (const d of frame.detections)
        if (d.trackId !== undefined && (!m.classes.length || m.classes.includes(d.label)))
          s.offer(d.trackId, frame.frameId, d, frame.ts);
      const hurry =
        urgent?.size && m.task === 'embed'
          ? { ids: urgent, intervalMs: URGENT_INTERVAL_MS }
          : undefined;
      for (const candidate of s.due(frame.frameId, frame.ts, hurry))
        this.jobs.push({
          model: i,
          ts: frame.ts,
          candidate,
          space: { width: frame.width, height: frame.height },
        });
    });
    // Jobs whose picture never came are dropped.
    while (this.jobs.length && this.jobs[0].candidate.frameId < frame.frameId - MAX_WAIT_FRAMES)
      this.jobs.shift();
    for (const id of this.pictures.keys())
      if (id < frame.frameId - MAX_WAIT_FRAMES) this.pictures.delete(id);
    this.pump();
  }

  /** A picture of a frame (preview or still), when the pipeline makes one. */
  picture(p: FramePicture): void {
    if (!this.enabled || this.closed) return;
    this.pictures.set(p.frameId, p);
    this.pump();
  }

  /** The latest appearance embedding of a track, once the embedding model has run on it. */
  embeddingOf(trackId: number): ArrayLike<number> | undefined {
    return this.results.get(trackId)?.latestVector;
  }

  /**
   * What the search by appearance compares a track still in view with: its latest embedding and
   * the model's name, from the runs already done (none is started for the asking).
   */
  latestEmbedding(trackId: number): { model: string; vector: number[] } | undefined {
    const r = this.results.get(trackId);
    return r?.latestVector && r.latestModel
      ? { model: r.latestModel, vector: r.latestVector }
      : undefined;
  }

  /** The finished track with what the second stage found (labels merged, appearance attached). */
  decorate(track: FinishedTrack): FinishedTrack {
    const r = this.results.get(track.trackId);
    if (!r) return track;
    this.results.delete(track.trackId);
    const own = [...(r.labels?.values() ?? [])].flat();
    const labels = [...new Set([...(track.labels ?? []), ...own])].slice(0, 50);
    return {
      ...track,
      ...(labels.length ? { labels } : {}),
      ...(r.appearance ? { appearance: r.appearance } : {}),
    };
  }

  /** Resolves when the runs started so far are done. */
  async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  /** Idempotent: the camera's stage closes it when it stops. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.idle();
    for (const p of this.opened) {
      const m = await p;
      await m?.model.close();
    }
  }

  private pump(): void {
    if (this.busy) return;
    const i = this.jobs.findIndex((j) => this.pictures.has(j.candidate.frameId));
    if (i < 0) return;
    const [job] = this.jobs.splice(i, 1);
    const pic = this.pictures.get(job.candidate.frameId)!;
    this.busy = this.run(job, pic)
      .catch((e: unknown) =>
        this.o.log('warn', 'second-stage run failed', {
          cameraId: this.o.cameraId,
          reason: (e as Error).message,
        }),
      )
      .finally(() => {
        this.busy = undefined;
        if (!this.closed) this.pump();
      });
  }

  private async run(job: Job, pic: FramePicture): Promise<void> {
    const opened = await this.opened[job.model];
    if (!opened) return;
    const { data, info } = await sharp(pic.jpeg)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const img: RgbImage = {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
    // Boxes are in the frame's space; the picture may be smaller (a preview).
    const sx = img.width / job.space.width;
    const sy = img.height / job.space.height;
    const b = job.candidate.box;
    const box = { x1: b.x1 * sx, y1: b.y1 * sy, x2: b.x2 * sx, y2: b.y2 * sy };
    const x1 = Math.max(0, Math.floor(box.x1));
    const y1 = Math.max(0, Math.floor(box.y1));
    const w = Math.min(img.width, Math.ceil(box.x2)) - x1;
    const h = Math.min(img.height, Math.ceil(box.y2)) - y1;
    if (w < 2 || h < 2) return;
    const m = this.o.config.models[job.model];
    const trackId = job.candidate.trackId;
    const r = this.results.get(trackId) ?? {};
    this.runs++;
    if (opened.task === 'embed') {
      const vector = await opened.model.embed(img, box);
      if (!vector) return;
      const rounded = Array.from(vector, (v) => Math.round(v * 1e6) / 1e6);
      r.latestVector = rounded;
      r.latestModel = m.model;
      this.results.set(trackId, r);
      // The stored appearance (and its crop) stays that of the best view embedded so far.
      if (r.appearance && (r.appearanceQuality ?? 0) > job.candidate.quality) return;
      r.appearanceQuality = job.candidate.quality;
      const crop = await sharp(img.data, {
        raw: { width: img.width, height: img.height, channels: 3 },
      })
        .extract({ left: x1, top: y1, width: w, height: h })
        .jpeg({ quality: 80 })
        .toBuffer();
      r.appearance = {
        model: m.model,
        vector: rounded,
        ts: job.ts,
        cropJpeg: crop.toString('base64'),
      };
    } else {
      const crop = await sharp(img.data, {
        raw: { width: img.width, height: img.height, channels: 3 },
      })
        .extract({ left: x1, top: y1, width: w, height: h })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const c = await opened.model.classify(
        {
          width: crop.info.width,
          height: crop.info.height,
          data: new Uint8Array(crop.data.buffer, crop.data.byteOffset, crop.data.length),
        },
        m.topK,
      );
      // The latest (best) view's labels replace the earlier ones of this model.
      (r.labels ??= new Map()).set(
        job.model,
        c.top.filter((t) => t.score >= m.minScore).map((t) => t.label.slice(0, 100)),
      );
    }
    this.results.set(trackId, r);
    // A run that finished after its track ended leaves a result nobody asks for: keep it bounded.
    if (this.results.size > 2000) this.results.delete(this.results.keys().next().value!);
  }
}
