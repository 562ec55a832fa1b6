import { describe, expect, it } from 'vitest';
import {
  automaticIntraOpThreads,
  classifyFailure,
  fallbackNote,
  planProviders,
  providerChain,
  type ProviderEnvironment,
} from '../../../../inference/worker/onnx/provider-plan';

/** What onnxruntime-node 1.30 lists on Linux x64: CUDA and TensorRT are an install-time download. */
const npmBuild = [
  { name: 'cpu', bundled: true },
  { name: 'webgpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];

const env = (p: Partial<ProviderEnvironment> = {}): ProviderEnvironment => ({
  backends: npmBuild,
  installedLibraries: new Set(),
  nvidiaDevice: false,
  ...p,
});

describe('provider chain', () => {
  it('auto tries every GPU in order, then the CPU', () => {
    expect(providerChain('auto')).toEqual(['cuda', 'tensorrt', 'webgpu', 'cpu']);
  });
  it('a named provider starts at itself and falls back down the order', () => {
    expect(providerChain('cuda')).toEqual(['cuda', 'tensorrt', 'webgpu', 'cpu']);
    expect(providerChain('tensorrt')).toEqual(['tensorrt', 'webgpu', 'cpu']);
    expect(providerChain('webgpu')).toEqual(['webgpu', 'cpu']);
    expect(providerChain('cpu')).toEqual(['cpu']);
  });
});

describe('planProviders', () => {
  it('skips CUDA and TensorRT without an attempt when their binaries were not downloaded', () => {
    const plan = planProviders('auto', env());
    expect(plan.candidates).toEqual(['webgpu', 'cpu']);
    expect(plan.skipped.map((s) => [s.provider, s.code])).toEqual([
      ['cuda', 'providers.reason.notInstalled'],
      ['tensorrt', 'providers.reason.notInstalled'],
    ]);
    expect(plan.skipped[0].detail).toMatch(/^CUDA provider not installed/);
  });

  it('skips them with "no CUDA device" when installed on a machine without an NVIDIA GPU', () => {
    const plan = planProviders(
      'cuda',
      env({ installedLibraries: new Set(['cuda', 'tensorrt']), nvidiaDevice: false }),
    );
    expect(plan.candidates).toEqual(['webgpu', 'cpu']);
    expect(plan.skipped.map((s) => s.detail)).toEqual(['no CUDA device', 'no CUDA device']);
  });

  it('tries them when installed and a device is present (or cannot be told)', () => {
    const installed = new Set(['cuda', 'tensorrt']);
    expect(
      planProviders('auto', env({ installedLibraries: installed, nvidiaDevice: true })).candidates,
    ).toEqual(['cuda', 'tensorrt', 'webgpu', 'cpu']);
    expect(
      planProviders('auto', env({ installedLibraries: installed, nvidiaDevice: undefined }))
        .candidates,
    ).toEqual(['cuda', 'tensorrt', 'webgpu', 'cpu']);
  });

  it('skips a provider the build does not list at all', () => {
    const plan = planProviders('auto', env({ backends: [{ name: 'cpu', bundled: true }] }));
    expect(plan.candidates).toEqual(['cpu']);
    expect(plan.skipped.map((s) => s.code)).toEqual([
      'providers.reason.notInBuild',
      'providers.reason.notInBuild',
      'providers.reason.notInBuild',
    ]);
  });

  it('always keeps the CPU, and cpu asks for nothing else', () => {
    expect(planProviders('cpu', env({ backends: [] }))).toEqual({
      candidates: ['cpu'],
      skipped: [],
    });
  });
});

describe('classifyFailure', () => {
  it('names missing libraries, a missing device, a missing adapter and a TensorRT build failure', () => {
    expect(
      classifyFailure(
        'cuda',
        'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
      ).code,
    ).toBe('providers.reason.libraries');
    expect(
      classifyFailure('cuda', 'CUDA failure 100: no CUDA-capable device is detected ; GPU=0')
        .detail,
    ).toMatch(/^no CUDA device/);
    expect(
      classifyFailure(
        'webgpu',
        'webgpu_context.cc:136 Initialize was false. Failed to get a WebGPU adapter: No supported adapters',
      ),
    ).toEqual({
      provider: 'webgpu',
      code: 'providers.reason.noAdapter',
      detail: 'no WebGPU adapter (Failed to get a WebGPU adapter: No supported adapters)',
    });
    const trt = classifyFailure('tensorrt', 'TensorRT EP failed to create engine from network.');
    expect(trt.code).toBe('providers.reason.trtBuild');
    expect(trt.detail).toBe(
      'TensorRT failed to build the engine: TensorRT EP failed to create engine from network.',
    );
  });

  it('keeps the note short and says what runs', () => {
    const long = classifyFailure('cuda', `x${'y'.repeat(500)}`);
    expect(long.detail.length).toBeLessThan(300);
    expect(fallbackNote([], 'cuda')).toBeUndefined();
    expect(fallbackNote(planProviders('auto', env()).skipped, 'cpu')).toBe(
      "cuda unavailable: CUDA provider not installed (onnxruntime-node's CUDA binaries were not downloaded); tensorrt unavailable: TensorRT provider not installed (onnxruntime-node's CUDA binaries were not downloaded); using cpu",
    );
  });
});

describe('automaticIntraOpThreads', () => {
  it('keeps a thread count the user chose', () => {
    expect(automaticIntraOpThreads(3, 'cpu', 2)).toBe(3);
    expect(automaticIntraOpThreads(4, 'cuda', 16)).toBe(4);
  });
  it('leaves one core to decoding on the CPU, never fewer than one thread', () => {
    expect(automaticIntraOpThreads(0, 'cpu', 2)).toBe(1);
    expect(automaticIntraOpThreads(undefined, 'cpu', 16)).toBe(15);
    expect(automaticIntraOpThreads(0, 'cpu', 1)).toBe(1);
  });
  it('lets ONNX Runtime choose for GPU providers', () => {
    expect(automaticIntraOpThreads(0, 'cuda', 16)).toBeUndefined();
    expect(automaticIntraOpThreads(0, 'tensorrt', 16)).toBeUndefined();
  });
});
