import { describe, expect, it } from 'vitest';
import { cameraConfigSchema, cameraStatusSchema } from '../../../../electron/shared/config/camera';
import {
  hostToWorkerSchema,
  inferenceSettingsSchema,
} from '../../../../electron/shared/protocol/worker-protocol';

const oldCamera = {
  id: 'cam-1',
  name: 'Puerta',
  source: { kind: 'rtsp', url: 'rtsp://10.0.0.5/stream' },
};

describe('camera inference override', () => {
  it('old configs (no inference field) still parse and follow the host', () => {
    const c = cameraConfigSchema.parse(oldCamera);
    expect(c.inference).toBeUndefined();
  });

  it('accepts a provider and device override and rejects unknown providers', () => {
    expect(
      cameraConfigSchema.parse({ ...oldCamera, inference: { provider: 'tensorrt', deviceId: 1 } })
        .inference,
    ).toEqual({ provider: 'tensorrt', deviceId: 1 });
    expect(cameraConfigSchema.parse({ ...oldCamera, inference: {} }).inference).toEqual({});
    expect(
      cameraConfigSchema.safeParse({ ...oldCamera, inference: { provider: 'gpu' } }).success,
    ).toBe(false);
  });
});

describe('inference settings schema', () => {
  it('defaults to auto; an old init message with cpu and no device still parses', () => {
    expect(inferenceSettingsSchema.parse({}).provider).toBe('auto');
    const init = hostToWorkerSchema.parse({
      type: 'init',
      workerId: 'w1',
      dataDir: '/tmp/x',
      ffmpegPath: 'ffmpeg',
      modelsDir: '/tmp/x/models',
      inference: { provider: 'cpu', intraOpThreads: 1, interOpThreads: 1 },
    });
    expect(init.type === 'init' && init.inference.provider).toBe('cpu');
  });

  it('a camera status carries what was asked for, the reason and the TensorRT phase', () => {
    const s = cameraStatusSchema.parse({
      cameraId: 'cam-1',
      state: 'connecting',
      provider: 'tensorrt',
      providerRequested: 'tensorrt',
      phase: 'building-trt-engine',
    });
    expect(s.phase).toBe('building-trt-engine');
    expect(
      cameraStatusSchema.parse({
        cameraId: 'cam-1',
        state: 'streaming',
        provider: 'cpu',
        providerRequested: 'auto',
        providerReasonCode: 'providers.reason.notInstalled',
      }).providerReasonCode,
    ).toBe('providers.reason.notInstalled');
  });
});
