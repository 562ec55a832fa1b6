import { CodedError } from '../../../electron/shared/coded-error';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LAYOUTS } from '../../../electron/shared/domain/model-layout';
import { normalisationSchema } from '../../../electron/shared/domain/model-registry';
import type { LayoutOverride } from '../../vision/detect/layout';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import { ModelEngine } from './model-engine';
import type { CameraInferenceOverride } from '../../../electron/shared/config/camera';
import type { ProviderName } from '../onnx/provider-plan';

export interface ResolvedModel {
  path: string;
  override: LayoutOverride;
}

/**
 * A camera's `detector.modelId` → file: a path (absolute, or containing a slash, or ending in
 * .onnx) is used as is; an id is `<modelsDir>/<id>.onnx`, with the catalog entry saved beside it as
 * `<id>.json` (written by `watcher models fetch|import`) supplying layout overrides.
 */
export function resolveModel(modelId: string, modelsDir: string): ResolvedModel {
  const isPath =
    path.isAbsolute(modelId) || modelId.includes('/') || modelId.toLowerCase().endsWith('.onnx');
  const file = isPath ? path.resolve(modelId) : path.join(modelsDir, `${modelId}.onnx`);
  if (!existsSync(file)) {
    throw new CodedError(
      'inference.model.not_found',
      isPath
        ? `model file not found: ${file}`
        : `model "${modelId}" is not installed (expected ${file}); run \`watcher models fetch ${modelId}\` or import it`,
    );
  }
  // A model registry version (`<sha256>.onnx`) carries its metadata in `<sha256>.json` beside it.
  const registryFile = isPath && /^[0-9a-f]{64}\.onnx$/.test(path.basename(file));
  return {
    path: file,
    override: registryFile
      ? readOverride(file.replace(/\.onnx$/, '.json'))
      : isPath
        ? {}
        : readOverride(path.join(modelsDir, `${modelId}.json`)),
  };
}

function readOverride(file: string): LayoutOverride {
  if (!existsSync(file)) return {};
  try {
    const e = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const o: LayoutOverride = {};
    if (typeof e.layout === 'string' && (LAYOUTS as readonly string[]).includes(e.layout))
      o.layout = e.layout as LayoutOverride['layout'];
    if (Array.isArray(e.labels) && e.labels.every((l) => typeof l === 'string'))
      o.labels = e.labels as string[];
    const size = e.inputSize as { width?: unknown; height?: unknown } | undefined;
    if (typeof size?.width === 'number') o.inputWidth = size.width;
    if (typeof size?.height === 'number') o.inputHeight = size.height;
    if (Array.isArray(e.strides))
      o.strides = (e.strides as unknown[]).filter((s): s is number => typeof s === 'number');
    if (typeof e.logits === 'boolean') o.logits = e.logits;
    const norm = normalisationSchema.safeParse(e.normalisation);
    if (norm.success) o.normalisation = norm.data;
    return o;
  } catch {
    return {};
  }
}

/**
 * Sessions shared by the cameras of one worker: one per model file, opened once (with provider
 * fallback and warm-up) however many cameras ask, closed when the last camera lets go.
 */
/** How the camera asking for an engine is told what the engine's session is doing. */
export interface EngineAcquireOptions {
  /** The camera's own provider override (`camera.inference`), on top of the worker's settings. */
  override?: CameraInferenceOverride;
  /** Called when the session tries a provider (TensorRT: the engine build has started). */
  onAttempt?(provider: ProviderName): void;
}

interface EngineEntry {
  promise: Promise<ModelEngine>;
  users: number;
  attempting?: ProviderName;
  listeners: Set<(p: ProviderName) => void>;
}

export class EngineCache {
  private readonly engines = new Map<string, EngineEntry>();
  private readonly keys = new WeakMap<ModelEngine, string>();

  constructor(
    private readonly modelsDir: string,
    private readonly settings: InferenceSettings,
    private readonly maxBatch = 8,
    /** `<dataDir>/trt-cache` for TensorRT engines; unset: TensorRT rebuilds each start. */
    private readonly trtCacheDir?: string,
    /** Each session on a thread of its own (see ModelEngine); `WATCHER_SESSION_THREAD=0` turns it off. */
    private readonly sessionThread = process.env.WATCHER_SESSION_THREAD !== '0',
  ) {}

  /** The settings a camera runs with: the worker's, with the camera's override on top. */
  settingsFor(override?: CameraInferenceOverride): InferenceSettings {
    return {
      ...this.settings,
      ...(override?.provider ? { provider: override.provider } : {}),
      ...(override?.deviceId !== undefined ? { deviceId: override.deviceId } : {}),
    };
  }

  /**
   * `inputSize` (the camera's analysis size) applies only to models with symbolic input dims and
   * no imgsz metadata, and only for the camera that opens the engine: cameras sharing a session
   * share its input size. Cameras with different provider settings get sessions of their own.
   */
  async acquire(
    modelId: string,
    inputSize?: { width: number; height: number },
    opts: EngineAcquireOptions = {},
  ): Promise<ModelEngine> {
    const model = resolveModel(modelId, this.modelsDir);
    const settings = this.settingsFor(opts.override);
    const key = `${model.path}\u0000${settings.provider}:${settings.deviceId ?? 0}`;
    let entry = this.engines.get(key);
    if (!entry) {
      const created: EngineEntry = {
        promise: undefined as unknown as Promise<ModelEngine>,
        users: 0,
        listeners: new Set(),
      };
      created.promise = ModelEngine.open(
        model.path,
        settings,
        model.override,
        this.maxBatch,
        inputSize,
        {
          trtCacheDir: this.trtCacheDir,
          sessionThread: this.sessionThread,
          onAttempt: (p) => {
            created.attempting = p;
            for (const l of created.listeners) l(p);
          },
        },
      );
      entry = created;
      this.engines.set(key, entry);
      // A model that failed to open is retried by the next camera that asks, not cached as broken.
      entry.promise.then(
        (engine) => this.keys.set(engine, key),
        () => this.engines.delete(key),
      );
    }
    entry.users++;
    const listener = opts.onAttempt;
    if (listener) {
      if (entry.attempting) listener(entry.attempting);
      entry.listeners.add(listener);
    }
    try {
      return await entry.promise;
    } finally {
      if (listener) entry.listeners.delete(listener);
    }
  }

  release(engine: ModelEngine): void {
    const key = this.keys.get(engine);
    const entry = key === undefined ? undefined : this.engines.get(key);
    if (!entry || --entry.users > 0) return;
    this.engines.delete(key!);
    void engine.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(
      all.map((e) =>
        e.promise.then(
          (m) => m.close(),
          () => undefined,
        ),
      ),
    );
  }
}
