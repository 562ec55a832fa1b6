import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/coded-error';
import { MODEL_COMPARE_MAX_MODELS } from '../../shared/api/methods/model-compare';
import type { CatalogModel } from '../../shared/api/methods/model-lab';
import type { EventEnvelope } from '../../shared/api/envelope';
import type { CameraConfig } from '../../shared/config/camera';
import {
  inferenceSettingsSchema,
  type InferenceSettings,
} from '../../shared/protocol/worker-protocol';
import { defaultCatalogPath, findEntry, loadCatalog } from '../models/catalog';
import {
  compareVideoDirs,
  listCompareVideos,
  sampleCameraStills,
  sampleVideoFrames,
} from '../models/compare-sources';
import { fetchModel } from '../models/install';
import { resolveProbeEntry, runProbe } from '../models/probe';
import { compareResultFromReport } from './model-compare-handlers';
import type { Logger } from '../logging/logger';
import type { WorkerForker } from '../workers/worker-process';
import type { ConnectionContext, Handler } from '../api-types';
import { callerName } from '../api-types';

const COMPARE_TIMEOUT_MS = 180_000;

export interface ModelLabContext {
  dataDir: string;
  modelsDir: string;
  forker: WorkerForker;
  workerEntry: string;
  inference?: Partial<InferenceSettings>;
  logger: Logger;
  ffmpegPath: string;
  cameras: { list(): CameraConfig[]; get(id: string): CameraConfig | undefined };
  latestPreview(cameraId: string): Uint8Array | undefined;
  /** Sends one event to one connection only (still subject to the topic's permission). */
  pushTo(connectionId: string, event: EventEnvelope): void;
  /** The catalog file; default the shipped one (WATCHER_MODELS_CATALOG overrides). */
  catalogPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Where an installed download is recorded (absent on a host without a store). */
  audit?: {
    append(
      actor: string,
      action: string,
      target?: string,
      details?: Record<string, unknown>,
    ): unknown;
  };
}

type LabHandlers = {
  'modelCompare.sources': Handler<'modelCompare.sources'>;
  'modelCompare.run': Handler<'modelCompare.run'>;
  'modelCatalog.list': Handler<'modelCatalog.list'>;
  'modelCatalog.download': Handler<'modelCatalog.download'>;
};

/**
 * Models → Compare on a camera or a video file, and catalog downloads from the UI. Frames are
 * sampled on the host (ffmpeg on a whitelisted file, or a camera's preview stills), then the
 * comparison runs in a model probe process like `models.compare`.
 */
