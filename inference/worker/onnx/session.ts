import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { CodedError } from '../../../electron/shared/coded-error';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import {
  automaticIntraOpThreads,
  classifyFailure,
  fallbackNote,
  planProviders,
  shortMessage,
  type ProviderEnvironment,
  type ProviderName,
  type ProviderReasonCode,
  type ProviderSkip,
} from './provider-plan';

export { PROVIDER_ORDER, type ProviderName } from './provider-plan';

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
  /** Intra-op threads the session was opened with; undefined when ONNX Runtime chose. */
  intraOpThreads?: number;
  /** Why providers above the chosen one were skipped; undefined when the preferred one started. */
  providerNote?: string;
  /** The main reason (first skip) as an i18n key; undefined when nothing was skipped. */
  providerReasonCode?: ProviderReasonCode;
  skipped: ProviderSkip[];
}

export interface OpenSessionOptions {
  /** `<dataDir>/trt-cache`: where TensorRT keeps its built engines. */
  trtCacheDir?: string;
  /** Called before a provider is tried; TensorRT's first build can take minutes. */
  onAttempt?(provider: ProviderName): void;
}

/**
 * Opens an ONNX Runtime session on the preferred execution provider (`auto`: the GPUs in order),
 * falling back down cuda → tensorrt → webgpu → cpu. Providers this build cannot have (not listed by
 * onnxruntime-node, CUDA binaries not downloaded, no NVIDIA device) are skipped without an attempt;
 * a provider that failed to start is remembered for the rest of the process. Each provider is tried
 * alone so ORT's silent CPU fallback cannot hide a failure.
 */
export async function openSession(
  modelPath: string,
  settings: InferenceSettings,
  opts: OpenSessionOptions = {},
): Promise<OpenedSession> {
  // ORT's process-wide logger prints every failed provider probe as an error on stderr; the reason
  // is reported in the camera status instead (providerNote), and load/run failures are thrown.
  ort.env.logLevel = 'fatal';
  const plan = planProviders(settings.provider, providerEnvironment());
  const skipped = [...plan.skipped];
  for (const provider of plan.candidates) {
    const known = failedProviders.get(failureKey(provider, settings.deviceId ?? 0, modelPath));
    if (known) {
      skipped.push(known);
      continue;
    }
    opts.onAttempt?.(provider);
    const intraOpThreads = automaticIntraOpThreads(
      settings.intraOpThreads,
      provider,
      os.availableParallelism(),
    );
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [executionProvider(provider, settings, opts)],
        // Undefined lets ORT pick; the binding rejects undefined, so the keys are only set when chosen.
        ...(intraOpThreads ? { intraOpNumThreads: intraOpThreads } : {}),
        ...(settings.interOpThreads ? { interOpNumThreads: settings.interOpThreads } : {}),
        graphOptimizationLevel: 'all',
        // Provider probing logs ORT errors we already report; keep stderr for real failures.
        logSeverityLevel: 4,
      });
      skipped.sort(byChainOrder);
      return {
        session,
        provider,
        intraOpThreads,
        providerNote: fallbackNote(skipped, provider),
        providerReasonCode: skipped[0]?.code,
        skipped,
      };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (provider === 'cpu') {
        throw new CodedError(
          'inference.session.failed',
          `ONNX Runtime could not load the model: ${shortMessage(msg)}${skipped.length ? ` (also: ${skipped.map((s) => s.detail).join('; ')})` : ''}`,
        );
      }
      const skip = classifyFailure(provider, msg);
      failedProviders.set(failureKey(provider, settings.deviceId ?? 0, modelPath, skip), skip);
      skipped.push(skip);
    }
  }
  throw new CodedError('inference.session.failed', 'no execution provider');
}

const ORDER: readonly ProviderName[] = ['cuda', 'tensorrt', 'webgpu', 'cpu'];
const byChainOrder = (a: ProviderSkip, b: ProviderSkip): number =>
  ORDER.indexOf(a.provider) - ORDER.indexOf(b.provider);

/** Provider start failures of this process: a provider that cannot start is not tried again. */
const failedProviders = new Map<string, ProviderSkip>();

/**
 * A TensorRT engine build failure belongs to the model (another model may build); every other
 * failure (libraries, device, adapter) belongs to the provider on that device.
 */
function failureKey(
  provider: ProviderName,
  deviceId: number,
  modelPath: string,
  skip?: ProviderSkip,
): string {
  const perModel = provider === 'tensorrt' && (!skip || skip.code === 'providers.reason.trtBuild');
  return perModel ? `${provider}:${deviceId}:${modelPath}` : `${provider}:${deviceId}`;
}

