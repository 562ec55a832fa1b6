import { CodedError } from '../../shared/coded-error';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  MODEL_UPLOAD_CHUNK_BYTES,
  MODEL_UPLOAD_MAX_BYTES,
  MODEL_UPLOAD_MAX_CHUNK_BASE64,
  modelIdFromFileName,
  parseLabelsFile,
  uniqueModelId,
} from '../../shared/api/methods/models';
import { inferenceSettingsSchema } from '../../shared/protocol/worker-protocol';
import { providerChain } from '../../../inference/worker/onnx/provider-plan';
import { resolveModel } from '../../../inference/worker/detector/model-resolver';
import type { OnnxModelInfo } from '../../../inference/worker/onnx/onnx-model-info';
import { installModelFile } from '../models/install';
import { installNonDetectorFile, type DescribedModel } from '../models/install-other';
import { checkPlateOcrModel, installPlateOcrFile } from '../models/install-plate-ocr';
import type { Normalisation } from '../../shared/domain/model-registry';
import { demoFrameJpeg, listInstalledModels, removeInstalledModel } from '../models/inventory';
import { resolveProbeEntry, runProbe } from '../models/probe';
import { ModelUploads } from '../models/uploads';
import type { InferenceSettings } from '../../shared/protocol/worker-protocol';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { Logger } from '../logging/logger';
import type { WorkerForker } from '../workers/worker-process';
import type { ConnectionContext, DomainHandlers } from '../api-types';

/** Model probes (validation, try on a frame) running at once; each is a process with a session. */
const MAX_PROBES = 2;
const VALIDATE_TIMEOUT_MS = 90_000;
const TRY_TIMEOUT_MS = 25_000;

const ownerOf = (ctx: ConnectionContext): string =>
  ctx.session ? `user:${ctx.session.username}` : `connection:${ctx.connectionId}`;

/** What `models.*` needs: where models live, how to start a probe process, cameras and ffmpeg. */
export interface ModelContext {
  modelsDir: string;
  /** Where chunked uploads are kept until committed. */
  uploadsDir: string;
  forker: WorkerForker;
  /** The inference worker's entry; the probe's sits beside it. */
  workerEntry: string;
  inference?: Partial<InferenceSettings>;
  logger: Logger;
  cameras: Pick<CameraRegistry, 'list' | 'get'>;
  /** The camera's latest preview frame (JPEG), when one has arrived. */
  latestPreview(cameraId: string): Uint8Array | undefined;
  ffmpegPath: string;
}

/**
 * Settings → Models on the host: the installed models, chunked import with validation in a
 * separate process, removal, and one run of a model on a frame. Model files are only ever named
 * by the host (`<models dir>/<id>.onnx`, temp uploads by a random id); what the client sends as a
 * file name is a label.
 */