export function createModelLabHandlers(c: ModelLabContext): LabHandlers {
  const settings = inferenceSettingsSchema.parse(c.inference ?? {});
  const env = c.env ?? process.env;
  let comparing = 0;
  const downloading = new Set<string>();
  const push = (ctx: ConnectionContext, topic: string, payload: unknown) =>
    c.pushTo(ctx.connectionId, { kind: 'event', topic, payload });
  const videos = () => listCompareVideos(compareVideoDirs(c.dataDir, env), c.cameras.list());
  const catalog = () => loadCatalog(c.catalogPath ?? defaultCatalogPath());

  return {
    'modelCompare.sources': () => ({ videos: videos() }),

    'modelCompare.run': async (p, ctx) => {
      const started = performance.now();
      if (p.models.length < 2 || p.models.length > MODEL_COMPARE_MAX_MODELS)
        throw new CodedError(
          'models.compare.model_count',
          `compare 2 to ${MODEL_COMPARE_MAX_MODELS} models, got ${p.models.length}`,
          { max: MODEL_COMPARE_MAX_MODELS, count: p.models.length },
        );
      if (new Set(p.models).size !== p.models.length)
        throw new CodedError('models.compare.duplicate_model', 'each model may be chosen once');
      for (const id of p.models)
        if (!existsSync(path.join(c.modelsDir, `${id}.onnx`)))
          throw new CodedError('models.not_installed', `no installed model "${id}"`, { id });
      const source = p.source;
      if (source.kind === 'video' && !videos().some((v) => v.path === source.path))
        throw new CodedError(
          'modelCompare.video_not_allowed',
          'that file is not one of the videos offered for comparison',
        );
      if (source.kind === 'camera' && !c.cameras.get(source.cameraId))
        throw new CodedError('camera.not_found', `no camera "${source.cameraId}"`, {
          id: source.cameraId,
        });
      if (comparing >= 1)
        throw new CodedError('models.busy', 'another comparison is running; try again in a moment');
      comparing++;
      try {
        push(ctx, 'modelCompare.progress', {
          runId: p.runId,
          phase: 'sampling',
          done: 0,
          total: p.frames,
        });
        const frames =
          source.kind === 'video'
            ? await sampleVideoFrames(c.ffmpegPath, source.path, {
                frames: p.frames,
                everySeconds: source.everySeconds,
                startSeconds: source.startSeconds,
              })
            : await sampleCameraStills(() => c.latestPreview(source.cameraId), source.cameraId, {
                frames: p.frames,
                everyMs: source.everyMs,
              });
        const reply = await runProbe(
          {
            forker: c.forker,
            entry: resolveProbeEntry(c.workerEntry),
            timeoutMs: COMPARE_TIMEOUT_MS,
            onProgress: (pr) =>
              push(ctx, 'modelCompare.progress', { runId: p.runId, phase: 'running', ...pr }),
          },
          {
            type: 'compare',
            modelsDir: c.modelsDir,
            models: p.models,
            images: frames.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
            inference: settings,
            scoreThreshold: p.scoreThreshold,
          },
          'compared',
        );
        const result = compareResultFromReport(reply.report, p.scoreThreshold, started);
        push(ctx, 'modelCompare.progress', {
          runId: p.runId,
          phase: 'done',
          done: frames.length,
          total: frames.length,
        });
        c.logger.info('models compared on a source', {
          models: p.models,
          source: source.kind === 'video' ? path.basename(source.path) : source.cameraId,
          frames: frames.length,
          ms: result.totalMs,
        });
        return {
          ...result,
          frames: frames.map((f) => ({
            name: f.name,
            jpegBase64: Buffer.from(f.bytes).toString('base64'),
          })),
        };
      } finally {
        comparing--;
      }
    },

    'modelCatalog.list': () => ({
      models: catalog().models.map((m): CatalogModel => {
        const part = path.join(c.modelsDir, `${m.id}.onnx.download.part`);
        return {
          id: m.id,
          ...(m.name ? { name: m.name } : {}),
          url: m.url ?? null,
          ...(m.sizeBytes ? { sizeBytes: m.sizeBytes } : {}),
          sha256: m.sha256,
          ...(m.layout ? { layout: m.layout } : {}),
          licence: m.licence,
          source: m.source,
          installed: existsSync(path.join(c.modelsDir, `${m.id}.onnx`)),
          partialBytes: existsSync(part) ? statSync(part).size : 0,
        };
      }),
    }),

    'modelCatalog.download': async ({ id, runId }, ctx) => {
      const entry = findEntry(catalog(), id);
      if (existsSync(path.join(c.modelsDir, `${id}.onnx`)))
        throw new CodedError('modelCatalog.installed', `model "${id}" is already installed`, {
          id,
        });
      if (downloading.has(id))
        throw new CodedError('modelCatalog.busy', `model "${id}" is already being downloaded`, {
          id,
        });
      downloading.add(id);
      let resumedFrom = 0;
      try {
        const file = await fetchModel(entry, c.modelsDir, (pr) => {
          resumedFrom = pr.resumedFrom ?? resumedFrom;
          push(ctx, 'modelCatalog.progress', {
            runId,
            id,
            received: pr.received,
            ...(pr.total ? { total: pr.total } : {}),
            resumedFrom,
          });
        });
        const bytes = statSync(file).size;
        c.logger.info('catalog model downloaded', { id, bytes, resumedFrom, by: callerName(ctx) });
        c.audit?.append(callerName(ctx, 'local'), 'models.download', id, {
          sha256: entry.sha256,
          bytes,
          resumedFrom,
          url: entry.url,
        });
        return { id, bytes, resumedFrom };
      } catch (err) {
        c.logger.warn('catalog download failed', {
          id,
          code: (err as { code?: string }).code,
          error: (err as Error).message,
        });
        throw err;
      } finally {
        downloading.delete(id);
      }
    },
  };
}