/**
 * The remembered failures, to hand to a session thread (each thread has its own module state) so
 * a provider that failed once is not tried again there, and to take back what it learnt.
 */
export function knownProviderFailures(): Array<[string, ProviderSkip]> {
  return [...failedProviders];
}

export function rememberProviderFailures(entries: Iterable<[string, ProviderSkip]>): void {
  for (const [key, skip] of entries) failedProviders.set(key, skip);
}

/** Forget remembered failures (tests; a provider installed while running needs a restart anyway). */
export function resetProviderCache(): void {
  failedProviders.clear();
  cachedEnvironment = undefined;
}

function executionProvider(
  provider: ProviderName,
  settings: InferenceSettings,
  opts: OpenSessionOptions,
): ort.InferenceSession.ExecutionProviderConfig {
  if (provider === 'cuda') return { name: 'cuda', deviceId: settings.deviceId ?? 0 };
  if (provider === 'tensorrt') {
    const fp16 = applyTensorRtEnvironment(opts.trtCacheDir);
    // The provider option names, for a binding that forwards them.
    return {
      name: 'tensorrt',
      deviceId: settings.deviceId ?? 0,
      ...(opts.trtCacheDir
        ? { trt_engine_cache_enable: true, trt_engine_cache_path: opts.trtCacheDir }
        : {}),
      ...(fp16 ? { trt_fp16_enable: true } : {}),
    } as ort.InferenceSession.ExecutionProviderConfig;
  }
  return provider;
}

/**
 * onnxruntime-node 1.30 forwards only `deviceId` to the TensorRT provider (its binding builds
 * OrtTensorRTProviderOptionsV2 with device_id alone), so the cache and fp16 are also given as the
 * provider's documented environment variables. A worker thread's `process.env` is a copy that
 * never reaches the real environment the provider reads, so whoever starts a session thread calls
 * this on the process's main thread first. Returns whether fp16 is asked for.
 */
export function applyTensorRtEnvironment(trtCacheDir: string | undefined): boolean {
  const fp16 = process.env.WATCHER_TRT_FP16 !== '0';
  if (trtCacheDir) {
    mkdirSync(trtCacheDir, { recursive: true });
    process.env.ORT_TENSORRT_ENGINE_CACHE_ENABLE ??= '1';
    process.env.ORT_TENSORRT_CACHE_PATH ??= trtCacheDir;
  }
  if (fp16) process.env.ORT_TENSORRT_FP16_ENABLE ??= '1';
  return fp16;
}

let cachedEnvironment: ProviderEnvironment | undefined;

/** What onnxruntime-node and the machine offer, looked up once per process. */
export function providerEnvironment(): ProviderEnvironment {
  cachedEnvironment ??= {
    backends: listBackends(),
    installedLibraries: installedProviderLibraries(),
    nvidiaDevice: nvidiaDevicePresent(),
  };
  return cachedEnvironment;
}

function listBackends(): { name: string; bundled: boolean }[] {
  try {
    return ort.listSupportedBackends();
  } catch {
    // An older binding without the list: assume everything, the attempt tells.
    return ['cuda', 'tensorrt', 'webgpu', 'cpu'].map((name) => ({ name, bundled: true }));
  }
}

// Named apart from `require`: the ESM bundle injects its own `require` shim.
const requireCjs = createRequire(import.meta.url);

/** The folder holding onnxruntime-node's binding (and the downloaded provider libraries). */
export function bindingDir(): string | undefined {
  try {
    const pkg = requireCjs.resolve('onnxruntime-node/package.json');
    return path.join(path.dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

function installedProviderLibraries(): Set<string> {
  const dir = bindingDir();
  const found = new Set<string>();
  if (!dir) return found;
  const file = (name: string): string =>
    process.platform === 'win32'
      ? `onnxruntime_providers_${name}.dll`
      : process.platform === 'darwin'
        ? `libonnxruntime_providers_${name}.dylib`
        : `libonnxruntime_providers_${name}.so`;
  for (const name of ['cuda', 'tensorrt'])
    if (existsSync(path.join(dir, file(name)))) found.add(name);
  return found;
}

/** Linux: the NVIDIA driver's device nodes; elsewhere undefined (the attempt tells). */
function nvidiaDevicePresent(): boolean | undefined {
  if (process.env.WATCHER_ASSUME_NVIDIA === '1') return true;
  if (process.platform !== 'linux') return undefined;
  return existsSync('/dev/nvidiactl') || existsSync('/proc/driver/nvidia/version');
}
