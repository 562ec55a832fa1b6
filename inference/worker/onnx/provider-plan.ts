import type { ProviderChoice } from '../../../electron/shared/protocol/worker-protocol';

/** Execution providers in fallback order: the GPUs first, the CPU always last. */
export const PROVIDER_ORDER = ['cuda', 'tensorrt', 'webgpu', 'cpu'] as const;
export type ProviderName = (typeof PROVIDER_ORDER)[number];

/** Why a provider was not used; each code is an i18n key. */
export type ProviderReasonCode =
  | 'providers.reason.notInBuild'
  | 'providers.reason.notInstalled'
  | 'providers.reason.noDevice'
  | 'providers.reason.libraries'
  | 'providers.reason.noAdapter'
  | 'providers.reason.trtBuild'
  | 'providers.reason.failed';

export interface ProviderSkip {
  provider: ProviderName;
  code: ProviderReasonCode;
  /** Short English sentence with the exact cause, for logs, `/healthz` and the tooltip. */
  detail: string;
}

/**
 * What this process can tell without trying a provider: the backends the onnxruntime-node build
 * lists, whether the CUDA provider libraries (an install-time download) are on disk, and whether
 * the machine has an NVIDIA device at all (undefined where that cannot be told cheaply).
 */
export interface ProviderEnvironment {
  /** From `ort.listSupportedBackends()`. */
  backends: readonly { name: string; bundled: boolean }[];
  /** The provider shared libraries found next to the binding (`cuda`, `tensorrt`). */
  installedLibraries: ReadonlySet<string>;
  nvidiaDevice: boolean | undefined;
}

const LABEL: Record<ProviderName, string> = {
  cuda: 'CUDA',
  tensorrt: 'TensorRT',
  webgpu: 'WebGPU',
  cpu: 'CPU',
};

export function providerLabel(p: ProviderName): string {
  return LABEL[p];
}

/** The providers to try, in order, for a choice: `auto` starts at the top, a named one at itself. */
export function providerChain(choice: ProviderChoice): ProviderName[] {
  const start = choice === 'auto' ? 0 : PROVIDER_ORDER.indexOf(choice);
  return PROVIDER_ORDER.slice(Math.max(0, start));
}

/**
 * Splits the chain into providers worth trying and providers skipped without an attempt, each
 * with its reason. The CPU is always tried.
 */
export function planProviders(
  choice: ProviderChoice,
  env: ProviderEnvironment,
): { candidates: ProviderName[]; skipped: ProviderSkip[] } {
  const candidates: ProviderName[] = [];
  const skipped: ProviderSkip[] = [];
  for (const provider of providerChain(choice)) {
    const skip = provider === 'cpu' ? undefined : skipReason(provider, env);
    if (skip) skipped.push(skip);
    else candidates.push(provider);
  }
  return { candidates, skipped };
}

function skipReason(provider: ProviderName, env: ProviderEnvironment): ProviderSkip | undefined {
  const label = LABEL[provider];
  const backend = env.backends.find((b) => b.name === provider);
  if (!backend)
    return {
      provider,
      code: 'providers.reason.notInBuild',
      detail: `${label} is not part of this onnxruntime-node build`,
    };
  if (provider === 'cuda' || provider === 'tensorrt') {
    if (!backend.bundled && !env.installedLibraries.has(provider))
      return {
        provider,
        code: 'providers.reason.notInstalled',
        detail: `${label} provider not installed (onnxruntime-node's CUDA binaries were not downloaded)`,
      };
    if (env.nvidiaDevice === false)
      return { provider, code: 'providers.reason.noDevice', detail: 'no CUDA device' };
  }
  return undefined;
}

/** Turns a provider's start failure (ORT's message) into a reason. */
export function classifyFailure(provider: ProviderName, message: string): ProviderSkip {
  const label = LABEL[provider];
  const short = shortMessage(message);
  if (
    /no CUDA-capable device|cudaErrorNoDevice|CUDA driver version is insufficient|error 100\b/i.test(
      message,
    )
  )
    return { provider, code: 'providers.reason.noDevice', detail: `no CUDA device (${short})` };
  if (
    /Failed to load shared library|cannot open shared object|LoadLibrary failed|error code 126/i.test(
      message,
    )
  )
    return {
      provider,
      code: 'providers.reason.libraries',
      detail: `${label} provider could not load its libraries (CUDA/cuDNN/TensorRT): ${short}`,
    };
  if (provider === 'webgpu' && /adapter/i.test(message))
    return { provider, code: 'providers.reason.noAdapter', detail: `no WebGPU adapter (${short})` };
  if (provider === 'tensorrt')
    return {
      provider,
      code: 'providers.reason.trtBuild',
      detail: `TensorRT failed to build the engine: ${short}`,
    };
  return {
    provider,
    code: 'providers.reason.failed',
    detail: `${label} failed to start: ${short}`,
  };
}

/** `cuda unavailable: <why>; … ; using cpu`: the provider note shown with the camera status. */
export function fallbackNote(
  skips: readonly ProviderSkip[],
  used: ProviderName,
): string | undefined {
  if (!skips.length) return undefined;
  return `${skips.map((s) => `${s.provider} unavailable: ${s.detail}`).join('; ')}; using ${used}`;
}

/** ORT messages carry source paths and lambdas; the last clause says what happened. */
export function shortMessage(message: string): string {
  const line = message.split('\n')[0];
  const tail = line.split(/ \[ONNXRuntimeError\] : \d+ : \w+ : |was false\. /).pop() ?? line;
  return tail.length > 240 ? `${tail.slice(0, 240)}…` : tail;
}

/**
 * Intra-op threads for a session whose setting is 0 (automatic). On the CPU, ONNX Runtime's own
 * default takes every core, and its spinning threads then compete with what a live camera needs
 * beside inference (ffmpeg decoding, frame conversion, decoding and tracking): measured on a
 * 2-core machine, the pipeline reached 0.90 of a bare `session.run` that way and 0.99 with one
 * core left free, and delivered more frames (21.6 against 15.7 fps). So automatic leaves one core
 * to the rest of the pipeline. GPU providers keep ORT's default: their CPU threads mostly wait.
 * Returns undefined where ORT should choose.
 */
export function automaticIntraOpThreads(
  requested: number | undefined,
  provider: ProviderName,
  cores: number,
): number | undefined {
  if (requested && requested > 0) return requested;
  if (provider !== 'cpu') return undefined;
  return Math.max(1, Math.floor(cores) - 1);
}
