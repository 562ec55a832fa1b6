import { describe, expect, it } from 'vitest';
import { fixtures } from '../../../helpers/fixtures';
import {
  openSession,
  providerEnvironment,
  resetProviderCache,
} from '../../../../inference/worker/onnx/session';
import { EngineCache } from '../../../../inference/worker/detector/model-resolver';
import path from 'node:path';

/**
 * The real onnxruntime-node on a machine without its CUDA binaries (CI): `auto` and `cuda` open
 * on the CPU with the reason, skipping CUDA and TensorRT without an attempt; the outcome of a
 * failed attempt is remembered for the process.
 */
const model = fixtures.yolov8n();

describe.skipIf(!model)('session provider fallback (CPU-only machine)', () => {
  const env = providerEnvironment();
  const hasCudaBinaries = env.installedLibraries.has('cuda');

  it('lists what the onnxruntime-node build ships', () => {
    expect(env.backends.map((b) => b.name)).toContain('cpu');
  });

  it.skipIf(hasCudaBinaries)(
    'auto skips CUDA and TensorRT without trying them and runs on cpu',
    async () => {
      resetProviderCache();
      const attempts: string[] = [];
      const opened = await openSession(
        model!,
        { provider: 'auto', intraOpThreads: 1, interOpThreads: 0 },
        { onAttempt: (p) => attempts.push(p) },
      );
      try {
        expect(attempts).not.toContain('cuda');
        expect(attempts).not.toContain('tensorrt');
        expect(opened.provider).toBe('cpu');
        expect(opened.providerReasonCode).toBe('providers.reason.notInstalled');
        expect(opened.providerNote).toMatch(
          /^cuda unavailable: CUDA provider not installed .*; using cpu$/,
        );
        // WebGPU is tried (it is bundled) and fails here for want of an adapter.
        expect(opened.skipped.map((s) => s.provider)).toEqual(['cuda', 'tensorrt', 'webgpu']);
        expect(attempts).toEqual(['webgpu', 'cpu']);
      } finally {
        await opened.session.release();
      }
      // A second session does not try again what already failed in this process.
      const again: string[] = [];
      const second = await openSession(
        model!,
        { provider: 'auto', intraOpThreads: 1, interOpThreads: 0 },
        { onAttempt: (p) => again.push(p) },
      );
      await second.session.release();
      expect(again).toEqual(['cpu']);
      expect(second.providerNote).toBe(opened.providerNote);
    },
  );

  it('cpu asked for runs on cpu with no note', async () => {
    const opened = await openSession(model!, {
      provider: 'cpu',
      intraOpThreads: 1,
      interOpThreads: 0,
    });
    await opened.session.release();
    expect(opened.provider).toBe('cpu');
    expect(opened.providerNote).toBeUndefined();
  });

  it('a camera override gets its own engine; the same settings share one', async () => {
    const cache = new EngineCache(path.dirname(model!), {
      provider: 'auto',
      intraOpThreads: 1,
      interOpThreads: 0,
    });
    try {
      const a = await cache.acquire(model!);
      const b = await cache.acquire(model!, undefined, { override: {} });
      const c = await cache.acquire(model!, undefined, { override: { provider: 'cpu' } });
      expect(b).toBe(a);
      expect(c).not.toBe(a);
      expect(a.providerRequested).toBe('auto');
      expect(c.providerRequested).toBe('cpu');
      expect(c.providerReasonCode).toBeUndefined();
      cache.release(a);
      cache.release(b);
      cache.release(c);
    } finally {
      await cache.closeAll();
    }
  });
});
