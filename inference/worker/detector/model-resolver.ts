import { CodedError } from '../../../electron/shared/coded-error';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LAYOUTS } from '../../../electron/shared/domain/model-layout';
import type { LayoutOverride } from '../../vision/detect/layout';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import { ModelEngine } from './model-engine';

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
  return {
    path: file,
    override: isPath ? {} : readOverride(path.join(modelsDir, `${modelId}.json`)),
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
    return o;
  } catch {
    return {};
  }
}

/**
 * Sessions shared by the cameras of one worker: one per model file, opened once (with provider
 * fallback and warm-up) however many cameras ask, closed when the last camera lets go.
 */
export class EngineCache {
  private readonly engines = new Map<string, { promise: Promise<ModelEngine>; users: number }>();

  constructor(
    private readonly modelsDir: string,
    private readonly settings: InferenceSettings,
    private readonly maxBatch = 8,
  ) {}

  /**
   * `inputSize` (the camera's analysis size) applies only to models with symbolic input dims and
   * no imgsz metadata, and only for the camera that opens the engine: cameras sharing a session
   * share its input size.
   */
  async acquire(
    modelId: string,
    inputSize?: { width: number; height: number },
  ): Promise<ModelEngine> {
    const model = resolveModel(modelId, this.modelsDir);
    let entry = this.engines.get(model.path);
    if (!entry) {
      entry = {
        promise: ModelEngine.open(
          model.path,
          this.settings,
          model.override,
          this.maxBatch,
          inputSize,
        ),
        users: 0,
      };
      this.engines.set(model.path, entry);
      // A model that failed to open is retried by the next camera that asks, not cached as broken.
      entry.promise.catch(() => this.engines.delete(model.path));
    }
    entry.users++;
    return entry.promise;
  }

  release(engine: ModelEngine): void {
    const entry = this.engines.get(engine.modelPath);
    if (!entry || --entry.users > 0) return;
    this.engines.delete(engine.modelPath);
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