export function createModelHandlers(
  c: ModelContext,
): Omit<DomainHandlers<'models'>, 'models.compare'> {
  const modelsDir = c.modelsDir;
  const uploads = new ModelUploads(c.uploadsDir);
  setInterval(() => void uploads.sweep(), 60_000).unref();
  const settings = inferenceSettingsSchema.parse(c.inference ?? {});
  const providers = providerChain(settings.provider);
  const logger = c.logger;
  /** Ids being installed right now, so two commits at once never pick the same one. */
  const reserved = new Set<string>();
  let probes = 0;

  const probe = async <T extends 'validated' | 'tried' | 'described'>(
    job: Parameters<typeof runProbe>[1],
    expect: T,
    timeoutMs: number,
  ) => {
    if (probes >= MAX_PROBES)
      throw new CodedError('models.busy', 'another model is being checked; try again in a moment');
    probes++;
    try {
      return await runProbe(
        { forker: c.forker, entry: resolveProbeEntry(c.workerEntry), timeoutMs },
        job,
        expect,
      );
    } finally {
      probes--;
    }
  };

  const installedIds = (): Set<string> => {
    const ids = new Set(reserved);
    if (existsSync(modelsDir))
      for (const f of readdirSync(modelsDir)) if (f.endsWith('.onnx')) ids.add(f.slice(0, -5));
    return ids;
  };

  const cameras = () => c.cameras.list();

  return {
    'models.list': () => ({
      models: listInstalledModels(modelsDir, cameras()),
      providers: [...providers],
      limits: {
        maxBytes: MODEL_UPLOAD_MAX_BYTES,
        chunkBytes: MODEL_UPLOAD_CHUNK_BYTES,
        maxChunkBase64: MODEL_UPLOAD_MAX_CHUNK_BASE64,
      },
    }),

    'models.import.begin': (params, ctx) =>
      uploads.begin(ownerOf(ctx), {
        fileName: params.fileName,
        size: params.size,
        sha256: params.sha256,
      }),

    'models.import.chunk': (params, ctx) => uploads.chunk(ownerOf(ctx), params),

    'models.import.abort': async ({ uploadId }, ctx) => ({
      aborted: await uploads.abort(ownerOf(ctx), uploadId),
    }),

    'models.import.commit': async (
      { uploadId, labels: labelsText, id: wanted, task: wantedTask, normalisation, plateOcrConfig },
      ctx,
    ) => {
      let labels: string[] | undefined;
      if (labelsText !== undefined) {
        const parsed = parseLabelsFile(labelsText);
        // The upload stays open: the user can pick another labels file and commit again.
        if (!parsed.ok)
          throw new CodedError('models.labels.invalid', `labels file: ${parsed.message}`, {
            reason: parsed.message,
          });
        labels = parsed.labels;
      }
      const done = await uploads.finish(ownerOf(ctx), uploadId);
      const id = uniqueModelId(wanted ?? modelIdFromFileName(done.fileName), installedIds());
      reserved.add(id);
      try {
        if (wantedTask === 'plate-ocr') {
          // Checked here, not in the probe: the config is needed to know what the output must be.
          const checked = await checkPlateOcrModel(done.file, done.fileName, plateOcrConfig);
          await installPlateOcrFile(
            done.file,
            modelsDir,
            id,
            checked,
            {
              fileName: done.fileName,
              source: `imported from the UI (${done.fileName})`,
              importedBy: ctx.session?.username,
            },
            { move: true, sha256: done.sha256 },
          );
          logger.info('model imported', {
            id,
            fileName: done.fileName,
            task: 'plate-ocr',
            by: ctx.session?.username ?? 'local',
          });
          const model = listInstalledModels(modelsDir, cameras()).find((m) => m.id === id);
          if (!model)
            throw new CodedError('models.install_failed', `model "${id}" was not installed`);
          return {
            model,
            task: 'plate-ocr' as const,
            numClasses: [...checked.config.alphabet].length,
            dynamicBatch: false,
          };
        }
        if (wantedTask !== 'detect') {
          // Classifier or embedding (chosen, or what the shapes say when `auto`).
          const described = await probe(
            { type: 'describe', file: done.file, displayName: done.fileName, labels },
            'described',
            VALIDATE_TIMEOUT_MS,
          );
          const task = wantedTask === 'auto' ? described.task : wantedTask;
          if (task !== 'detect') {
            if (described.task === 'detect')
              throw new CodedError(
                'models.task.mismatch',
                `${done.fileName}: its outputs are a detector's, not a ${task === 'classify' ? 'classifier' : 'embedding model'}'s`,
                { task },
              );
            if (task === 'classify' && labels && labels.length !== described.outputs)
              throw new CodedError(
                'models.labels.count',
                `${done.fileName}: the labels file names ${labels.length} classes but the classifier has ${described.outputs}`,
              );
            const d: DescribedModel = {
              task,
              inputWidth: described.inputWidth,
              inputHeight: described.inputHeight,
              outputs: described.outputs,
              normalisation: normalisation ?? (described.normalisation as Normalisation),
              ...(described.licence ? { licence: described.licence } : {}),
            };
            await installNonDetectorFile(
              done.file,
              modelsDir,
              id,
              d,
              {
                fileName: done.fileName,
                source: `imported from the UI (${done.fileName})`,
                importedBy: ctx.session?.username,
                ...(labels ? { labels } : {}),
              },
              { move: true, sha256: done.sha256 },
            );
            logger.info('model imported', {
              id,
              fileName: done.fileName,
              task,
              by: ctx.session?.username ?? 'local',
            });
            const model = listInstalledModels(modelsDir, cameras()).find((m) => m.id === id);
            if (!model)
              throw new CodedError('models.install_failed', `model "${id}" was not installed`);
            return { model, task, numClasses: described.outputs, dynamicBatch: false };
          }
        }
        const validated = await probe(
          { type: 'validate', file: done.file, displayName: done.fileName, labels },
          'validated',
          VALIDATE_TIMEOUT_MS,
        );
        await installModelFile(
          done.file,
          modelsDir,
          id,
          { spec: validated.spec, info: validated.info as OnnxModelInfo },
          {
            fileName: done.fileName,
            source: `imported from the UI (${done.fileName})`,
            importedBy: ctx.session?.username,
          },
          { move: true, sha256: done.sha256 },
        );
        logger.info('model imported', {
          id,
          fileName: done.fileName,
          layout: validated.spec.layout,
          by: ctx.session?.username ?? 'local',
        });
        const model = listInstalledModels(modelsDir, cameras()).find((m) => m.id === id);
        if (!model)
          throw new CodedError('models.install_failed', `model "${id}" was not installed`);
        return {
          model,
          task: 'detect' as const,
          numClasses: validated.spec.numClasses,
          dynamicBatch: validated.spec.dynamicBatch,
        };
      } catch (err) {
        logger.warn('model import refused', {
          fileName: done.fileName,
          code: (err as { code?: string }).code,
          error: err instanceof Error ? err.message : String(err),
        });
        throw err;
      } finally {
        reserved.delete(id);
        await rm(done.file, { force: true });
      }
    },

    'models.remove': ({ id }, ctx) => {
      const removed = removeInstalledModel(modelsDir, id, cameras());
      logger.info('model removed', { id, by: ctx.session?.username ?? 'local' });
      return { removed };
    },

    'models.tryOnFrame': async ({ modelId, cameraId, sample, scoreThreshold }) => {
      const started = performance.now();
      if (!existsSync(path.join(modelsDir, `${modelId}.onnx`)))
        throw new CodedError('models.not_installed', `no installed model "${modelId}"`, {
          id: modelId,
        });
      const model = resolveModel(modelId, modelsDir);
      let frameSource: 'camera' | 'demo' = 'demo';
      let fallbackReason: string | undefined;
      let jpeg: Uint8Array | undefined;
      if (cameraId && sample !== 'demo') {
        if (!c.cameras.get(cameraId))
          throw new CodedError('camera.not_found', `no camera "${cameraId}"`, { id: cameraId });
        const bytes = c.latestPreview(cameraId);
        if (bytes) {
          jpeg = bytes;
          frameSource = 'camera';
        } else fallbackReason = 'models.try.no_preview';
      }
      if (!jpeg) {
        try {
          jpeg = await demoFrameJpeg(c.ffmpegPath);
        } catch (err) {
          throw new CodedError('models.try.no_frame', (err as Error).message);
        }
      }
      const r = await probe(
        {
          type: 'try',
          modelPath: model.path,
          override: model.override,
          jpeg,
          ffmpegPath: c.ffmpegPath,
          inference: settings,
          scoreThreshold,
          iouThreshold: 0.45,
          maxDetections: 300,
        },
        'tried',
        TRY_TIMEOUT_MS,
      );
      return {
        modelId,
        frameSource,
        ...(fallbackReason ? { fallbackReason } : {}),
        ...(cameraId ? { cameraId } : {}),
        jpegBase64: Buffer.from(jpeg).toString('base64'),
        width: r.width,
        height: r.height,
        detections: r.detections,
        layout: r.layout,
        inputSize: { width: r.inputWidth, height: r.inputHeight },
        provider: r.provider,
        ...(r.providerNote ? { providerNote: r.providerNote } : {}),
        inferenceMs: Math.round(r.inferenceMs * 10) / 10,
        preprocessMs: Math.round(r.preprocessMs * 10) / 10,
        totalMs: Math.round(performance.now() - started),
      };
    },
  };
}
